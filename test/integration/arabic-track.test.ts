import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaptions } from '../../server/transcript/export/export-captions';
import type { CaptionFile } from '../../server/transcript/export/caption-file';
import type { Transcript } from '../../server/transcript/model';
import { loadAssembly } from '../support/assembly';
import { launchBrowser } from '../support/browser';

/**
 * The exports of an English + Arabic session as Chromium's own `<track>` parser reads them: the
 * WebVTT files as they are, and the Arabic SRT the way players that take SRT load it (`WEBVTT`
 * above it, a full stop for the decimal comma). A static page on a tiny local server; no build.
 */
const transcript: Transcript = loadAssembly(['ar']);
/** The same booth when its file names nobody in Arabic: turns are marked `>> NOVAK:` on Arabic lines. */
const unnamed: Transcript = loadAssembly(['ar'], { withoutSpeakers: true });

function exported(format: 'vtt' | 'srt', lang: string, from: Transcript = transcript): CaptionFile {
  const result = exportCaptions(from, format, lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

const files: Record<string, { type: string; body: string }> = {
  '/ar.vtt': { type: 'text/vtt; charset=utf-8', body: exported('vtt', 'ar').body },
  '/en-ar.vtt': { type: 'text/vtt; charset=utf-8', body: exported('vtt', 'en,ar').body },
  '/ar-srt.vtt': { type: 'text/vtt; charset=utf-8', body: asPlayersLoadSrt(exported('srt', 'ar').body) },
  '/ar-unnamed-srt.vtt': { type: 'text/vtt; charset=utf-8', body: asPlayersLoadSrt(exported('srt', 'ar', unnamed).body) },
  '/': {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><meta charset="utf-8"><title>tracks</title><video></video>',
  },
};

/** SRT as players that take it hand it to a WebVTT parser: the signature line, and a full stop for the decimal comma. */
function asPlayersLoadSrt(srt: string): string {
  return `WEBVTT\n\n${srt.replace(/(\d\d:\d\d:\d\d),(\d{3})/gu, '$1.$2')}`;
}

interface ReadCue {
  id: string;
  startMs: number;
  endMs: number;
  /** The cue's text as the parser built it (getCueAsHTML), line breaks kept. */
  text: string;
  /** The voice span's annotation, when the cue has one. */
  voice: string | null;
  /** Each line laid out as the cue box lays it out (unicode-bidi: plaintext): its direction. */
  directions: ('ltr' | 'rtl')[];
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Adds a `<track>` for `src`, waits until Chromium has parsed it, and reads its cues back. */
function readTrack(src: string, lang: string): Promise<ReadCue[]> {
  return page.evaluate(
    async ({ src, lang }) => {
      const video = document.querySelector('video')!;
      const element = document.createElement('track');
      element.src = src;
      element.srclang = lang;
      element.kind = 'captions';
      video.append(element);
      element.track.mode = 'hidden';
      await new Promise<void>((resolve, reject) => {
        element.addEventListener('load', () => resolve());
        element.addEventListener('error', () => reject(new Error(`${src} did not load as a text track`)));
      });
      // Lay each line out as a cue box does (WebVTT rendering: unicode-bidi: plaintext), so each
      // line takes its direction from its own first strong character.
      const box = document.createElement('div');
      box.style.cssText = 'width: 1200px; unicode-bidi: plaintext; text-align: start; font: 16px sans-serif';
      document.body.append(box);
      const cues = [...(element.track.cues ?? [])] as VTTCue[];
      return cues.map((cue) => {
        const html = cue.getCueAsHTML();
        const holder = document.createElement('div');
        holder.append(html);
        const voice = holder.querySelector('span[title]')?.getAttribute('title') ?? null;
        // The marks that set a line's direction show nothing: the text is what remains.
        const text = (holder.textContent ?? '').replace(/\u200f/gu, '');
        const directions = text.split('\n').map((_line, index) => {
          const p = document.createElement('p');
          p.style.cssText = 'margin: 0; unicode-bidi: plaintext; text-align: start';
          p.textContent = (holder.textContent ?? '').split('\n')[index];
          box.append(p);
          const range = document.createRange();
          range.selectNodeContents(p);
          const laid = range.getBoundingClientRect();
          const edge = p.getBoundingClientRect();
          p.remove();
          // Text aligned at the start of its paragraph: right-aligned runs right to left.
          return Math.abs(edge.right - laid.right) < Math.abs(laid.left - edge.left) ? 'rtl' : 'ltr';
        });
        return { id: cue.id, startMs: Math.round(cue.startTime * 1000), endMs: Math.round(cue.endTime * 1000), text, voice, directions };
      });
    },
    { src, lang },
  );
}

/** What the transcript holds in a language, in the order it is shown: speaker, text, when. */
function lane(lang: string) {
  return transcript.segments
    .filter((s) => s.text[lang] !== undefined)
    .sort((a, b) => a.timing[lang]!.startMs - b.timing[lang]!.startMs)
    .map((s) => ({ segment: s, speaker: transcript.speakers.find((sp) => sp.id === s.speakerId)! }));
}

const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();
const AR_LETTERS = /\p{Script=Arabic}/u;

describe('an Arabic WebVTT export in Chromium’s <track> parser', () => {
  it('reads back every cue with its time, its text in transcript order, and the speaker at each change of turn', async () => {
    const written = exported('vtt', 'ar');
    const read = await readTrack('/ar.vtt', 'ar');
    expect(read.map((c) => [c.id, c.startMs, c.endMs])).toEqual(written.cues.map((c) => [c.id, c.startMs, c.endMs]));
    read.slice(1).forEach((cue, i) => expect(cue.startMs).toBeGreaterThanOrEqual(read[i].endMs));

    // The cues, one after another, say exactly what the transcript says in Arabic, sound labels included.
    const shown = lane('ar');
    expect(oneLine(read.map((c) => c.text).join(' '))).toBe(oneLine(shown.map((s) => s.segment.text.ar!).join(' ')));
    expect(read.map((c) => c.text)).toContain('[ضحك]');

    // Speech is in its speaker's voice, named in Arabic, and the voice changes exactly where the
    // transcript's turns do; the first cue starts when the Arabic lane does.
    expect(read[0].startMs).toBe(shown[0].segment.timing.ar!.startMs);
    const voices = read.flatMap((c) => (c.voice === null ? [] : [c.voice]));
    expect(voices.filter((v, i) => v !== voices[i - 1])).toEqual(['الرئيسة نوفاك', 'الوزير كريمي', 'الرئيسة نوفاك']);
    const turns = shown.filter((s, i) => s.segment.turn !== shown[i - 1]?.segment.turn).map((s) => s.speaker.label.ar);
    expect(turns).toEqual(['الرئيسة نوفاك', 'الوزير كريمي', 'الرئيسة نوفاك']);
    expect(read.filter((c) => c.voice === null).map((c) => c.text)).toEqual(['[ضحك]']);

    // Every line of Arabic runs right to left.
    for (const cue of read) expect(cue.directions, cue.text).toEqual(cue.text.split('\n').map(() => 'rtl'));
  });

  it('keeps each language of the en,ar file apart, in time order, with its own text', async () => {
    const written = exported('vtt', 'en,ar');
    const read = await readTrack('/en-ar.vtt', 'en');
    expect(read.map((c) => [c.id, c.startMs, c.endMs])).toEqual(written.cues.map((c) => [c.id, c.startMs, c.endMs]));
    read.slice(1).forEach((cue, i) => expect(cue.startMs).toBeGreaterThanOrEqual(read[i].startMs));
    for (const lang of ['en', 'ar']) {
      const cues = read.filter((c) => c.id.startsWith(`${lang}-`));
      expect(oneLine(cues.map((c) => c.text).join(' ')), lang).toBe(oneLine(lane(lang).map((s) => s.segment.text[lang]!).join(' ')));
      for (const cue of cues) expect(cue.directions, cue.text).toEqual(cue.text.split('\n').map(() => (lang === 'ar' ? 'rtl' : 'ltr')));
    }
  });
});

describe('an Arabic SRT export, loaded as players load SRT', () => {
  it('reads back each turn’s >> and speaker, the sound label, and times, with every line right to left', async () => {
    const written = exported('srt', 'ar');
    const read = await readTrack('/ar-srt.vtt', 'ar');
    expect(read.map((c) => [c.id, c.startMs, c.endMs])).toEqual(written.cues.map((c) => [c.id, c.startMs, c.endMs]));
    const turns = read.filter((c) => c.text.startsWith('>> ')).map((c) => c.text.slice(0, c.text.indexOf(':') + 1));
    expect(turns).toEqual(['>> نوفاك:', '>> كريمي:', '>> نوفاك:']);
    const withoutMarks = read.map((c) => c.text.replace(/^>> [^:]+: /u, ''));
    expect(oneLine(withoutMarks.join(' '))).toBe(oneLine(lane('ar').map((s) => s.segment.text.ar!).join(' ')));
    expect(read.map((c) => c.text)).toContain('[ضحك]');
    for (const cue of read) {
      expect(cue.text).toMatch(AR_LETTERS);
      expect(cue.directions, cue.text).toEqual(cue.text.split('\n').map(() => 'rtl'));
    }
  });
});

describe('an Arabic booth whose file names no speaker in Arabic', () => {
  it('still runs every SRT line right to left, the English name kept whole after >>', async () => {
    const read = await readTrack('/ar-unnamed-srt.vtt', 'ar');
    const turns = read.filter((c) => c.text.startsWith('>> ')).map((c) => c.text.slice(0, c.text.indexOf(':') + 1));
    expect(turns).toEqual(['>> NOVAK:', '>> KARIMI:', '>> NOVAK:']);
    for (const cue of read) expect(cue.directions, cue.text).toEqual(cue.text.split('\n').map(() => 'rtl'));
  });
});
