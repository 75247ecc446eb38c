import { createServer } from 'node:http';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { rollingTurns } from '../../app/lib/rolling-lines';
import { firstWords } from '../../app/lib/word-reveal';
import type { CaptionSegment, SegmentMessage } from '../../server/protocol';
import { CHROMIUM_PATH } from './browser';
import { freePort } from './free-port';

/**
 * The measure shared by the media-lock tests (test/e2e/media-lock.test.ts and host-*.test.ts): a
 * host page on another origin binds a player to `/embed/transcript/<id>` and the test reads, per
 * sample, what the embed shows against the media's own time.
 *
 * The media time is read in the host page just before and just after the embed's frame (`[m1,
 * m2]`); the embed is read inside an animation-frame callback, after its own frame has painted,
 * with how long ago that frame began (`lag`), so the frame's media time lies in `[m1 − lag × rate,
 * m2]` however busy the machine is. The gap is how far that interval lies from the media times at
 * which the shown caption is the right one (the caption's window, found with the same pure
 * functions the embed uses); 0 when they meet. "Within one frame" is a gap of at most one
 * animation frame of media time (1000/60 ms × rate): the embed paints once a frame.
 *
 * Every host page defines `window.testMedia()`: the `<audio>`/`<video>` whose time is the truth
 * (for the YouTube player, the element inside the player's iframe).
 */
export const TRANSCRIPT = 'vienna-2015-11-14';
export const LANE = 'en';
export const FRAME_MS = 1000 / 60;
const SAMPLE_RATE = 8_000;

/** A mono 8-bit PCM WAV of a quiet 440 Hz tone. */
export function toneWav(seconds: number): Buffer {
  const samples = seconds * SAMPLE_RATE;
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) wav[44 + i] = 128 + Math.round(20 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE));
  return wav;
}

export interface HostFile {
  readonly type: string;
  readonly body: Buffer | string;
}
export interface HostSite {
  /** `http://localhost:<port>`: another origin than the app's `127.0.0.1`, and a secure context (WebCodecs). */
  readonly origin: string;
  /** Adds or replaces a file (a path such as `/talk.wav`). */
  put(path: string, file: HostFile): void;
  close(): Promise<void>;
}

