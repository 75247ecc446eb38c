import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollingTurns } from '../../app/lib/rolling-lines';
import { firstWords } from '../../app/lib/word-reveal';
import type { CaptionSegment, SegmentMessage } from '../../server/protocol';
import { CHROMIUM_PATH } from '../support/browser';
import { freePort } from '../support/free-port';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Issue 15: the transcript embed locked to a player on someone else's page. A host page on
 * another origin (`localhost` against the app's `127.0.0.1`) plays a WAV made here, binds it with
 * `/embed/host.js` (declaratively, `data-boothcast-media`), and the test seeks, pauses and changes
 * the rate while reading what the embed shows.
 *
 * The measure, per sample: the media time is read in the host page just before and just after the
 * embed's frame (`[m1, m2]`); the embed is read inside an animation-frame callback, after its own
 * frame has painted, with how long ago that frame began (`lag`), so the frame's media time lies in
 * `[m1 − lag × rate, m2]` however busy the machine is. The gap is how far that interval lies from
 * the media times at which the shown caption is the right one (the caption's window, found with the
 * same pure functions the embed uses); 0 when they meet. "Within one frame" is then a gap of at
 * most one animation frame of media time (1000/60 ms × rate): the embed paints once a frame.
 */
const TRANSCRIPT = 'vienna-2015-11-14';
const WAV_SECONDS = 180;
const SAMPLE_RATE = 8_000;
const FRAME_MS = 1000 / 60;
const LANE = 'en';

/** A mono 8-bit PCM WAV of a quiet 440 Hz tone. */
function toneWav(seconds: number): Buffer {
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

let app: ServerProcess;
let host: Server;
let hostUrl: string;
let browser: Browser;
let messages: SegmentMessage[];

beforeAll(async () => {
  app = await startServerProcess();
  const wav = toneWav(WAV_SECONDS);
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Event page</title></head><body>
<audio id="talk" src="/talk.wav" preload="auto" controls></audio>
<iframe id="captions" title="Captions" width="640" height="240" src="${app.url}/embed/transcript/${TRANSCRIPT}?lang=${LANE}" data-boothcast-media="#talk"></iframe>
<script src="${app.url}/embed/host.js"></script>
</body></html>`;
  host = createServer((request, response) => {
    if (request.url === '/talk.wav') {
      // Ranges, so the browser can seek without reading the whole file again.
      const range = /bytes=(\d+)-(\d*)/u.exec(request.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : wav.length - 1;
      response.writeHead(range ? 206 : 200, {
        'content-type': 'audio/wav',
        'accept-ranges': 'bytes',
        'content-length': end - start + 1,
        ...(range ? { 'content-range': `bytes ${start}-${end}/${wav.length}` } : {}),
      });
      response.end(wav.subarray(start, end + 1));
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => host.listen(port, '127.0.0.1', resolve));
  hostUrl = `http://localhost:${port}/`;
  const transcript = (await (await fetch(`${app.url}/api/transcripts/${TRANSCRIPT}`)).json()) as { segments: CaptionSegment[] };
  messages = transcript.segments.map((segment, i) => ({ seq: i + 1, epoch: 0, dueMs: segment.startMs, segment }));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Playing audio without a click, as on a page whose visitor pressed play.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await app?.stop();
});

/** What the lane's newest row shows at a media position, as the embed computes it: its words after the speaker label. */
function shownAt(positionMs: number): string {
  const turn = rollingTurns(messages, LANE, positionMs).at(-1);
  return turn ? turn.parts.map((part) => (part.complete ? part.text : firstWords(part.text, part.words))).join(' ') : '';
}

/** How far the interval [lo, hi] of media times lies from any time at which `shown` is what the lane shows (ms; Infinity beyond 5 s). */
function gapTo(shown: string, lo: number, hi: number): number {
  for (let t = Math.floor(lo); t <= Math.ceil(hi); t++) if (shownAt(t) === shown) return 0;
  for (let d = 1; d <= 5_000; d++) {
    if (shownAt(lo - d) === shown) return d;
    if (shownAt(hi + d) === shown) return d;
  }
  return Infinity;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Sample {
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

const mediaNow = (page: Page) =>
  page.evaluate(() => {
    const audio = document.querySelector('audio')!;
    return { ms: audio.currentTime * 1000, rate: audio.playbackRate, paused: audio.paused, at: performance.timeOrigin + performance.now() };
  });

/** The lane's newest row, read in an animation frame after the embed painted it, and how long ago that frame began. */
const embedNow = (frame: Frame) =>
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

async function sample(page: Page, frame: Frame, label: string): Promise<Sample> {
  const before = await mediaNow(page);
  const embed = await embedNow(frame);
  const after = await mediaNow(page);
  const rate = before.paused ? 0 : before.rate;
  const lo = before.ms - embed.lagMs * rate;
  const gapMs = gapTo(embed.shown, lo, after.ms);
  // The point estimate: the media time at the embed's frame, carried from the first read on the
  // clock every page of the browser shares (performance.timeOrigin + now). Finer than the interval,
  // but it trusts that clock and the audio's currentTime between reads: printed, not asserted.
  const atFrame = before.ms + (embed.frameAt - before.at) * rate;
  return { label, mediaMs: before.ms, gapMs, pointGapMs: gapTo(embed.shown, atFrame, atFrame), rate: before.rate, paused: before.paused && after.paused, spanMs: after.ms - lo };
}

/** Runs `action` in the host page and waits for the audio's `seeked` (or the next tick for no seek), then for the posted time to reach the embed. */
async function act(page: Page, action: string, seek = false): Promise<void> {
  await page.evaluate(
    ({ code, seek: seeking }) =>
      new Promise<void>((resolve) => {
        const audio = document.querySelector('audio')!;
        if (seeking) audio.addEventListener('seeked', () => resolve(), { once: true });
        new Function('audio', code)(audio);
        if (!seeking) resolve();
      }),
    { code: action, seek },
  );
  // Settle: the message crosses from the host's process to the embed's (measured separately below).
  await page.waitForTimeout(150);
}

describe('captions locked to a player on the host page', () => {
  it('follow the audio through play, seeks, rate changes and pauses, within one frame of its time', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(hostUrl);
    const frame = await (await page.waitForSelector('iframe#captions')).contentFrame();
    if (!frame) throw new Error('the embed did not load');
    await page.waitForFunction(() => document.querySelector('audio')!.readyState >= 3);
    // Bound declaratively by host.js: the embed has no captions before the player's time reaches it.
    await act(page, 'audio.currentTime = 40', true);
    await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 15_000 }).toBe(shownAt(40_000));

    const samples: Sample[] = [];
    const take = async (label: string, count: number) => {
      for (let i = 0; i < count; i++) {
        samples.push(await sample(page, frame, label));
        await page.waitForTimeout(90);
      }
    };

    await act(page, 'audio.play()');
    await expect.poll(async () => (await mediaNow(page)).ms, { timeout: 10_000 }).toBeGreaterThan(40_300);
    await take('playing at 1×', 25);
    await act(page, 'audio.currentTime = 95', true);
    await take('after a seek forward while playing', 15);
    await act(page, 'audio.playbackRate = 2');
    await take('playing at 2×', 20);
    await act(page, 'audio.playbackRate = 0.5');
    await take('playing at 0.5×', 15);
    await act(page, 'audio.pause()');
    await take('paused', 5);
    await act(page, 'audio.currentTime = 150.25', true);
    await take('seeked while paused', 5);
    await act(page, 'audio.currentTime = 12.5', true);
    await take('seeked back while paused', 5);
    await act(page, 'audio.playbackRate = 1; audio.play()');
    await take('playing again', 15);

    // The lock is real: the shown caption changed with every jump, not only with time.
    expect(new Set(samples.map((s) => s.label)).size).toBe(8);
    const paused = samples.filter((s) => s.paused);
    expect(paused.map((s) => Math.round(s.mediaMs))).toEqual(expect.arrayContaining([150_250, 12_500]));
    const worst = samples.reduce((a, b) => (b.gapMs / Math.max(b.rate, 1) > a.gapMs / Math.max(a.rate, 1) ? b : a));
    const largest = Math.max(...samples.map((s) => s.gapMs));
    console.log(
      `media lock: ${samples.length} samples; largest gap between the media time and the caption shown ${largest} ms ` +
        `(worst relative to the rate: ${worst.gapMs} ms at ${worst.rate}× ${worst.label}, one frame = ${(FRAME_MS * Math.max(worst.rate, 1)).toFixed(1)} ms); ` +
        `paused samples: largest gap ${Math.max(...paused.map((s) => s.gapMs))} ms; ` +
        `against the point estimate of the media time at the embed's frame: largest ${Math.max(...samples.map((s) => s.pointGapMs))} ms, ` +
        `${samples.filter((s) => s.pointGapMs > 0).length} of ${samples.length} samples off at all; ` +
        `media time known to within ${median(samples.map((s) => s.spanMs)).toFixed(1)} ms (median; largest ${Math.max(...samples.map((s) => s.spanMs)).toFixed(1)} ms)`,
    );
    // Paused, the media time stands still: the caption is exactly the one for it.
    for (const s of paused) expect(s.gapMs, `${s.label} at ${s.mediaMs} ms`).toBe(0);
    // Playing: within one animation frame of media time (the embed paints once a frame).
    for (const s of samples) expect(s.gapMs, `${s.label} at ${Math.round(s.mediaMs)} ms, ${s.rate}×`).toBeLessThanOrEqual(FRAME_MS * Math.max(s.rate, 1));
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows the new caption soon after a seek, without the settling time', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.goto(hostUrl);
    const frame = await (await page.waitForSelector('iframe#captions')).contentFrame();
    if (!frame) throw new Error('the embed did not load');
    await page.waitForFunction(() => document.querySelector('audio')!.readyState >= 3);
    for (const seconds of [30, 120, 61.5]) {
      const startedAt = Date.now();
      await page.evaluate((s) => {
        document.querySelector('audio')!.currentTime = s;
      }, seconds);
      // Generous for a busy machine: the point is that the embed follows the seek, not a speed.
      await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 5_000, interval: 10 }).toBe(shownAt(seconds * 1000));
      console.log(`media lock: seek to ${seconds} s shown in the embed after ${Date.now() - startedAt} ms (test round trips included)`);
    }
    await page.close();
  }, 60_000);

  it('takes no time from a window other than its parent page, and answers a malformed one with an error naming the field', async () => {
    const page = await browser.newPage();
    await page.goto(hostUrl);
    const frame = await (await page.waitForSelector('iframe#captions')).contentFrame();
    if (!frame) throw new Error('the embed did not load');
    await page.waitForFunction(() => document.querySelector('audio')!.readyState >= 3);
    await act(page, 'audio.currentTime = 40', true);
    await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 10_000 }).toBe(shownAt(40_000));
    const error = await page.evaluate(
      (origin) =>
        new Promise<string>((resolve) => {
          window.addEventListener('message', (event) => {
            const data = event.data as { type?: string; message?: string };
            if (data.type === 'error') resolve(data.message ?? '');
          });
          document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'boothcast:time', currentTime: 'soon', paused: false }, origin);
        }),
      app.url,
    );
    expect(error).toMatch(/currentTime/u);
    // A window the embed itself opens (not its parent) posting a time is not heard.
    await frame.evaluate(() => window.postMessage({ type: 'boothcast:time', currentTime: 300, paused: true }, '*'));
    await page.waitForTimeout(300);
    expect((await embedNow(frame)).shown).toBe(shownAt(40_000));
    await page.close();
  }, 60_000);

  it('serves host.js under its 3 KiB budget, and the transcript embed for any transcript only', async () => {
    const script = await fetch(`${app.url}/embed/host.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/u);
    const { gzipSync } = await import('node:zlib');
    expect(gzipSync(Buffer.from(await script.arrayBuffer()), { level: 9 }).length).toBeLessThanOrEqual(3 * 1024);
    expect((await fetch(`${app.url}/embed/transcript/${TRANSCRIPT}`)).status).toBe(200);
    expect((await fetch(`${app.url}/embed/transcript/no-such-talk`)).status).toBe(404);
  });
});
