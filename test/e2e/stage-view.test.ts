import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { embedSnippet } from '../../app/lib/presenter/embed';
import { languageStyle } from '../../server/transcript/caption-style';
import { serverAndBrowserForFile } from '../support/e2e-server';
import { ROOT } from '../support/load-vienna';

/**
 * The stage face (`/watch/<room>?view=stage`) on a laptop, a 1080p projector and a 4K screen, and
 * the embed at the size the console's snippet gives it. The default room PRESS opens with a
 * two-minute turn by Kerry, so a long turn's label scrolls away within the first seconds.
 */
const e2e = serverAndBrowserForFile();
/** Screenshots go to test-results/ (a CI artifact), or where STAGE_SHOTS says. */
const SHOTS = process.env.STAGE_SHOTS ?? path.join(ROOT, 'test-results', 'screenshots');
const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await e2e.browser().newPage({ viewport });
  await page.goto(url);
  return page;
}

/** What the stage shows in one lane, measured as the reader sees it. */
interface LaneReading {
  lang: string;
  lines: { text: string; lang: string | null; dir: string | null; renderedRows: number }[];
  fontPx: number;
  box: { top: number; bottom: number };
  nameVisible: boolean;
  nameFontPx: number;
}

async function readStage(page: Page): Promise<LaneReading[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid^="lane-"]')].map((lane) => {
      const box = lane.querySelector('.stage-box')!.getBoundingClientRect();
      const onScreen = (el: Element) => {
        const r = el.getBoundingClientRect();
        return getComputedStyle(el).visibility === 'visible' && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && (el.textContent ?? '').trim() !== '';
      };
      const lines = [...lane.querySelectorAll<HTMLElement>('[data-testid="stage-line"]')].map((line) => {
        const lineHeight = parseFloat(getComputedStyle(line).lineHeight);
        return {
          text: line.textContent ?? '',
          lang: line.getAttribute('lang'),
          dir: line.getAttribute('dir'),
          renderedRows: Math.round(line.getBoundingClientRect().height / lineHeight),
        };
      });
      // The speaker's name: the now-speaking row, else the newest turn label still inside the box.
      const labels = [...lane.querySelectorAll<HTMLElement>('[data-testid="speaker-label"]')].filter((label) => {
        const r = label.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      });
      const now = lane.querySelector<HTMLElement>('[data-testid="now-speaking"]')!;
      const name = onScreen(now) ? now : labels.at(-1);
      const firstLine = lane.querySelector('[data-testid="stage-line"]');
      return {
        lang: lane.getAttribute('lang') ?? '',
        lines,
        fontPx: firstLine ? parseFloat(getComputedStyle(firstLine).fontSize) : 0,
        box: { top: box.top, bottom: box.bottom },
        nameVisible: name !== undefined && onScreen(name),
        nameFontPx: name ? parseFloat(getComputedStyle(name).fontSize) : 0,
      };
    }),
  );
}

const transcript = JSON.parse(readFileSync(path.join(ROOT, 'data', 'transcripts', 'vienna-2015-11-14.json'), 'utf8')) as { speakers: { label: Record<string, string> }[] };
const ENGLISH_LABELS = transcript.speakers.map((speaker) => speaker.label.en);

const chars = (text: string) => Array.from(text.replace(/\s+$/u, '')).length;

