import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docSnippets } from '../support/doc-snippets';
import { FAKE_YOUTUBE_IFRAME_API } from '../support/fake-youtube';
import { CaptionTimeline, followThrough, launchMediaBrowser, openHostPage, startHostSite, toneWav, type Controls, type HostSite } from '../support/media-lock';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Issue 15: host.js binding a YouTube iframe player, in Chromium. The YouTube IFrame API cannot be
 * loaded here (no internet): test/support/fake-youtube.ts stands in for it, written from its
 * reference (state numbers, events, getters that exist only from `onReady`, the `<div>` replaced
 * by the player's iframe) and playing a real `<audio>` in the player's frame. The host pages are
 * docs/embed.md's YouTube snippets as written, with only the addresses changed: one binds in
 * `onReady`, the other straight after `new YT.Player`. Then the same play, seek, rate and pause
 * script as for `<audio>` (test/support/media-lock.ts), asserting the caption follows within a frame.
 */
const AUDIO_SECONDS = 180;

let app: ServerProcess;
let host: HostSite;
let browser: Browser;
let timeline: CaptionTimeline;

/** In the page: the audio inside the player's frame (the API's `<div id="player">` is now its iframe). */
const TEST_MEDIA = `<script>window.testMedia = () => document.getElementById('player').contentDocument.querySelector('audio');</script>`;

beforeAll(async () => {
  app = await startServerProcess();
  const [onReady, atOnce] = docSnippets('docs/embed.md', 'test/e2e/host-youtube.test.ts', {
    'https://captions.example': app.url,
    'https://www.youtube.com/iframe_api': '/iframe_api',
  });
  const pageOf = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Event page</title></head><body>\n${body}\n${TEST_MEDIA}\n</body></html>`;
  const withScript = onReady.replace(/<script>\n {2}function onYouTubeIframeAPIReady[\s\S]*?<\/script>/u, `<script>\n${atOnce}\n</script>`);
  expect(withScript).not.toBe(onReady);
  const html = 'text/html; charset=utf-8';
  host = await startHostSite({
    '/on-ready': { type: html, body: pageOf(onReady) },
    '/at-once': { type: html, body: pageOf(withScript) },
    '/iframe_api': { type: 'text/javascript', body: FAKE_YOUTUBE_IFRAME_API },
    '/M7lc1UVf-VE.wav': { type: 'audio/wav', body: toneWav(AUDIO_SECONDS) },
  });
  timeline = await CaptionTimeline.load(app.url);
  browser = await launchMediaBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await app?.stop();
});

/** The page's YT.Player, driven through the API as a page would. */
const PLAYER = 'window.fakeYouTubePlayers[0]';
const YOUTUBE_CONTROLS: Controls = {
  play: () => `${PLAYER}.playVideo()`,
  pause: () => `${PLAYER}.pauseVideo()`,
  seek: (seconds) => `${PLAYER}.seekTo(${seconds}, true)`,
  rate: (rate) => `${PLAYER}.setPlaybackRate(${rate})`,
};

const playerReady = () => {
  const player = (window as unknown as { fakeYouTubePlayers?: { getCurrentTime?: unknown }[] }).fakeYouTubePlayers?.[0];
  const media = document.getElementById('player') instanceof HTMLIFrameElement && (window as unknown as { testMedia: () => HTMLMediaElement | null }).testMedia();
  return typeof player?.getCurrentTime === 'function' && !!media && media.readyState >= 3;
};

describe('host.js with a YouTube iframe player', () => {
  it.each([
    ['bound in onReady', '/on-ready'],
    ['bound before onReady', '/at-once'],
  ])('the captions follow the player (%s) through play, seeks, rate changes and pauses, within one frame', async (name, path) => {
    const { page, frame, errors } = await openHostPage(browser, `${host.origin}${path}`, playerReady);
    await followThrough(page, frame, timeline, YOUTUBE_CONTROLS, `YouTube player, ${name}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("refuses the player's iframe in place of the player, saying what to give", async () => {
    const { page } = await openHostPage(browser, `${host.origin}/on-ready`, playerReady);
    const message = await page.evaluate(() => {
      try {
        (window as unknown as { Boothcast: { bind: (a: string, b: string) => void } }).Boothcast.bind('#captions', '#player');
        return 'bound';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    expect(message).toMatch(/^TypeError: .*#player.*YT\.Player/u);
    await page.close();
  }, 60_000);
});
