import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, CaptionTimeline, embedNow, followThrough, launchMediaBrowser, LANE, MEDIA_CONTROLS, openHostPage, startHostSite, toneWav, TRANSCRIPT, type HostSite } from '../support/media-lock';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Issue 15: the transcript embed locked to a player on someone else's page. A host page on
 * another origin (`localhost` against the app's `127.0.0.1`) plays a WAV made here, binds it with
 * `/embed/host.js` (declaratively, `data-boothcast-media`), and the test seeks, pauses and changes
 * the rate while reading what the embed shows (the measure: test/support/media-lock.ts).
 * The YouTube player and a `<video>`: host-youtube.test.ts and host-video.test.ts.
 */
const WAV_SECONDS = 180;

let app: ServerProcess;
let host: HostSite;
let hostUrl: string;
let browser: Browser;
let timeline: CaptionTimeline;

beforeAll(async () => {
  app = await startServerProcess();
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Event page</title></head><body>
<audio id="talk" src="/talk.wav" preload="auto" controls></audio>
<iframe id="captions" title="Captions" width="640" height="240" src="${app.url}/embed/transcript/${TRANSCRIPT}?lang=${LANE}" data-boothcast-media="#talk"></iframe>
<script>window.testMedia = () => document.querySelector('audio');</script>
<script src="${app.url}/embed/host.js"></script>
</body></html>`;
  host = await startHostSite({ '/': { type: 'text/html; charset=utf-8', body: page }, '/talk.wav': { type: 'audio/wav', body: toneWav(WAV_SECONDS) } });
  hostUrl = `${host.origin}/`;
  timeline = await CaptionTimeline.load(app.url);
  browser = await launchMediaBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await app?.stop();
});

const audioReady = () => document.querySelector('audio')!.readyState >= 3;

describe('captions locked to a player on the host page', () => {
  it('follow the audio through play, seeks, rate changes and pauses, within one frame of its time', async () => {
    const { page, frame, errors } = await openHostPage(browser, hostUrl, audioReady);
    // Bound declaratively by host.js: the embed has no captions before the player's time reaches it.
    await followThrough(page, frame, timeline, MEDIA_CONTROLS, '<audio>');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows the new caption soon after a seek, without the settling time', async () => {
    const { page, frame } = await openHostPage(browser, hostUrl, audioReady);
    for (const seconds of [30, 120, 61.5]) {
      const startedAt = Date.now();
      await page.evaluate((s) => {
        document.querySelector('audio')!.currentTime = s;
      }, seconds);
      // Generous for a busy machine: the point is that the embed follows the seek, not a speed.
      await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 5_000, interval: 10 }).toBe(timeline.shownAt(seconds * 1000));
      console.log(`media lock: seek to ${seconds} s shown in the embed after ${Date.now() - startedAt} ms (test round trips included)`);
    }
    await page.close();
  }, 60_000);

  it('takes no time from a window other than its parent page, and answers a malformed one with an error naming the field', async () => {
    const { page, frame } = await openHostPage(browser, hostUrl, audioReady);
    await act(page, 'media.currentTime = 40', true);
    await expect.poll(async () => (await embedNow(frame)).shown, { timeout: 10_000 }).toBe(timeline.shownAt(40_000));
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
    expect((await embedNow(frame)).shown).toBe(timeline.shownAt(40_000));
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
