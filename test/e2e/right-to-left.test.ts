import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { serverAndBrowserForFile } from '../support/e2e-server';
import { ROOT } from '../support/load-vienna';

/**
 * An English, Arabic and French room (test/fixtures/data-en-ar-fr: a compiled transcript with
 * numbers, a sound label and a speaker who has no French label) as the always-on room PRESS:
 * lanes chosen and ordered by URL and by keyboard, Arabic right to left in the viewer, the embed
 * and the transcript page, on a phone, a laptop and a projector.
 */
const e2e = serverAndBrowserForFile({
  DATA_DIR: path.join(ROOT, 'test', 'fixtures', 'data-en-ar-fr'),
  DEFAULT_TRANSCRIPT: 'e2e-en-ar-fr',
});

/** Screenshots go to test-results/ (a CI artifact), never into git. */
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'projector', width: 1920, height: 1080 },
] as const;
/** The last Arabic line of the fixture begins 31.1 s into the replay; polls wait that long at most. */
const REPLAY_WAIT_MS = 45_000;

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await e2e.browser().newContext({ viewport });
  const page = await context.newPage();
  // The browser may be closing already (the file's end): nothing left to close then.
  page.on('close', () => void context.close().catch(() => undefined));
  return page;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Waits until the whole exchange has reached the Arabic lane: its last line is there. */
async function arabicComplete(page: Page, lane: Locator = page.getByTestId('lane-ar')): Promise<void> {
  await expect.poll(async () => (await lane.textContent()) ?? '', { timeout: REPLAY_WAIT_MS }).toContain('كانون الثاني/يناير');
}

const laneOrderOf = (page: Page) => page.locator('[data-testid^="lane-"]').evaluateAll((lanes) => lanes.map((l) => l.getAttribute('data-testid')?.slice('lane-'.length)));

/**
 * Where a line's content sits in its box: the gap from the box's left and right edges to the
 * rendered text (a Range over the line, so the text's own extent, not the block's).
 */
function lineGeometry(line: Locator) {
  return line.evaluate((p) => {
    const box = p.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(p);
    const rects = [...range.getClientRects()];
    const top = Math.min(...rects.map((r) => r.top));
    // Inline boxes of one row differ in top by a few pixels (bold, fallback fonts); rows are a line-height apart.
    const firstRow = rects.filter((r) => r.top < top + 10);
    const label = p.querySelector('[data-testid="speaker-label"]')!.getBoundingClientRect();
    const text = p.querySelector('[data-kind]')!.getBoundingClientRect();
    return {
      leftGap: Math.min(...firstRow.map((r) => r.left)) - box.left,
      rightGap: box.right - Math.max(...firstRow.map((r) => r.right)),
      labelCentre: (label.left + label.right) / 2 - box.left,
      textCentre: (text.left + text.right) / 2 - box.left,
      width: box.width,
    };
  });
}

