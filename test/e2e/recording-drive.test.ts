import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockState } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { launchBrowser } from '../support/browser';
import { DocClient } from '../support/doc-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * A room driven by a recording, as a teacher uses it: the console plays the lesson's recording
 * (here a generated WAV of four minutes), and its play, pause, seek, speed and the caption delay
 * move the room's clock, which every viewer follows. The room is watched over the wire by a client
 * written from docs/protocol.md, so what is asserted is what the students get.
 */

/** A mono 8-bit WAV of `seconds` at 8 kHz: a quiet 440 Hz tone, so the browser has real audio to play. */
function wav(seconds: number): Buffer {
  const rate = 8_000;
  const samples = seconds * rate;
  const out = Buffer.alloc(44 + samples);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + samples, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate, 28); // bytes per second
  out.writeUInt16LE(1, 32);
  out.writeUInt16LE(8, 34);
  out.write('data', 36);
  out.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) out[44 + i] = 128 + Math.round(20 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return out;
}

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-e2e-recording-')) });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openRoom(): Promise<{ code: string; secret: string }> {
  const response = await fetch(`${server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ transcriptId: 'vienna-2015-11-14', autoplay: false, loop: true }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string; secret: string };
}

/** The media time (ms) in the console and the room's position at the same instant, as a student's client computes it. */
async function mediaAndRoom(page: Page, viewer: DocClient): Promise<{ mediaMs: number; roomMs: number; clock: ClockState; paused: boolean }> {
  const media = await page.getByTestId('recording-media').evaluate((el: HTMLMediaElement) => ({ t: el.currentTime, paused: el.paused, at: Date.now() }));
  const clock = viewer.clock as unknown as ClockState;
  return { mediaMs: media.t * 1000, roomMs: positionAt(clock, media.at), clock, paused: media.paused };
}

describe('a room driven by the recording the console plays', () => {
  it('follows the recording’s play, seek, pause and speed, with the caption delay, for every viewer', async () => {
    const { code, secret } = await openRoom();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.addInitScript(([c, s]) => sessionStorage.setItem(`boothcast:presenter:${c}`, s), [code, secret] as const);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/present/${code}`);
    await expect.poll(() => page.getByTestId('presenter-connection').textContent(), { timeout: 15_000 }).toBe('Connected');

    const viewer = new DocClient(server.url, code);
    viewer.socket.connect();
    await expect.poll(() => viewer.clock?.status, { timeout: 10_000 }).toBe('paused');

    await page.getByLabel('Recording file (audio or video)').setInputFiles({ name: 'lesson.wav', mimeType: 'audio/wav', buffer: wav(240) });
    await expect.poll(() => page.getByTestId('recording-status').textContent()).toContain('follows the recording (lesson.wav)');
    // A room that looped on its own clock would fight the recording: attaching turns looping off.
    await expect.poll(() => (viewer.clock as unknown as ClockState | undefined)?.loop).toBe(false);
    await expect.poll(() => page.getByTestId('recording-media').evaluate((el: HTMLMediaElement) => el.readyState >= 1)).toBe(true);

    const gaps: number[] = [];
    /** Waits until the room is where the recording is, within `toleranceMs`, and records the gap. */
    const converged = async (toleranceMs: number, check: (s: Awaited<ReturnType<typeof mediaAndRoom>>) => boolean = () => true, delayMs = 0) => {
      let last: Awaited<ReturnType<typeof mediaAndRoom>> | undefined;
      await expect
        .poll(
          async () => {
            last = await mediaAndRoom(page, viewer);
            return Math.abs(last.mediaMs - delayMs - last.roomMs) <= toleranceMs && check(last);
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      gaps.push(Math.abs(last!.mediaMs - delayMs - last!.roomMs));
    };

    // Space in the console (a user gesture, as a teacher's key press is) plays the recording, and the room with it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Space');
    await converged(300, (s) => !s.paused && s.clock.status === 'playing');

    // Seeking the recording moves every viewer's captions to the same place.
    await page.getByTestId('recording-media').evaluate((el: HTMLMediaElement) => {
      el.currentTime = 150;
    });
    await converged(300, (s) => s.mediaMs > 149_000 && s.clock.status === 'playing');

    // The console's own "+10 s" acts on the recording, which the room then follows.
    const beforeJump = (await mediaAndRoom(page, viewer)).mediaMs;
    await page.getByRole('button', { name: /forward 10 seconds|\+10/iu }).first().click();
    await converged(300, (s) => s.mediaMs > beforeJump + 9_000);

    // A faster recording: the room plays at the same speed.
    await page.getByTestId('recording-media').evaluate((el: HTMLMediaElement) => {
      el.playbackRate = 1.5;
    });
    await expect.poll(() => viewer.clock?.rate).toBe(1.5);
    await converged(300);

    // Pausing the recording pauses the room at the recording's exact time.
    await page.getByTestId('recording-media').evaluate((el: HTMLMediaElement) => el.pause());
    await converged(60, (s) => s.paused && s.clock.status === 'paused');

    // Captions 2 s later than the recording: the room sits 2 s behind it.
    await page.getByTestId('caption-delay').fill('2');
    await converged(60, (s) => s.clock.status === 'paused', 2_000);

    console.log(`recording lock: largest gap between the recording and the room ${Math.round(Math.max(...gaps))} ms over ${gaps.length} checks`);
    expect(errors).toEqual([]);
    viewer.socket.disconnect();
    await context.close();
  });
});
