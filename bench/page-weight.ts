/**
 * Page weight and first caption, against the production build served by our server with pages
 * (SERVE_PAGES=1): the HTML of /embed/PRESS and /watch/PRESS and every script they reference,
 * gzipped at level 9, summed per page; stylesheets and fonts apart. Then navigation → first caption
 * painted in headless Chromium, measured in the page, median of N fresh contexts; the baseline is
 * a static page holding one caption line and nothing else, served by node:http (the browser's floor).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { ROOM, startPagesServer } from './lib/pages-server';
import { sleep, tempDir, type NodeProcess } from './lib/proc';
import { median } from './lib/stats';

export interface Asset {
  readonly url: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface PageWeight {
  readonly path: string;
  readonly html: Asset;
  /** Scripts a module-capable browser loads (`<script src>` and `<link rel=preload as=script>`, not `nomodule`). */
  readonly scripts: readonly Asset[];
  readonly jsGzipBytes: number;
  /** `nomodule` scripts: only very old browsers load them. */
  readonly nomodule: readonly Asset[];
  readonly css: readonly Asset[];
  readonly cssGzipBytes: number;
  /** WOFF2 fonts the page's CSS references (each face loads only when its unicode-range is used). */
  readonly fonts: readonly Asset[];
  readonly fontBytes: number;
  /** Fonts Chromium actually fetched while the page showed its first caption. */
  readonly fontsLoaded: readonly string[];
}

export interface FirstCaption {
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
}

export interface PageResult {
  readonly embed: PageWeight;
  readonly watch: PageWeight;
  readonly firstCaption: {
    readonly embed: { readonly ours: FirstCaption; readonly baseline: FirstCaption };
    readonly watch: { readonly ours: FirstCaption; readonly baseline: FirstCaption };
  };
}

export interface PageOptions {
  readonly samples: number;
  readonly log: (line: string) => void;
}

export const EMBED_CAPTION = '[data-lane] .l';
export const WATCH_CAPTION = '[data-testid="caption-turn"]';

