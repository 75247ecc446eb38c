import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docSnippets } from '../support/doc-snippets';
import { CaptionTimeline, followThrough, launchMediaBrowser, MEDIA_CONTROLS, openHostPage, startHostSite, type HostSite } from '../support/media-lock';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { makeWebm } from '../support/webm';

/**
 * Issue 15: host.js binding a `<video>`, in Chromium, through `requestVideoFrameCallback`. The
 * video is made here without ffmpeg (test/support/webm.ts: WebCodecs VP8 in the browser, written
 * into a WebM by hand; each frame shows its time). The host page is docs/embed.md's `<video>`
 * snippet as written (only the address changed), with a spy on `requestVideoFrameCallback`
 * installed before host.js loads. The same play, seek, rate and pause script as for `<audio>`
 * (test/support/media-lock.ts); and the time the embed received must have come, in part, from
 * inside host.js's frame callbacks: the `<video>` path is the one taken.
 */
const VIDEO_SECONDS = 180;
const VIDEO_FPS = 15;

/**
 * Before host.js: wraps `requestVideoFrameCallback` so every callback it is given records when it
 * ran (on the clock all pages of the browser share, as host.js's `at`); the last 2,000 only.
 */
const FRAME_SPY = `<script>
  window.frameCallbacks = { requested: 0, ran: [] };
  const request = HTMLVideoElement.prototype.requestVideoFrameCallback;
  HTMLVideoElement.prototype.requestVideoFrameCallback = function (callback) {
    window.frameCallbacks.requested++;
    return request.call(this, (now, metadata) => {
      const start = performance.timeOrigin + performance.now();
      try {
        callback(now, metadata);
      } finally {
        window.frameCallbacks.ran.push([start, performance.timeOrigin + performance.now()]);
        if (window.frameCallbacks.ran.length > 2000) window.frameCallbacks.ran.shift();
      }
    });
  };
</script>`;

let app: ServerProcess;
let host: HostSite;
let browser: Browser;
let timeline: CaptionTimeline;

beforeAll(async () => {
  app = await startServerProcess();
  const [snippet] = docSnippets('docs/embed.md', 'test/e2e/host-video.test.ts', { 'https://captions.example': app.url });
  const html = 'text/html; charset=utf-8';
  host = await startHostSite({
    '/blank': { type: html, body: '<!doctype html><title>Workshop</title>' },
    '/': {
      type: html,
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Event page</title>${FRAME_SPY}</head><body>
${snippet}
<script>window.testMedia = () => document.querySelector('video');</script>
</body></html>`,
    },
  });
  timeline = await CaptionTimeline.load(app.url);
  browser = await launchMediaBrowser();
  const workshop = await browser.newPage();
  await workshop.goto(`${host.origin}/blank`);
  const started = Date.now();
  const webm = await makeWebm(workshop, { seconds: VIDEO_SECONDS, fps: VIDEO_FPS });
  console.log(`host video: made a ${VIDEO_SECONDS} s, ${VIDEO_FPS} fps WebM of ${webm.length} bytes in ${Date.now() - started} ms`);
  await workshop.close();
  host.put('/talk.webm', { type: 'video/webm', body: webm });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await app?.stop();
});

const videoReady = () => {
  const video = document.querySelector('video')!;
  return video.readyState >= 3 && Math.abs(video.duration - 180) < 0.5;
};

describe('host.js with a <video>', () => {
  it('the captions follow the video through play, seeks, rate changes and pauses, within one frame, timed by its frame callbacks', async () => {
    const { page, frame, errors } = await openHostPage(browser, `${host.origin}/`, videoReady);
    // What reaches the embed: each boothcast:time's own time stamp (`at`, when host.js read the time).
    await frame.evaluate(() => {
      const received: number[] = [];
      (window as unknown as { received: number[] }).received = received;
      window.addEventListener('message', (event) => {
        const data = event.data as { type?: unknown; at?: unknown } | null;
        if (data?.type === 'boothcast:time' && typeof data.at === 'number' && received.length < 20_000) received.push(data.at);
      });
    });
    const samples = await followThrough(page, frame, timeline, MEDIA_CONTROLS, '<video> with requestVideoFrameCallback');
    expect(samples.length).toBeGreaterThan(0);

    const spy = await page.evaluate(() => (window as unknown as { frameCallbacks: { requested: number; ran: [number, number][] } }).frameCallbacks);
    const received = await frame.evaluate(() => (window as unknown as { received: number[] }).received);
    const fromFrames = received.filter((at) => spy.ran.some(([start, end]) => at >= start && at <= end));
    console.log(
      `host video: ${spy.requested} frame callbacks asked for, ${spy.ran.length} ran (last 2,000 kept); ` +
        `${fromFrames.length} of ${received.length} times the embed received were sent from inside one`,
    );
    expect(spy.ran.length).toBeGreaterThan(100);
    // While playing, host.js posts the shown frame's time at most every 250 ms: over the ~15 s played, dozens.
    expect(fromFrames.length).toBeGreaterThanOrEqual(20);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