describe('an English, Arabic and French room', () => {
  for (const viewport of VIEWPORTS) {
    it(`${viewport.name} ${viewport.width}×${viewport.height}: en,ar reads right to left in the Arabic lane, with no serious accessibility violation`, async () => {
      const page = await newPage(viewport);
      await page.goto(`${e2e.server().url}/watch/PRESS?lang=en,ar`);
      const arabic = page.getByTestId('lane-ar');
      await arabicComplete(page);
      expect(await laneOrderOf(page)).toEqual(['en', 'ar']);

      expect(await arabic.getAttribute('lang')).toBe('ar');
      expect(await arabic.getAttribute('dir')).toBe('rtl');
      const lines = arabic.getByTestId('caption-turn');
      const attributes = await lines.evaluateAll((ps) => ps.map((p) => [p.getAttribute('lang'), p.getAttribute('dir'), getComputedStyle(p).direction]));
      expect(attributes.length).toBeGreaterThan(1);
      for (const each of attributes) expect(each).toEqual(['ar', 'rtl', 'rtl']);

      // The lines end at the right edge and the speaker's label sits on the right, before the text.
      const last = lines.last();
      const arabicLine = await lineGeometry(last);
      expect(arabicLine.rightGap).toBeLessThan(2);
      expect(arabicLine.labelCentre).toBeGreaterThan(arabicLine.textCentre);
      expect(arabicLine.labelCentre).toBeGreaterThan(arabicLine.width / 2);
      // The English lane, for contrast: label on the left.
      const englishLine = await lineGeometry(page.getByTestId('lane-en').getByTestId('caption-turn').last());
      expect(englishLine.leftGap).toBeLessThan(2);
      expect(englishLine.labelCentre).toBeLessThan(englishLine.textCentre);

      // The label, numbers and the sound label are isolated, so bidi cannot reorder them.
      expect(await last.getByTestId('speaker-label').locator('bdi').textContent()).toBe('الوزير');
      expect(await arabic.locator('[data-kind="speech"] bdi').allTextContents()).toEqual(expect.arrayContaining(['100%', '1']));
      expect(await arabic.locator('[data-kind="sound"] bdi').allTextContents()).toContain('[ضحك]');
      expect(await arabic.getByTestId('speaker-label').first().textContent()).toMatch(/ترجمة فورية/u);

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `rtl-watch-${viewport.name}.png`) });
      await page.close();
    });
  }

  it('shows the languages the URL asks for in its order, skipping those the room lacks', async () => {
    const page = await newPage({ width: 1280, height: 800 });
    for (const [query, lanes] of [
      ['lang=fr,en,ar', ['fr', 'en', 'ar']],
      ['lang=ar,fr', ['ar', 'fr']],
      ['lang=both', ['en', 'ar', 'fr']],
      ['lang=de,fr', ['fr']],
      ['lang=ru', ['en', 'ar', 'fr']],
    ] as const) {
      await page.goto(`${e2e.server().url}/watch/PRESS?${query}`);
      expect(await laneOrderOf(page), query).toEqual(lanes);
    }
    // A speaker with no French label is named in the room's first language, marked as English.
    await page.goto(`${e2e.server().url}/watch/PRESS?lang=fr`);
    await expect.poll(async () => (await page.getByTestId('lane-fr').textContent()) ?? '', { timeout: REPLAY_WAIT_MS }).toContain('1er janvier');
    const question = page.getByTestId('lane-fr').locator('[data-testid="speaker-label"] bdi', { hasText: 'Question (Al Jazeera)' });
    expect(await question.getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('lane-fr').getByTestId('speaker-label').last().textContent()).toMatch(/Le ministre \(interprétation\)/u);
    await page.close();
  });

  it('reorders lanes with the keyboard in the settings and remembers the choice', async () => {
    const page = await newPage({ width: 1280, height: 800 });
    await page.goto(`${e2e.server().url}/watch/PRESS?lang=en,ar`);
    await page.getByRole('button', { name: 'Display settings' }).click();
    const picker = page.getByTestId('lang-picker');
    // Named in the interface language with the language's own name beside it.
    expect(await picker.locator('li[data-lang="ar"] label').textContent()).toBe('Arabicالعربية');
    await picker.getByRole('button', { name: 'Move Arabic up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => laneOrderOf(page)).toEqual(['ar', 'en']);
    // Focus stays with Arabic: its "up" is now disabled, so its "down" has it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Arabic down');
    // Tick French with the space bar: a third lane, at the bottom.
    await picker.locator('li[data-lang="fr"] input').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => laneOrderOf(page)).toEqual(['ar', 'en', 'fr']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'rtl-watch-settings.png') });

    await page.goto(`${e2e.server().url}/watch/PRESS`);
    await expect.poll(() => laneOrderOf(page)).toEqual(['ar', 'en', 'fr']);
    await page.close();
  });

  it('keeps Arabic right to left in scrollback, the embed and the transcript page', async () => {
    const page = await newPage({ width: 1280, height: 800 });
    await page.goto(`${e2e.server().url}/watch/PRESS?lang=ar,en`);
    await arabicComplete(page);
    await page.getByRole('button', { name: 'Earlier captions' }).click();
    const history = page.getByTestId('history');
    await expect.poll(() => history.locator('li p[lang="ar"]').count()).toBeGreaterThan(0);
    expect(await history.locator('li p[lang="ar"]').evaluateAll((ps) => ps.every((p) => p.getAttribute('dir') === 'rtl' && getComputedStyle(p).textAlign === 'start'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'rtl-watch-history.png') });

    await page.goto(`${e2e.server().url}/embed/PRESS?lang=ar,en`);
    const lane = page.locator('[data-lane="ar"]');
    await arabicComplete(page, lane);
    expect(await page.locator('[data-lane]').evaluateAll((ls) => ls.map((l) => [l.getAttribute('data-lane'), l.getAttribute('dir')]))).toEqual([
      ['ar', 'rtl'],
      ['en', 'ltr'],
    ]);
    const embedLine = lane.locator('.l').last();
    expect([await embedLine.getAttribute('lang'), await embedLine.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    // The label's own isolate: the turn mark `>>` before it is isolated too.
    expect(await embedLine.locator('b bdi').last().textContent()).toBe('الوزير');
    expect(await lane.locator('bdi').allTextContents()).toEqual(expect.arrayContaining(['[ضحك]', '100%']));
    const embedGeometry = await embedLine.evaluate((p) => {
      const box = p.getBoundingClientRect();
      const label = p.querySelector('b bdi:last-of-type')!.getBoundingClientRect();
      return { rightGap: box.right - label.right, leftGap: label.left - box.left };
    });
    expect(embedGeometry.rightGap).toBeLessThan(embedGeometry.leftGap);
    await page.screenshot({ path: path.join(SHOTS, 'rtl-embed.png') });

    await page.goto(`${e2e.server().url}/transcript/e2e-en-ar-fr`);
    const arabicCells = page.getByTestId('transcript-lines').locator('p[lang="ar"]');
    expect(await arabicCells.count()).toBe(5);
    expect(await arabicCells.evaluateAll((ps) => ps.every((p) => p.getAttribute('dir') === 'rtl'))).toBe(true);
    const downloads = await page.getByRole('link', { name: /^(WebVTT|SRT|JSON), / }).allTextContents();
    expect(downloads).toEqual([
      'WebVTT, all languages',
      'WebVTT, English',
      'WebVTT, Arabic',
      'WebVTT, French',
      'SRT, English',
      'SRT, Arabic',
      'SRT, French',
      'JSON, English',
      'JSON, Arabic',
      'JSON, French',
      'JSON, everything',
    ]);
    await page.getByTestId('transcript-search').fill('وقف إطلاق');
    await expect.poll(() => page.getByTestId('transcript-lines').locator('li').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'rtl-transcript.png'), fullPage: true });
    await page.close();
  });
});

