import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { DocClient } from '../support/doc-client';
import { loadVienna } from '../support/load-vienna';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Scrollback and the interface language in a real browser: a viewer who joins late reads the whole
 * event so far over HTTP and nothing the live lanes have not shown; a Russian interface names
 * speakers and the title in Russian (page, oEmbed); the presenter's pause is said in the caption
 * area; no request of the viewer, the embed or the transcript page answers 404.
 */
const vienna = loadVienna();
/** 8:31 into the press conference: sentence 59 finished in English (8:28.6) but still being interpreted (Russian ends 8:32.2); sentence 60 under way. */
const POSITION_MS = 511_000;

let server: ServerProcess;
let browser: Browser;
let presenter: DocClient;
let code: string;
let commands = 0;
const contexts: BrowserContext[] = [];

async function command(event: string, extra: Record<string, unknown> = {}) {
  commands += 1;
  const reply = await presenter.command(event, { room: code, commandId: `history-${commands}-${Date.now()}`, ...extra });
  expect(reply.ok).toBe(true);
}

async function viewerIn(locale: 'en-US' | 'ru-RU'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  contexts.push(context);
  return context.newPage();
}

/** Every response of a page load that failed, as `status url`. */
function failures(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`));
  return failed;
}

beforeAll(async () => {
  server = await startServerProcess({ STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-e2e-history-')) });
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ transcriptId: vienna.id, autoplay: false }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { code: string; secret: string };
  code = created.code;
  presenter = new DocClient(server.url, code, { auth: { presenter: { room: code, secret: created.secret } } });
  await presenter.connect();
  // The room has been running for 8½ minutes and is paused there: what the lanes showed is fixed.
  await command('playback:seek', { positionMs: POSITION_MS });
});

afterAll(async () => {
  presenter?.close();
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

/** What the scrollback lists: each sentence's id with the languages it shows. */
async function scrollback(page: Page): Promise<string[]> {
  return page
    .getByTestId('history-lines')
    .locator('li[data-segment]')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-segment')}:${[...li.querySelectorAll('p[lang]')].map((p) => p.getAttribute('lang')).join('+')}`));
}

/** What the scrollback must list at the position for these lanes: each language once its lane finished it. */
function expected(lanes: readonly string[]): string[] {
  return vienna.segments.flatMap((s) => {
    const finished = lanes.filter((lang) => s.text[lang] !== undefined && (s.timing[lang]?.endMs ?? Infinity) <= POSITION_MS);
    return finished.length > 0 ? [`${s.id}:${finished.join('+')}`] : [];
  });
}

async function lanesOf(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="lane-"]').evaluateAll((lanes) => lanes.map((lane) => lane.getAttribute('data-testid')!.slice('lane-'.length)));
}

describe('scrollback after a late join', () => {
  it('holds the transcript from its first sentence up to now, and nothing the live lanes have not shown', async () => {
    const page = await viewerIn('en-US');
    const failed = failures(page);
    await page.goto(`${server.url}/watch/${code}`);
    await page.getByRole('button', { name: 'Earlier captions' }).click();
    const lanes = await lanesOf(page);
    expect(lanes.length).toBeGreaterThan(1);
    const want = expected(lanes);
    await expect.poll(() => scrollback(page), { timeout: 15_000 }).toEqual(want);
    // From the very first sentence, though the socket's snapshot carried only the last few.
    expect(want[0]).toMatch(/^t00-s00:/u);
    // The sentence being said is not there, and the one being interpreted shows its English only.
    expect(want.some((line) => line.startsWith('t11-s02:'))).toBe(false);
    expect(want.find((line) => line.startsWith('t11-s01:'))).toBe('t11-s01:en');
    expect(await page.getByTestId('history-speaker').first().textContent()).toBe('Secretary Kerry');
    // The reader starts at the newest line.
    const list = page.getByTestId('history-lines');
    await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThanOrEqual(24);
    expect(failed).toEqual([]);
  });

  it('keeps the reader’s place when new lines arrive, and offers a way back to the newest', async () => {
    const page = await viewerIn('en-US');
    await page.goto(`${server.url}/watch/${code}`);
    await page.getByRole('button', { name: 'Earlier captions' }).click();
    const list = page.getByTestId('history-lines');
    await expect.poll(async () => (await scrollback(page)).length, { timeout: 15_000 }).toBe(expected(await lanesOf(page)).length);
    await list.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    await expect.poll(() => page.getByTestId('history-jump').isVisible()).toBe(true);
    const count = (await scrollback(page)).length;
    await command('playback:play');
    // Lines arrive as the room plays; the reader is still at the top.
    await expect.poll(async () => (await scrollback(page)).length, { timeout: 20_000 }).toBeGreaterThan(count);
    expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
    await page.getByTestId('history-jump').click();
    await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThanOrEqual(24);
    await expect.poll(() => page.getByTestId('history-jump').count()).toBe(0);
    await command('playback:pause');
    await command('playback:seek', { positionMs: POSITION_MS });
  });
});

