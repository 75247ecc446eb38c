import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startServerProcess, type ServerProcess } from '../support/server-process';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('viewer in a real browser against the production build', () => {
  it('opens /, follows the link to the viewer and sees captions roll, each turn labelled with its speaker', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.getByRole('link', { name: /press conference of Kerry, Lavrov and de Mistura/u }).click();
    await page.waitForURL(/\/watch\/PRESS$/u);

    const englishLane = page.getByTestId('lane-en');
    const label = englishLane.getByTestId('speaker-label').first();
    await expect.poll(() => label.textContent(), { timeout: 20_000 }).toMatch(/Secretary Kerry:/u);
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('Live');

    // Words keep arriving: the text in the English lane grows as the replay runs.
    const before = (await englishLane.textContent()) ?? '';
    await expect.poll(async () => ((await englishLane.textContent()) ?? '').length, { timeout: 10_000 }).toBeGreaterThan(before.length);
    expect(await englishLane.getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('lane-ru').getAttribute('lang')).toBe('ru');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('server-renders the captions on screen now, so the first paint already shows text', async () => {
    const response = await fetch(`${server.url}/watch/PRESS`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(/data-testid="speaker-label"/u);
  });

  it('answers an unknown room with a 404 page', async () => {
    const response = await fetch(`${server.url}/watch/ZZZZZ`);
    expect(response.status).toBe(404);
  });
});