/** The host's own site: static files, with byte ranges so the browser can seek a media file without reading it again. */
export async function startHostSite(files: Record<string, HostFile> = {}): Promise<HostSite> {
  const served = new Map(Object.entries(files));
  const server = createServer((request, response) => {
    const file = served.get(new URL(request.url ?? '/', 'http://host').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    const range = /bytes=(\d+)-(\d*)/u.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    response.writeHead(range ? 206 : 200, {
      'content-type': file.type,
      'accept-ranges': 'bytes',
      'content-length': end - start + 1,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${body.length}` } : {}),
    });
    response.end(body.subarray(start, end + 1));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${port}`,
    put: (path, file) => served.set(path, file),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Chromium that plays media without a click, as on a page whose visitor pressed play. */
export function launchMediaBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** What the embed shows of a transcript at a media time, computed with the embed's own pure functions. */
export class CaptionTimeline {
  private constructor(private readonly messages: readonly SegmentMessage[]) {}

  static async load(appUrl: string): Promise<CaptionTimeline> {
    const transcript = (await (await fetch(`${appUrl}/api/transcripts/${TRANSCRIPT}`)).json()) as { segments: CaptionSegment[] };
    return new CaptionTimeline(transcript.segments.map((segment, i) => ({ seq: i + 1, epoch: 0, dueMs: segment.startMs, segment })));
  }

  /** The lane's newest row at a media position: its words after the speaker label. */
  shownAt(positionMs: number): string {
    const turn = rollingTurns(this.messages, LANE, positionMs).at(-1);
    return turn ? turn.parts.map((part) => (part.complete ? part.text : firstWords(part.text, part.words))).join(' ') : '';
  }

  /** How far the interval [lo, hi] of media times lies from any time at which `shown` is what the lane shows (ms; Infinity beyond 5 s). */
  gapTo(shown: string, lo: number, hi: number): number {
    for (let t = Math.floor(lo); t <= Math.ceil(hi); t++) if (this.shownAt(t) === shown) return 0;
    for (let d = 1; d <= 5_000; d++) {
      if (this.shownAt(lo - d) === shown) return d;
      if (this.shownAt(hi + d) === shown) return d;
    }
    return Infinity;
  }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface Sample {
  readonly label: string;
  readonly mediaMs: number;
  readonly gapMs: number;
  /** The same against a point estimate of the media time at the embed's frame. */
  readonly pointGapMs: number;
  readonly rate: number;
  readonly paused: boolean;
  /** How wide the interval the media time was known to lie in (ms of media): the measure's resolution. */
  readonly spanMs: number;
}

/** The media's time, read in the host page (through `window.testMedia()`). */
export const mediaNow = (page: Page) =>
  page.evaluate(() => {
    const media = (window as unknown as { testMedia: () => HTMLMediaElement }).testMedia();
    return { ms: media.currentTime * 1000, rate: media.playbackRate, paused: media.paused, at: performance.timeOrigin + performance.now() };
  });

/** The lane's newest row, read in an animation frame after the embed painted it, and how long ago that frame began. */
export const embedNow = (frame: Frame) =>
  frame.evaluate(
    (lane) =>
      new Promise<{ shown: string; lagMs: number; frameAt: number }>((resolve) =>
        requestAnimationFrame((frameTime) => {
          const row = [...document.querySelectorAll(`[data-lane="${lane}"] .l`)].at(-1);
          const shown = row ? [...row.childNodes].filter((node) => node.nodeName !== 'B').map((node) => node.textContent).join('') : '';
          resolve({ shown, lagMs: performance.now() - frameTime, frameAt: performance.timeOrigin + frameTime });
        }),
      ),
    LANE,
  );

export async function sample(page: Page, frame: Frame, timeline: CaptionTimeline, label: string): Promise<Sample> {
  const before = await mediaNow(page);
  const embed = await embedNow(frame);
  const after = await mediaNow(page);
  const rate = before.paused ? 0 : before.rate;
  const lo = before.ms - embed.lagMs * rate;
  const gapMs = timeline.gapTo(embed.shown, lo, after.ms);
  // The point estimate: the media time at the embed's frame, carried from the first read on the
  // clock every page of the browser shares (performance.timeOrigin + now). Finer than the interval,
  // but it trusts that clock and the media's currentTime between reads: printed, not asserted.
  const atFrame = before.ms + (embed.frameAt - before.at) * rate;
  return { label, mediaMs: before.ms, gapMs, pointGapMs: timeline.gapTo(embed.shown, atFrame, atFrame), rate: before.rate, paused: before.paused && after.paused, spanMs: after.ms - lo };
}

/**
 * Runs `code` in the host page (a function body; `media` is `window.testMedia()`, and the page's
 * globals are in scope) and, for a seek, waits for the media's `seeked`; then lets the posted time
 * cross from the host's process to the embed's.
 */
export async function act(page: Page, code: string, seek = false): Promise<void> {
  await page.evaluate(
    ({ code, seek: seeking }) =>
      new Promise<void>((resolve) => {
        const media = (window as unknown as { testMedia: () => HTMLMediaElement }).testMedia();
        if (seeking) media.addEventListener('seeked', () => resolve(), { once: true });
        new Function('media', code)(media);
        if (!seeking) resolve();
      }),
    { code, seek },
  );
  await page.waitForTimeout(150);
}

/** How a test drives its player: function bodies for `act`. */
export interface Controls {
  play(): string;
  pause(): string;
  seek(seconds: number): string;
  rate(rate: number): string;
}

/** The media element's own controls. */
export const MEDIA_CONTROLS: Controls = {
  play: () => 'media.play()',
  pause: () => 'media.pause()',
  seek: (seconds) => `media.currentTime = ${seconds}`,
  rate: (rate) => `media.playbackRate = ${rate}`,
};

/**
 * Seeks to 40 s and waits for the embed to show it, plays, seeks forward while playing, plays at
 * 2× and 0.5×, pauses, seeks forward and back while paused, plays again; samples all along; prints
 * the largest gap and asserts: paused, exactly the caption for the media time; playing, within one
 * frame of media time. Returns the samples.
 */
export async function followThrough(page: Page, frame: Frame, timeline: CaptionTimeline, controls: Controls, name: string): Promise<Sample[]> {
  await act(page, controls.seek(40), true);
  await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 15_000 }).toBe(timeline.shownAt(40_000));
  const samples: Sample[] = [];
  const take = async (label: string, count: number) => {
    for (let i = 0; i < count; i++) {
      samples.push(await sample(page, frame, timeline, label));
      await page.waitForTimeout(90);
    }
  };
  await act(page, controls.play());
  await expect.poll(async () => (await mediaNow(page)).ms, { timeout: 10_000 }).toBeGreaterThan(40_300);
  await take('playing at 1×', 25);
  await act(page, controls.seek(95), true);
  await take('after a seek forward while playing', 15);
  await act(page, controls.rate(2));
  await take('playing at 2×', 20);
  await act(page, controls.rate(0.5));
  await take('playing at 0.5×', 15);
  await act(page, controls.pause());
  await take('paused', 5);
  await act(page, controls.seek(150.25), true);
  await take('seeked while paused', 5);
  await act(page, controls.seek(12.5), true);
  await take('seeked back while paused', 5);
  await act(page, `${controls.rate(1)}; ${controls.play()}`);
  await take('playing again', 15);

  // The lock is real: the shown caption changed with every jump, not only with time.
  expect(new Set(samples.map((s) => s.label)).size).toBe(8);
  const paused = samples.filter((s) => s.paused);
  expect(paused.map((s) => Math.round(s.mediaMs))).toEqual(expect.arrayContaining([150_250, 12_500]));
  const worst = samples.reduce((a, b) => (b.gapMs / Math.max(b.rate, 1) > a.gapMs / Math.max(a.rate, 1) ? b : a));
  console.log(
    `media lock (${name}): ${samples.length} samples; largest gap between the media time and the caption shown ${Math.max(...samples.map((s) => s.gapMs))} ms ` +
      `(worst relative to the rate: ${worst.gapMs} ms at ${worst.rate}× ${worst.label}, one frame = ${(FRAME_MS * Math.max(worst.rate, 1)).toFixed(1)} ms); ` +
      `paused samples: largest gap ${Math.max(...paused.map((s) => s.gapMs))} ms; ` +
      `against the point estimate of the media time at the embed's frame: largest ${Math.max(...samples.map((s) => s.pointGapMs))} ms, ` +
      `${samples.filter((s) => s.pointGapMs > 0).length} of ${samples.length} samples off at all; ` +
      `media time known to within ${median(samples.map((s) => s.spanMs)).toFixed(1)} ms (median; largest ${Math.max(...samples.map((s) => s.spanMs)).toFixed(1)} ms)`,
  );
  // Paused, the media time stands still: the caption is exactly the one for it.
  for (const s of paused) expect(s.gapMs, `${name}: ${s.label} at ${s.mediaMs} ms`).toBe(0);
  // Playing: within one animation frame of media time (the embed paints once a frame).
  for (const s of samples) expect(s.gapMs, `${name}: ${s.label} at ${Math.round(s.mediaMs)} ms, ${s.rate}×`).toBeLessThanOrEqual(FRAME_MS * Math.max(s.rate, 1));
  return samples;
}

/** Opens the host page and waits for the embed's frame and for `ready()` (a predicate run in the page). */
export async function openHostPage(browser: Browser, url: string, ready: () => boolean): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  const frame = await (await page.waitForSelector('iframe#captions')).contentFrame();
  if (!frame) throw new Error('the embed did not load');
  await page.waitForFunction(ready, undefined, { timeout: 30_000 });
  return { page, frame, errors };
}