describe('the console for an English, Arabic and French room', () => {
  it('builds an embed snippet with the languages and order the presenter picks', async () => {
    const page = await newPage({ width: 1280, height: 800 });
    await page.goto(`${e2e.server().url}/present/PRESS`);
    const snippet = page.getByTestId('embed-snippet');
    expect(await snippet.inputValue()).toContain('/embed/PRESS?lang=both&');
    const picker = page.getByTestId('embed-lang-picker');
    await picker.locator('li[data-lang="fr"] input').uncheck();
    await picker.getByRole('button', { name: 'Move Arabic up' }).click();
    await expect.poll(() => snippet.inputValue()).toContain('/embed/PRESS?lang=ar,en&');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'rtl-console-embed.png'), fullPage: true });
    await page.close();
  });
});

describe('a room in one language', () => {
  it('shows one lane, no language to pick, and downloads in that language only', async () => {
    const srt = '1\n00:00:00,500 --> 00:00:04,000\nGuten Tag und willkommen zu dieser Unterrichtsstunde.\n\n2\n00:00:04,500 --> 00:00:09,000\nHeute sprechen wir über 3 Verträge.\n';
    const form = new FormData();
    form.append('files', new Blob([srt], { type: 'application/x-subrip' }), 'lesson.de.srt');
    const created = await fetch(`${e2e.server().url}/api/rooms`, { method: 'POST', body: form, headers: { origin: e2e.server().url } });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };

    const page = await newPage({ width: 1280, height: 800 });
    await page.goto(`${e2e.server().url}/watch/${code}?lang=en,ar`);
    await expect.poll(async () => (await page.getByTestId('lane-de').textContent()) ?? '', { timeout: 20_000 }).toContain('Guten Tag');
    expect(await laneOrderOf(page)).toEqual(['de']);
    await page.getByRole('button', { name: 'Display settings' }).click();
    expect(await page.getByTestId('lang-picker').count()).toBe(0);
    expect(await page.getByRole('radio', { name: 'Side by side' }).count()).toBe(0);

    const transcriptHref = (await page.getByRole('link', { name: 'Full transcript' }).getAttribute('href'))!;
    await page.goto(`${e2e.server().url}${transcriptHref}`);
    expect(await page.getByRole('link', { name: /^(WebVTT|SRT|JSON), / }).allTextContents()).toEqual(['WebVTT, German', 'SRT, German', 'JSON, German', 'JSON, everything']);
    await page.close();
  });
});
