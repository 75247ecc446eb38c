import { networkInterfaces } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAndBrowserForFile } from '../support/e2e-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const SECRET = 'console-phone-secret-0123456789';
/** Listening on every interface, as a teacher's laptop in a classroom does (HOST=0.0.0.0). */
const e2e = serverAndBrowserForFile({ DEFAULT_ROOM_SECRET: SECRET, HOST: '0.0.0.0' });

async function openConsole(options: { width: number; height: number; touch?: boolean }): Promise<Page> {
  const context = await e2e.browser().newContext({
    viewport: { width: options.width, height: options.height },
    locale: 'en-US',
    ...(options.touch ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  await context.addInitScript((secret) => sessionStorage.setItem('boothcast:presenter:PRESS', secret), SECRET);
  const page = await context.newPage();
  await page.goto(`${e2e.server().url}/present/PRESS`);
  await expect.poll(() => page.getByTestId('presenter-connection').textContent(), { timeout: 20_000 }).toBe('Connected');
  return page;
}

/** The `m:ss` (or `h:mm:ss`) in a console status line such as "Jumped to 3:05.", in seconds. */
function secondsIn(status: string | null): number {
  const match = /(\d+):(\d\d)(?::(\d\d))?/u.exec(status ?? '');
  if (!match) throw new Error(`no time in ${JSON.stringify(status)}`);
  const parts = match.slice(1).filter((p): p is string => p !== undefined).map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

describe('the console from a phone', () => {
  it('at 360×740 on a touch screen shows play/pause within the first screen, and no keyboard table', async () => {
    const page = await openConsole({ width: 360, height: 740, touch: true });
    const bar = page.getByTestId('transport-bar');
    const pause = bar.getByRole('button', { name: /^(Pause|Play)$/u });
    const box = (await pause.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(740);
    expect(await page.getByTestId('shortcuts').isVisible()).toBe(false);

    // Still there after scrolling down to the transcript, and it works.
    await page.getByTestId('transcript').scrollIntoViewIfNeeded();
    const after = (await pause.boundingBox())!;
    expect(after.y + after.height).toBeLessThanOrEqual(740);
    const before = await page.getByTestId('playback-status').textContent();
    await pause.tap();
    await expect.poll(() => page.getByTestId('playback-status').textContent(), { timeout: 10_000 }).not.toBe(before);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('on a laptop shows the keyboard table and no bar', async () => {
    const page = await openConsole({ width: 1280, height: 800 });
    expect(await page.getByTestId('shortcuts').isVisible()).toBe(true);
    expect(await page.getByTestId('transport-bar').isVisible()).toBe(false);
    await page.context().close();
  });
});

describe('Space toggles play/pause, as on YouTube', () => {
  it('after a click on "+10 s", Space pauses the room instead of jumping another ten seconds', async () => {
    const page = await openConsole({ width: 1280, height: 800 });
    const status = page.getByTestId('playback-status');
    if ((await status.textContent()) !== 'Playing') {
      await page.getByTestId('play-pause').click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Playing');
    }
    const forward = page.getByRole('button', { name: '+10 s forward' });
    await forward.click();
    await expect.poll(() => page.getByTestId('console-status').textContent(), { timeout: 10_000 }).toMatch(/^Jumped to /u);
    const jumpedTo = secondsIn(await page.getByTestId('console-status').textContent());
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('+10');

    await page.keyboard.press('Space');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Paused');
    await expect.poll(() => page.getByTestId('console-status').textContent(), { timeout: 10_000 }).toMatch(/^Paused at /u);
    // A second press of "+10 s" would have put the room at least ten seconds past the jump.
    expect(secondsIn(await page.getByTestId('console-status').textContent()) - jumpedTo).toBeLessThan(10);

    // Space again, still on the focused button: playing again.
    await page.keyboard.press('Space');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Playing');
    await page.context().close();
  });
});

/** Non-internal IPv4 addresses of this machine: what a phone on the same network could open. */
const lanIpv4 = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))
  .map((a) => a!.address);

describe('the join address reaches the students', () => {
  it('a console opened at 127.0.0.1 hands out this machine’s network address, which answers', async () => {
    const page = await openConsole({ width: 1280, height: 800 });
    const joinUrl = (await page.getByTestId('join-url').textContent())!;
    const reach = (await page.getByTestId('join-reach').textContent())!;
    if (lanIpv4.length === 0) {
      // A machine with no network but loopback: nothing to offer, and the console says so.
      expect(reach).toMatch(/^Phones cannot open a localhost link: /u);
    } else {
      const url = new URL(joinUrl);
      expect(lanIpv4).toContain(url.hostname);
      expect(url.port).toBe(new URL(e2e.server().url).port);
      expect(reach).toMatch(/phones cannot open, so students get this computer’s network address/u);
      // The QR code says the same address, and it really serves the room.
      expect(await page.getByTestId('qr-code').getAttribute('aria-label')).toContain(joinUrl);
      expect((await fetch(joinUrl)).status).toBe(200);
    }
    await page.context().close();
  });
});

describe('PUBLIC_URL', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ DEFAULT_ROOM_SECRET: SECRET, PUBLIC_URL: 'https://captions.example/' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is the address in the join link, the QR code, the embed snippet and oEmbed, whatever address the console used', async () => {
    const context = await e2e.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await context.addInitScript((secret) => sessionStorage.setItem('boothcast:presenter:PRESS', secret), SECRET);
    const page = await context.newPage();
    await page.goto(`${server.url}/present/PRESS`);
    expect(await page.getByTestId('join-url').textContent()).toBe('https://captions.example/watch/PRESS');
    expect(await page.getByTestId('qr-code').getAttribute('aria-label')).toContain('https://captions.example/watch/PRESS');
    expect(await page.getByTestId('join-reach').count()).toBe(0);
    expect(await page.getByTestId('embed-snippet').inputValue()).toContain('src="https://captions.example/embed/PRESS');
    await context.close();

    const oembed = await fetch(`${server.url}/api/oembed?url=${encodeURIComponent('https://captions.example/watch/PRESS')}`);
    expect(oembed.status).toBe(200);
    const body = (await oembed.json()) as { html: string; provider_url: string };
    expect(body.provider_url).toBe('https://captions.example');
    expect(body.html).toContain('src="https://captions.example/embed/PRESS');
  });

  it('refuses to start when it is not an origin, naming the variable', async () => {
    await expect(startServerProcess({ PUBLIC_URL: 'captions.example/watch' })).rejects.toThrow(/PUBLIC_URL: must be an absolute URL/u);
  });
});
