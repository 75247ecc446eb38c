import { describe, expect, it } from 'vitest';
import { serverAndBrowserForFile } from '../support/e2e-server';

const e2e = serverAndBrowserForFile();

describe('viewer in a real browser against the production build', () => {
  it('opens /, follows the link to the viewer and sees captions roll, each turn labelled with its speaker', async () => {
    const page = await e2e.browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(e2e.server().url);
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
    const response = await fetch(`${e2e.server().url}/watch/PRESS`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(/data-testid="speaker-label"/u);
  });

  it('answers an unknown room with a 404 page', async () => {
    const response = await fetch(`${e2e.server().url}/watch/ZZZZZ`);
    expect(response.status).toBe(404);
  });
});