describe('stage view on a laptop, a 1080p projector and a 4K screen', () => {
  for (const screen of SCREENS) {
    it(`${screen.width}×${screen.height}: captions only, bottom-anchored, text ≥ 5 % of the height, lines within the language's limit, the speaker named`, async () => {
      const page = await open(`${e2e.server().url}/watch/PRESS?view=stage&lang=en,ru`, screen);
      // Two full lines in both lanes: the turn has been running long enough to measure line lengths.
      await expect.poll(async () => (await readStage(page)).map((lane) => lane.lines.length), { timeout: 30_000 }).toEqual([3, 3]);
      const lanes = await readStage(page);

      // No page chrome: no header, navigation, footer or title; nothing scrolls.
      expect(await page.locator('header, nav, footer, h1, h2').count()).toBe(0);
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([screen.width, screen.height]);

      for (const lane of lanes) {
        const limit = languageStyle(lane.lang).maxCharsPerLine;
        // Sized from the height: at least 5 % of it, and no more than 6 % (it follows the height, not a cap in px).
        expect(lane.fontPx / screen.height).toBeGreaterThanOrEqual(0.05);
        expect(lane.fontPx / screen.height).toBeLessThanOrEqual(0.06);
        // Every line is one rendered row of at most the language's characters per line, and the
        // longest comes near the limit (lines are filled, not cut short).
        const lengths = lane.lines.map((line) => chars(line.text));
        expect(Math.max(...lengths)).toBeLessThanOrEqual(limit);
        expect(Math.max(...lengths)).toBeGreaterThan(limit * 0.7);
        expect(lane.lines.map((line) => line.renderedRows)).toEqual([1, 1, 1]);
        for (const line of lane.lines) expect([line.lang, line.dir]).toEqual([lane.lang, 'ltr']);
        // The speaker's name is on screen at caption size.
        expect(lane.nameVisible).toBe(true);
        expect(lane.nameFontPx).toBeCloseTo(lane.fontPx, 0);
      }
      // Bottom-anchored: the last lane's box ends in the bottom 5 % of the screen.
      const bottom = lanes.at(-1)!.box.bottom;
      expect(bottom).toBeLessThanOrEqual(screen.height);
      expect(bottom).toBeGreaterThan(screen.height * 0.95);
      // The picture as the audience sees it: the pointer still, so no cursor and no buttons.
      await expect.poll(() => page.getByTestId('stage').getAttribute('data-still'), { timeout: 10_000 }).toBe('true');
      await expect.poll(() => page.locator('.stage-tools').evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `stage-${screen.width}x${screen.height}.png`) });
      await page.close();
    });
  }

  it('passes axe in every theme (no serious or critical violation), the bar shown and hidden', async () => {
    for (const theme of ['dark', 'light', 'contrast', 'yellow']) {
      // AxeBuilder needs a page from a context of its own.
      const context = await e2e.browser().newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(`${e2e.server().url}/watch/PRESS?view=stage&lang=en,ar&theme=${theme}`);
      await expect.poll(async () => (await readStage(page)).every((lane) => lane.lines.length > 0), { timeout: 20_000 }).toBe(true);
      await page.mouse.move(300, 300);
      await expect.poll(() => page.locator('.stage-tools').evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious).toEqual([]);
      await context.close();
    }
  });

  it('&pos=top puts the captions at the top', async () => {
    const page = await open(`${e2e.server().url}/watch/PRESS?view=stage&pos=top&lang=en,ru`, { width: 1920, height: 1080 });
    await expect.poll(async () => (await readStage(page)).every((lane) => lane.lines.length > 0), { timeout: 20_000 }).toBe(true);
    const lanes = await readStage(page);
    expect(lanes[0].box.top).toBeLessThan(1080 * 0.15);
    expect(lanes.at(-1)!.box.bottom).toBeLessThan(1080 * 0.75);
    await page.close();
  });

  it('names who is speaking at caption size once a long turn has scrolled its own label away', async () => {
    const page = await open(`${e2e.server().url}/watch/PRESS?view=stage&lang=en,ar`, { width: 1920, height: 1080 });
    const now = page.getByTestId('lane-en').getByTestId('now-speaking');
    await expect.poll(() => now.evaluate((el) => getComputedStyle(el).visibility), { timeout: 45_000 }).toBe('visible');
    // A speaker of the room, by the English label the transcript gives.
    expect(ENGLISH_LABELS).toContain(await now.textContent());
    // The turn's own label is no longer on any line, which is why the row is there.
    expect(await page.getByTestId('lane-en').getByTestId('speaker-label').count()).toBe(0);
    const [nowPx, linePx] = await page.evaluate(() =>
      ['[data-testid="lane-en"] [data-testid="now-speaking"]', '[data-testid="lane-en"] [data-testid="stage-line"]'].map((selector) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize)),
    );
    expect(nowPx).toBeCloseTo(linePx, 0);
    // The Arabic lane runs right to left, line by line, within Arabic's own limit.
    const arabic = (await readStage(page)).find((lane) => lane.lang === 'ar')!;
    expect(arabic.lines.length).toBeGreaterThan(0);
    for (const line of arabic.lines) {
      expect([line.lang, line.dir]).toEqual(['ar', 'rtl']);
      expect(chars(line.text)).toBeLessThanOrEqual(languageStyle('ar').maxCharsPerLine);
    }
    await page.close();
  });

  it('hides the cursor and the buttons after the pointer is still; moving or Tab brings the buttons back; Esc leaves', async () => {
    const page = await open(`${e2e.server().url}/watch/PRESS?view=stage&theme=light&size=l`, { width: 1280, height: 720 });
    const stage = page.getByTestId('stage');
    const exit = page.getByRole('link', { name: 'Leave stage view' });
    // Still since the page opened: no cursor; a move brings it back, and stillness hides it again.
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).cursor), { timeout: 10_000 }).toBe('none');
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 310);
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).cursor)).not.toBe('none');
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).cursor), { timeout: 10_000 }).toBe('none');
    await expect.poll(() => exit.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('0');
    await page.mouse.move(500, 320);
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).cursor)).not.toBe('none');
    await expect.poll(() => exit.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
    // Keyboard: Tab reaches the exit link even while the pointer is still.
    await expect.poll(() => stage.evaluate((el) => getComputedStyle(el).cursor), { timeout: 10_000 }).toBe('none');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Leave stage view');
    await expect.poll(() => exit.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
    // The settings the stage was opened with carry over to the page and back.
    expect(await exit.getAttribute('href')).toMatch(/^\/watch\/PRESS\?(?=.*size=l)(?=.*theme=light)(?!.*view=)/u);
    expect(await stage.getAttribute('data-theme')).toBe('light');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/watch/PRESS' && !url.searchParams.has('view'));
    const back = page.getByTestId('stage-link');
    expect(await back.getAttribute('href')).toMatch(/view=stage/u);
    expect(await page.locator('header').count()).toBe(1);
    await page.close();
  });
});

