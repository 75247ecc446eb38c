/**
 * Do two viewers of one room paint the same word at the same time? Two /watch pages of the room in
 * separate browser contexts (each syncs its own clock), in headless Chromium on this machine; once
 * both have synced and a settling time has passed, every caption word either paints within the
 * window is matched across the pages and |paint A − paint B| taken (see lib/paint-probe.ts for
 * how a paint is timed). Baseline, the same run and the same words: viewers without clock sync,
 * painting each segment in the first frame after its message arrives.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { differentFrames, FRAME_MS, pairPaints, summarizeDiffs, type DiffSummary } from './lib/paint-pairs';
import { paintProbeScript, PROBE_GLOBAL, type ProbeRecords } from './lib/paint-probe';
import { ROOM, startPagesServer } from './lib/pages-server';
import { sleep, tempDir, type NodeProcess } from './lib/proc';

export interface PaintSyncOptions {
  /** How long words are collected, once both pages have synced and settled. */
  readonly windowMs: number;
  readonly log: (line: string) => void;
}

export interface PaintSyncResult {
  readonly windowMs: number;
  readonly settleMs: number;
  /** Each page's clock offset estimate (`data-clock-offset`) when the window opened. */
  readonly offsetsMs: readonly [number, number];
  /** |paintedAt A − paintedAt B| per word: the goal's measure. */
  readonly ours: DiffSummary;
  /** The same words painted on their segment's arrival. */
  readonly baseline: DiffSummary;
  /** |frameAt A − frameAt B| per word: how many frames apart, without the callbacks' delay. */
  readonly frames: DiffSummary;
  /** Words the two pages painted in different frames. */
  readonly differentFrames: number;
  /** |message A − message B| per segment: the transport's share. */
  readonly messages: DiffSummary;
  /** Words one page painted within the window and the other never did. */
  readonly oneSideOnly: number;
}

/** After both pages first report a clock offset: time for page load, fonts and hydration to finish. */
const SETTLE_MS = 1_000;
/** After the window: time for the other page to paint a word one page painted at its end. */
const GRACE_MS = 1_000;

/** The machine clock, as the pages read it. */
const now = () => performance.timeOrigin + performance.now();

async function openViewer(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(paintProbeScript());
  await page.goto(url, { timeout: 20_000 });
  return page;
}

async function clockOffset(page: Page): Promise<number> {
  await page.waitForSelector('.viewer[data-clock-offset]', { timeout: 20_000 });
  return Number(await page.getAttribute('.viewer', 'data-clock-offset'));
}

const records = (page: Page) => page.evaluate((name) => (window as unknown as Record<string, ProbeRecords>)[name], PROBE_GLOBAL);

export async function runPaintSync(options: PaintSyncOptions): Promise<PaintSyncResult> {
  const state = tempDir('boothcast-bench-paint-');
  let server: NodeProcess | undefined;
  let browser: Browser | undefined;
  try {
    server = await startPagesServer(state.dir);
    browser = await launchBrowser();
    const url = `${server.url}/watch/${ROOM}`;
    const [a, b] = await Promise.all([openViewer(browser, url), openViewer(browser, url)]);
    await Promise.all([clockOffset(a), clockOffset(b)]);
    await sleep(SETTLE_MS);
    const offsetsMs = [await clockOffset(a), await clockOffset(b)] as const;
    const fromMs = now();
    await sleep(options.windowMs + GRACE_MS);
    const pairs = pairPaints(await records(a), await records(b), { fromMs, toMs: fromMs + options.windowMs });
    const result: PaintSyncResult = {
      windowMs: options.windowMs,
      settleMs: SETTLE_MS,
      offsetsMs,
      ours: summarizeDiffs(pairs.paint),
      baseline: summarizeDiffs(pairs.arrival),
      frames: summarizeDiffs(pairs.frame),
      differentFrames: differentFrames(pairs),
      messages: summarizeDiffs(pairs.message),
      oneSideOnly: pairs.oneSideOnly,
    };
    const ms = (s: DiffSummary) => (s.count ? `p50 ${s.p50.toFixed(1)}, p99 ${s.p99.toFixed(1)}, max ${s.max.toFixed(1)} ms, ${s.overFrame} over ${FRAME_MS} ms` : 'no samples');
    options.log(
      `paint sync: ${result.ours.count} words in ${options.windowMs / 1000} s (${result.oneSideOnly} painted by one page only), clock offsets ${offsetsMs.join(' and ')} ms; ` +
        `|A − B| ${ms(result.ours)}; ${result.differentFrames} in different frames; baseline, painted on arrival (${result.baseline.count} words): ${ms(result.baseline)}`,
    );
    return result;
  } finally {
    await browser?.close();
    await server?.stop();
    state.cleanup();
  }
}
