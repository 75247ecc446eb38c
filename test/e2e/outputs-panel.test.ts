import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startFakeTeams, type FakeTeams } from '../support/fakes/fake-teams';
import { startFakeWebhook, type FakeWebhook } from '../support/fakes/fake-webhook';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const HOOK_SECRET = 'e2e-hook-secret-5Jq8';
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let hook: FakeWebhook;
let teams: FakeTeams;

beforeAll(async () => {
  hook = await startFakeWebhook(HOOK_SECRET);
  teams = await startFakeTeams();
  server = await startServerProcess({ STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-e2e-outputs-')), CLOCK_SPEED: '5', CONNECTORS_ALLOW_PRIVATE_NETWORK: '1' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await hook?.close();
  await teams?.close();
});

describe('the Outputs panel of the presenter console', () => {
  it('adds a webhook that receives the captions and a Teams output that shows Teams refusing it, never showing a secret', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.getByRole('radio', { name: /press conference of Kerry, Lavrov and de Mistura/u }).check();
    await page.getByRole('button', { name: 'Start the room' }).click();
    await page.waitForURL(/\/present\/[A-Z2-9]{4,8}$/u);
    await expect.poll(() => page.getByTestId('presenter-connection').textContent(), { timeout: 10_000 }).toBe('Connected');

    const panel = page.getByRole('region', { name: 'Outputs' });
    await panel.getByLabel('Platform').selectOption('webhook');
    await panel.getByLabel('Language').selectOption('fr');
    await panel.getByLabel('Receiver URL').fill(hook.url);
    await panel.getByLabel(/Signing secret/u).fill(HOOK_SECRET);
    await panel.getByRole('button', { name: 'Add output' }).click();
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(new Set(hook.received.map((r) => r.lang))).toEqual(new Set(['fr']));
    await expect.poll(() => panel.getByTestId('output-state').first().textContent(), { timeout: 10_000 }).toBe('sending');
    await expect.poll(async () => Number(/last seq (\d+)/u.exec((await panel.textContent()) ?? '')?.[1] ?? 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    // A Teams link whose token was regenerated: the output says what Teams answered.
    await panel.getByLabel('Platform').selectOption('teams');
    await panel.getByLabel('Language').selectOption('en');
    await panel.getByLabel('CART caption link').fill(teams.cartUrl.replace(/token=[^&]+/u, 'token=regenerated'));
    await panel.getByRole('button', { name: 'Add output' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('401 token expired or invalid');
    expect(await panel.getByTestId('output-state').allTextContents()).toContain('failing');

    // A bad field is named.
    await panel.getByLabel('Platform').selectOption('obs');
    await panel.getByLabel(/WebSocket address/u).fill('http://127.0.0.1:4455');
    await panel.getByRole('button', { name: 'Add output' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('url:');

    const html = await page.content();
    expect(html).not.toContain(HOOK_SECRET);
    expect(html).not.toContain('token=regenerated');
    const violations = (await new AxeBuilder({ page }).include('[aria-labelledby="outputs-heading"]').analyze()).violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(violations.map((v) => v.id)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