describe('the presenter’s pause in the caption area', () => {
  it('shows it and tells screen readers, then tells them when it resumes', async () => {
    const page = await viewerIn('en-US');
    await page.goto(`${server.url}/watch/${code}`);
    const notice = page.locator('#captions').getByTestId('pause-notice');
    const announcer = page.getByTestId('pause-announcer');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('Paused by the presenter');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await command('playback:play');
    await expect.poll(() => announcer.textContent(), { timeout: 10_000 }).toBe('Resumed');
    expect(await notice.count()).toBe(0);
    await command('playback:pause');
    await expect.poll(() => announcer.textContent(), { timeout: 10_000 }).toBe('Paused by the presenter');
    expect(await notice.isVisible()).toBe(true);
    await command('playback:seek', { positionMs: POSITION_MS });
  });
});

describe('one interface language at a time', () => {
  const russianTitle = vienna.meta.titles?.ru;

  it('names the room and the speakers in Russian in the Russian interface', async () => {
    expect(russianTitle).toBeTruthy();
    const page = await viewerIn('ru-RU');
    await page.goto(`${server.url}/watch/${code}`);
    expect(await page.locator('h1').first().textContent()).toBe(russianTitle);
    expect(await page.title()).toContain(russianTitle!);
    expect(await page.locator('#captions').getByTestId('pause-notice').textContent()).toContain('Ведущий поставил паузу');
    await page.getByRole('button', { name: 'Ранее сказанное' }).click();
    await expect.poll(async () => (await scrollback(page)).length, { timeout: 15_000 }).toBe(expected(await lanesOf(page)).length);
    const names = await page.getByTestId('history-speaker').allTextContents();
    const ids = await page.getByTestId('history-lines').locator('li[data-segment]').evaluateAll((items) => items.map((li) => li.getAttribute('data-segment')));
    const labelOf = (segmentId: string | null) => {
      const segment = vienna.segments.find((s) => s.id === segmentId)!;
      return vienna.speakers.find((sp) => sp.id === segment.speakerId)!.label.ru;
    };
    expect(names).toEqual(ids.map(labelOf));
    expect(names[0]).toBe('Госсекретарь Керри');
    // The attribution is a short linked source, not the raw address.
    const source = page.locator('footer a');
    expect(await source.textContent()).toBe('uspa24.com');
    expect(await page.locator('footer').textContent()).not.toContain('https://');
  });

  it('links oEmbed from the viewer page, in the page’s language, and oEmbed takes ?lang=', async () => {
    const page = await viewerIn('ru-RU');
    await page.goto(`${server.url}/watch/${code}`);
    const href = await page.locator('link[rel="alternate"][type="application/json+oembed"]').getAttribute('href');
    expect(href).toContain('/api/oembed?url=');
    const discovered = await fetch(href!);
    expect(discovered.status).toBe(200);
    const ru = (await discovered.json()) as { title: string; html: string };
    expect(ru.title).toBe(russianTitle);
    expect(ru.html).toContain(`title="Субтитры в эфире: ${russianTitle}"`);
    const watch = encodeURIComponent(`${server.url}/watch/${code}`);
    const en = (await (await fetch(`${server.url}/api/oembed?url=${watch}&lang=en`)).json()) as { title: string };
    expect(en.title).toBe(vienna.meta.title);
    expect((await fetch(`${server.url}/api/oembed?url=${watch}&lang=de`)).status).toBe(400);
  });

  it('says on the 404 page how long room codes really are', async () => {
    const response = await fetch(`${server.url}/watch/ZZZZZZ`, { headers: { 'accept-language': 'en' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Room codes are 4 to 8 letters and digits');
  });
});

describe('no request answers 404', () => {
  it.each([
    ['the viewer', () => `/watch/${code}`],
    ['the embed', () => `/embed/${code}`],
    ['the transcript page', () => `/transcript/${vienna.id}`],
  ])('loads %s with every request answered', async (_what, pathOf) => {
    const page = await viewerIn('en-US');
    const failed = failures(page);
    await page.goto(`${server.url}${pathOf()}`, { waitUntil: 'load' });
    // Late requests too (icons, the scrollback's fetch, fonts): give them a moment to be made.
    await page.waitForTimeout(1_500);
    expect(failed).toEqual([]);
  });

  it('answers the favicon browsers ask for with the site’s icon', async () => {
    const response = await fetch(`${server.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
  });
});
