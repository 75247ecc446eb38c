import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const SECRET = 'e2e-not-saving-default-room-secret';
/** Where the state directory's parent should be: a regular file for now, so nothing can be saved (ENOTDIR, even as root). */
const parent = mkdtempSync(path.join(tmpdir(), 'boothcast-e2e-not-saving-'));
const blocker = path.join(parent, 'state-parent');

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  writeFileSync(blocker, '');
  server = await startServerProcess({ STATE_DIR: path.join(blocker, 'state'), DEFAULT_ROOM_SECRET: SECRET });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function presentPress(locale: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  await page.goto(`${server.url}/present/PRESS`);
  await page.getByTestId('secret-form').locator('input[name="secret"]').fill(SECRET);
  await page.getByTestId('secret-form').getByRole('button').click();
  return page;
}

describe('a server that cannot save, seen from the presenter console', () => {
  it('refuses new rooms; the console says changes are not being saved, in English and Russian, until saving resumes', async () => {
    const refused = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ transcriptId: 'vienna-2015-11-14' }),
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: 'unavailable' });

    const english = await presentPress('en-US');
    await expect.poll(() => english.getByTestId('not-saving').textContent(), { timeout: 15_000 }).toMatch(/^Changes are not being saved/u);
    const russian = await presentPress('ru-RU');
    await expect.poll(() => russian.getByTestId('not-saving').textContent(), { timeout: 15_000 }).toMatch(/^Изменения не сохраняются/u);

    // The disk is back: the server's next try succeeds and every console drops the warning.
    rmSync(blocker);
    mkdirSync(blocker);
    await expect.poll(() => english.getByTestId('not-saving').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => russian.getByTestId('not-saving').count(), { timeout: 15_000 }).toBe(0);
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ ok: true, state: 'writable' });
  });
});
