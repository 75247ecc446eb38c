import { describe, expect, it } from 'vitest';
import { exportCaptions } from '../../server/transcript/export/export-captions';
import { loadVienna } from '../support/load-vienna';
import { serverAndBrowserForFile } from '../support/e2e-server';

const vienna = loadVienna();
const ID = vienna.id;
const e2e = serverAndBrowserForFile();

function expected(format: 'vtt' | 'srt', lang: string) {
  const result = exportCaptions(vienna, format, lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

describe('transcript exports over HTTP, from the production server', () => {
  it('lists the transcripts it plays with their id, title, languages and duration', async () => {
    const response = await fetch(`${e2e.server().url}/api/transcripts`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/u);
    const { transcripts } = await response.json();
    expect(transcripts).toContainEqual({ id: ID, title: vienna.meta.title, languages: ['en', 'ru', 'fr', 'ar'], durationMs: vienna.durationMs });
  });

  it('serves the compiled transcript as JSON', async () => {
    const response = await fetch(`${e2e.server().url}/api/transcripts/${ID}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(vienna);
  });

  it.each([
    ['vtt', 'en', 'text/vtt; charset=utf-8', `${ID}.en.vtt`],
    ['vtt', 'ru', 'text/vtt; charset=utf-8', `${ID}.ru.vtt`],
    ['vtt', 'both', 'text/vtt; charset=utf-8', `${ID}.en-ru-fr-ar.vtt`],
    ['srt', 'en', 'application/x-subrip; charset=utf-8', `${ID}.en.srt`],
    ['srt', 'ru', 'application/x-subrip; charset=utf-8', `${ID}.ru.srt`],
  ] as const)('downloads captions.%s?lang=%s as %s named %s, in UTF-8', async (format, lang, type, name) => {
    const response = await fetch(`${e2e.server().url}/api/transcripts/${ID}/captions.${format}?lang=${lang}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    const body = new TextDecoder('utf-8', { fatal: true }).decode(await response.arrayBuffer());
    expect(body).toBe(expected(format, lang).body);
    if (lang !== 'en') expect(body).toMatch(/Госсекретарь Керри|КЕРРИ/u);
  });

  it('answers an unknown transcript with 404 JSON and a bad language with 400 JSON', async () => {
    const missing = await fetch(`${e2e.server().url}/api/transcripts/no-such-talk/captions.vtt?lang=en`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not-found', message: 'no transcript "no-such-talk"' });
    expect((await fetch(`${e2e.server().url}/api/transcripts/no-such-talk`)).status).toBe(404);

    for (const query of ['captions.vtt?lang=de', 'captions.vtt', 'captions.srt?lang=both']) {
      const bad = await fetch(`${e2e.server().url}/api/transcripts/${ID}/${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/json/u);
      expect((await bad.json()).error, query).toBe('bad-lang');
    }
  });
});

describe("Chromium's own WebVTT parser", () => {
  it.each(['en', 'ru', 'fr', 'ar', 'both'] as const)('reads every cue of the %s track with its text and times', async (lang) => {
    const page = await e2e.browser().newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // A page on the server's origin, so the track is a same-origin fetch.
    const pageUrl = `${e2e.server().url}/e2e/caption-tracks`;
    await page.route(pageUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><title>tracks</title><video></video></html>' }),
    );
    await page.goto(pageUrl);
    const cues = await page.evaluate(
      async ({ src, srclang }) => {
        const video = document.querySelector('video')!;
        const element = document.createElement('track');
        element.kind = 'captions';
        element.srclang = srclang;
        element.label = srclang;
        element.src = src;
        const loaded = new Promise<void>((resolve, reject) => {
          element.addEventListener('load', () => resolve(), { once: true });
          element.addEventListener('error', () => reject(new Error(`the track failed to load: ${src}`)), { once: true });
        });
        video.append(element);
        element.track.mode = 'hidden';
        await loaded;
        return Array.from(element.track.cues ?? [], (cue) => ({
          id: cue.id,
          startMs: Math.round(cue.startTime * 1000),
          endMs: Math.round(cue.endTime * 1000),
          text: (cue as VTTCue).text,
        }));
      },
      { src: `/api/transcripts/${ID}/captions.vtt?lang=${lang}`, srclang: lang === 'both' ? 'en' : lang },
    );
    const written = expected('vtt', lang).cues;
    expect(cues).toHaveLength(written.length);
    expect(cues).toEqual(written.map((c) => ({ id: c.id, startMs: c.startMs, endMs: c.endMs, text: c.payload })));
    // Kerry speaks first: in English as himself, in each booth as its interpretation, under the booth's own label.
    const FIRST_VOICE = {
      en: /^<v Secretary Kerry>/u,
      both: /^<lang en><v Secretary Kerry>/u,
      ru: /^<v\.interpreted Госсекретарь Керри>/u,
      fr: /^<v\.interpreted Secrétaire d’État Kerry>/u,
      ar: /^<v\.interpreted وزير الخارجية الأمريكي كيري>/u,
    } as const;
    expect(cues[0].text).toMatch(FIRST_VOICE[lang]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
