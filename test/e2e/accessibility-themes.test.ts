import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { THEMES } from '../../app/lib/viewer-settings';
import { serverAndBrowserForFile } from '../support/e2e-server';

/** The presenter secret of the default room, so the console is seen connected, as a teacher sees it. */
const SECRET = 'axe-themes-secret-0123456789';
const e2e = serverAndBrowserForFile({ DEFAULT_ROOM_SECRET: SECRET });

/** A phone, a laptop, a 1080p projector. */
const SIZES = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Opens `url` once (at the first size), makes it ready, then checks it at every size: the page is
 * resized rather than reloaded, as a phone turned or a window dragged to a projector would be.
 * One axe run takes tens of seconds on a busy machine, hence the long per-test timeout below.
 */
async function check(url: string, prepare: (page: Page) => Promise<void>): Promise<string[]> {
  const context = await e2e.browser().newContext({ viewport: SIZES[0], locale: 'en-US' });
  await context.addInitScript((secret) => sessionStorage.setItem('boothcast:presenter:PRESS', secret), SECRET);
  const page = await context.newPage();
  try {
    await page.goto(`${e2e.server().url}${url}`);
    await prepare(page);
    const found: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      found.push(...(await seriousViolations(page)).map((v) => `${url} at ${size.width}×${size.height}: ${v}`));
    }
    return found;
  } finally {
    await context.close();
  }
}

const AXE_TIMEOUT_MS = 600_000;

/** The viewer with its settings panel open, so the panel's controls in this theme are checked too. */
async function viewerWithSettings(page: Page) {
  await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toBe('Live');
  await page.getByRole('button', { name: 'Display settings' }).click();
  await page.getByTestId('settings-panel').waitFor();
}

/**
 * The stage view in this theme, with captions on screen. Its Leave/Full screen bar fades out after
 * 2 s of stillness, which can fall in the middle of an axe run and be measured half transparent:
 * with reduced motion (a setting the stage view honours) the bar is either shown in full or hidden,
 * and a pointer move shows it for the first check.
 */
const stage = (theme: string) => async (page: Page) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.locator(`[data-theme="${theme}"]`).first().waitFor();
  await page.mouse.move(10, 10);
  await expect.poll(async () => (await page.getByTestId('lane-en').textContent()) ?? '', { timeout: 20_000 }).not.toBe('');
};

describe('every theme passes axe (no serious or critical violation) at a phone, a laptop and a projector size', () => {
  // The viewer's four themes apply to the viewer and its stage view; the console and the transcript
  // page have one look (dark), checked at each size below.
  for (const theme of THEMES) {
    it(`the viewer, settings open, in the ${theme} theme`, async () => {
      expect(await check(`/watch/PRESS?theme=${theme}`, viewerWithSettings)).toEqual([]);
    }, AXE_TIMEOUT_MS);
    it(`the stage view in the ${theme} theme`, async () => {
      expect(await check(`/watch/PRESS?view=stage&theme=${theme}`, stage(theme))).toEqual([]);
    }, AXE_TIMEOUT_MS);
  }

  it('the presenter console, connected', async () => {
    const connected = (page: Page) =>
      expect.poll(() => page.getByTestId('presenter-connection').textContent(), { timeout: 20_000 }).toBe('Connected');
    expect(await check('/present/PRESS', connected)).toEqual([]);
  }, AXE_TIMEOUT_MS);

  it('the transcript page', async () => {
    expect(await check('/transcript/vienna-2015-11-14', (page) => page.getByRole('heading', { level: 1 }).waitFor())).toEqual([]);
  }, AXE_TIMEOUT_MS);
});