async function fetchAsset(base: string, url: string): Promise<{ asset: Asset; text: string }> {
  const absolute = new URL(url, base).toString();
  const response = await fetch(absolute, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`GET ${absolute}: ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  return { asset: { url: new URL(absolute).pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }, text: body.toString('utf8') };
}

/** `src`/`href` of the scripts a page references, split into module-capable and `nomodule`. */
export function scriptUrls(html: string): { scripts: string[]; nomodule: string[] } {
  const scripts = new Set<string>();
  const nomodule = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/giu) ?? []) {
    const src = /\ssrc="([^"]+)"/iu.exec(tag)?.[1];
    if (!src) continue;
    (/\snomodule\b/iu.test(tag) ? nomodule : scripts).add(src.replace(/&amp;/gu, '&'));
  }
  for (const tag of html.match(/<link\b[^>]*>/giu) ?? []) {
    if (!/\srel="(?:preload|modulepreload)"/iu.test(tag) || (/\srel="preload"/iu.test(tag) && !/\sas="script"/iu.test(tag))) continue;
    const href = /\shref="([^"]+)"/iu.exec(tag)?.[1];
    if (href) scripts.add(href.replace(/&amp;/gu, '&'));
  }
  for (const src of nomodule) scripts.delete(src);
  return { scripts: [...scripts], nomodule: [...nomodule] };
}

export function stylesheetUrls(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/giu) ?? []) {
    if (!/\srel="stylesheet"/iu.test(tag)) continue;
    const href = /\shref="([^"]+)"/iu.exec(tag)?.[1];
    if (href) urls.push(href.replace(/&amp;/gu, '&'));
  }
  return urls;
}

export function woff2Urls(css: string): string[] {
  return [...new Set([...css.matchAll(/url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/gu)].map((m) => m[1]))];
}

async function weigh(base: string, path: string): Promise<PageWeight> {
  const page = await fetchAsset(base, path);
  const { scripts, nomodule } = scriptUrls(page.text);
  const scriptAssets = await Promise.all(scripts.map(async (u) => (await fetchAsset(base, u)).asset));
  const nomoduleAssets = await Promise.all(nomodule.map(async (u) => (await fetchAsset(base, u)).asset));
  const css: Asset[] = [];
  const fontUrls = new Set<string>(woff2Urls(page.text).map((u) => new URL(u, new URL(path, base)).toString()));
  for (const href of stylesheetUrls(page.text)) {
    const sheet = await fetchAsset(base, href);
    css.push(sheet.asset);
    const sheetUrl = new URL(href, base);
    for (const u of woff2Urls(sheet.text)) fontUrls.add(new URL(u, sheetUrl).toString());
  }
  const fonts = await Promise.all([...fontUrls].map(async (u) => (await fetchAsset(base, u)).asset));
  const sum = (assets: readonly Asset[], pick: (a: Asset) => number) => assets.reduce((n, a) => n + pick(a), 0);
  return {
    path,
    html: page.asset,
    scripts: scriptAssets,
    jsGzipBytes: sum(scriptAssets, (a) => a.gzipBytes),
    nomodule: nomoduleAssets,
    css,
    cssGzipBytes: sum(css, (a) => a.gzipBytes),
    fonts,
    fontBytes: sum(fonts, (a) => a.bytes),
    fontsLoaded: [],
  };
}

/** Runs in the page before any of its own scripts: notes when the first caption with text exists, FCP, and the frame after. */
function initScript(selector: string): string {
  return `(() => {
  const state = { exists: -1, raf: -1, fcp: -1 };
  window.__benchCaption = state;
  const mark = () => {
    if (state.exists >= 0) return;
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el || !(el.textContent || '').trim()) return;
    state.exists = performance.now();
    requestAnimationFrame(() => { state.raf = performance.now(); });
    observer.disconnect();
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') state.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
})();`;
}

/**
 * Milliseconds from navigation start to the first paint showing a caption: the first contentful
 * paint when the caption was in the document before it (server-rendered), else the start of the
 * first frame after the caption appeared.
 */
export function firstCaptionPaintMs(state: { exists: number; raf: number; fcp: number }): number | null {
  if (state.exists < 0) return null;
  if (state.fcp >= 0 && state.fcp >= state.exists) return state.fcp;
  if (state.fcp >= 0 && state.raf >= 0) return state.raf;
  return null;
}

async function measureFirstCaption(browser: Browser, url: string, selector: string, samples: number, fonts?: Set<string>): Promise<FirstCaption> {
  const results: number[] = [];
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      if (fonts) page.on('response', (r) => r.url().endsWith('.woff2') && fonts.add(new URL(r.url()).pathname));
      await page.addInitScript(initScript(selector));
      await page.goto(url, { waitUntil: 'commit', timeout: 20_000 });
      const handle = await page.waitForFunction(
        () => {
          const s = (window as unknown as { __benchCaption?: { exists: number; raf: number; fcp: number } }).__benchCaption;
          if (!s || s.exists < 0 || s.fcp < 0) return null;
          if (s.fcp >= s.exists) return s;
          return s.raf >= 0 ? s : null;
        },
        undefined,
        { timeout: 20_000, polling: 50 },
      );
      const state = (await handle.jsonValue()) as { exists: number; raf: number; fcp: number };
      const ms = firstCaptionPaintMs(state);
      if (ms === null) throw new Error(`no caption painted on ${url}`);
      results.push(ms);
      // Let the page's sockets and fonts settle before the next fresh context.
      await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => {});
    } finally {
      await context.close();
    }
  }
  return { samplesMs: results, medianMs: median(results) };
}

/** The floor: a static page with one caption line, no script, no stylesheet, no font. */
function staticBaseline(text: string): Promise<{ server: Server; url: string }> {
  const escape = (s: string) => s.replace(/[&<>"]/gu, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><div data-lane="en"><p class="l" data-testid="caption-turn">${escape(text)}</p></div></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

async function waitForCaptions(base: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const html = await (await fetch(`${base}/embed/${ROOM}`)).text();
    // A row is `<b>>> label: </b>` then the words, with numbers and sound labels isolated in <bdi>.
    const row = /<p class="l"[^>]*>(.*?)<\/p>/su.exec(html);
    const words = row?.[1].replace(/<b>.*?<\/b>/su, '').replace(/<[^>]+>/gu, '').trim();
    if (words) return words;
    await sleep(250);
  }
  throw new Error('the room showed no caption within 30 s');
}

export async function runPageWeight(options: PageOptions): Promise<PageResult> {
  const state = tempDir('boothcast-bench-pages-');
  let server: NodeProcess | undefined;
  let browser: Browser | undefined;
  let baseline: Server | undefined;
  try {
    server = await startPagesServer(state.dir);
    const base = server.url;
    const text = await waitForCaptions(base);
    // Warm the server: the first request to each route loads its code.
    for (const path of [`/embed/${ROOM}`, `/watch/${ROOM}`]) await (await fetch(`${base}${path}`)).text();

    const embed = await weigh(base, `/embed/${ROOM}`);
    const watch = await weigh(base, `/watch/${ROOM}`);
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    for (const w of [embed, watch]) {
      options.log(`pages: ${w.path}: HTML ${kib(w.html.gzipBytes)} gz, JS ${kib(w.jsGzipBytes)} gz in ${w.scripts.length} scripts, CSS ${kib(w.cssGzipBytes)} gz, ${w.fonts.length} fonts referenced (${kib(w.fontBytes)})`);
    }

    const static_ = await staticBaseline(text);
    baseline = static_.server;
    browser = await launchBrowser();
    const embedFonts = new Set<string>();
    const watchFonts = new Set<string>();
    const embedOurs = await measureFirstCaption(browser, `${base}/embed/${ROOM}`, EMBED_CAPTION, options.samples, embedFonts);
    const embedBase = await measureFirstCaption(browser, static_.url, EMBED_CAPTION, options.samples);
    const watchOurs = await measureFirstCaption(browser, `${base}/watch/${ROOM}`, WATCH_CAPTION, options.samples, watchFonts);
    const watchBase = await measureFirstCaption(browser, static_.url, WATCH_CAPTION, options.samples);
    const ms = (f: FirstCaption) => `${f.medianMs.toFixed(0)} ms [${f.samplesMs.map((s) => s.toFixed(0)).join(', ')}]`;
    options.log(`pages: first caption /embed ${ms(embedOurs)}, baseline ${ms(embedBase)}; /watch ${ms(watchOurs)}, baseline ${ms(watchBase)}`);
    return {
      embed: { ...embed, fontsLoaded: [...embedFonts] },
      watch: { ...watch, fontsLoaded: [...watchFonts] },
      firstCaption: { embed: { ours: embedOurs, baseline: embedBase }, watch: { ours: watchOurs, baseline: watchBase } },
    };
  } finally {
    await browser?.close();
    baseline?.close();
    await server?.stop();
    state.cleanup();
  }
}