/** The rectangles a reader would need to be whole, inside the embed's frame. */
async function readEmbed(frame: Frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section[data-lane]')].map((section) => {
      const box = section.querySelector('.c')!.getBoundingClientRect();
      const newest = [...section.querySelectorAll<HTMLElement>('.l')].at(-1);
      const heading = section.querySelector<HTMLElement>('.n')!;
      const headingRect = heading.getBoundingClientRect();
      const newestRect = newest?.getBoundingClientRect();
      return {
        lang: section.dataset.lane,
        frame: { width: innerWidth, height: innerHeight },
        box: { top: box.top, bottom: box.bottom },
        newest: newestRect ? { bottom: newestRect.bottom, left: newestRect.left, right: newestRect.right, lineHeight: parseFloat(getComputedStyle(newest!).lineHeight) } : undefined,
        heading: { text: heading.textContent ?? '', top: headingRect.top, bottom: headingRect.bottom, visibility: getComputedStyle(heading).visibility },
        fontPx: parseFloat(getComputedStyle(section).fontSize),
      };
    }),
  );
}

describe("the console's embed snippet, pasted into a page", () => {
  it("shows every lane's newest line whole and who is speaking, at the snippet's own size", async () => {
    const server = e2e.server();
    const snippet = embedSnippet(server.url, 'PRESS', undefined, 4);
    const [, src, width, height] = /src="([^"]+)".* width="(\d+)" height="(\d+)"/u.exec(snippet)!;
    // The frame's own viewport: the page the iframe shows, at exactly the iframe's size.
    const page = await e2e.browser().newPage({ viewport: { width: Number(width), height: Number(height) } });
    await page.goto(src);
    const frame = page.mainFrame();
    await frame.waitForSelector('section[data-lane] .l');
    // Wait until Kerry's opening turn fills every lane's rows, so the newest line sits at the bottom.
    await expect.poll(async () => (await readEmbed(frame)).every((lane) => lane.newest !== undefined && lane.box.bottom - lane.newest.bottom < 2), { timeout: 30_000 }).toBe(true);
    const lanes = await readEmbed(frame);
    expect(lanes.map((lane) => lane.lang)).toEqual(['en', 'ru', 'fr']);
    for (const lane of lanes) {
      expect(lane.frame).toEqual({ width: Number(width), height: Number(height) });
      const newest = lane.newest!;
      // Whole: inside its box and inside the frame, top to bottom and side to side.
      expect(newest.bottom).toBeLessThanOrEqual(lane.box.bottom + 0.5);
      expect(lane.box.bottom).toBeLessThanOrEqual(Number(height));
      expect(lane.box.bottom - lane.box.top).toBeGreaterThanOrEqual(newest.lineHeight * 2.9);
      expect(newest.left).toBeGreaterThanOrEqual(0);
      expect(newest.right).toBeLessThanOrEqual(Number(width));
      // Sized from the frame: no smaller than 16 px in the snippet's frame.
      expect(lane.fontPx).toBeGreaterThanOrEqual(16);
      // Who is speaking, in the lane's own language, inside the frame.
      expect(lane.heading.visibility).toBe('visible');
      expect(lane.heading.text).not.toBe('');
      expect(lane.heading.top).toBeGreaterThanOrEqual(0);
      expect(lane.heading.bottom).toBeLessThanOrEqual(Number(height));
    }
    expect(ENGLISH_LABELS).toContain(lanes[0].heading.text);
    await page.close();
  });

  it('sizes text from a smaller frame too: a 640×240 frame still shows both lanes whole', async () => {
    const page = await e2e.browser().newPage({ viewport: { width: 640, height: 240 } });
    await page.goto(`${e2e.server().url}/embed/PRESS?lang=en,ru&rows=3`);
    await page.waitForSelector('section[data-lane] .l');
    const lanes = await readEmbed(page.mainFrame());
    expect(lanes).toHaveLength(2);
    for (const lane of lanes) {
      expect(lane.box.bottom).toBeLessThanOrEqual(240);
      expect(lane.heading.top).toBeGreaterThanOrEqual(0);
    }
    await page.close();
  });
});
