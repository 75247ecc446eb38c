import { describe, expect, it } from 'vitest';
import { exportCaptions, exportLanguages } from '../../../server/transcript/export/export-captions';
import { captionResponse, transcriptResponse } from '../../../server/transcript/http/transcript-responses';
import type { Transcript } from '../../../server/transcript/model';
import { loadAssembly } from '../../support/assembly';

const assembly = loadAssembly();
const english = loadAssembly([]);

function file(transcript: Transcript, format: 'vtt' | 'srt', lang: string) {
  const result = exportCaptions(transcript, format, lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

describe('exports of a transcript in four booths', () => {
  it('names each language in the WebVTT NOTE and the file, for any tag', () => {
    const ar = file(assembly, 'vtt', 'ar');
    expect(ar.fileName).toBe('assembly.ar.vtt');
    expect(ar.body.split('\n\n')[1].split('\n')).toEqual(['NOTE', 'جمعية المياه، الجلسة الختامية', 'Language: ar (Arabic)', 'Transcript']);
    const fr = file(assembly, 'vtt', 'fr');
    expect(fr.body).toContain('\nLanguage: fr (French)\n');
    expect(fr.cues[0].payload).toBe('<v.interpreted La Présidente Novak>Bonjour et bienvenue\nà la séance de clôture.</v>');
  });

  it('writes the languages asked for, in that order, or all of them for `both`', () => {
    const arEn = file(assembly, 'vtt', 'ar,en');
    expect(arEn.fileName).toBe('assembly.ar-en.vtt');
    expect(arEn.body).toContain('Languages: ar (Arabic), en (English); each cue is in one language');
    expect(new Set(arEn.cues.map((c) => c.lang))).toEqual(new Set(['ar', 'en']));
    const all = file(assembly, 'vtt', 'both');
    expect(all.fileName).toBe('assembly.en-ar-fr-ru.vtt');
    expect(all.cues.filter((c) => c.lang === 'ru')).toHaveLength(file(assembly, 'vtt', 'ru').cues.length);
    expect(exportLanguages(assembly, 'srt')).toEqual(['en', 'ar', 'fr', 'ru']);
  });

  it('marks turns in each language’s SRT with that language’s short name, and labels sounds in it', () => {
    const ar = file(assembly, 'srt', 'ar');
    expect(ar.fileName).toBe('assembly.ar.srt');
    expect(ar.cues[0].payload).toBe('>> نوفاك: صباح الخير،\nومرحبًا بكم في الجلسة الختامية.');
    expect(ar.cues.map((c) => c.payload)).toContain('[ضحك]');
    expect(file(assembly, 'srt', 'ru').cues.map((c) => c.payload)).toContain('[смех]');
  });
});

describe('exports of a one-language transcript', () => {
  it('offers only its language, with no bilingual file', () => {
    expect(english.languages).toEqual(['en']);
    expect(exportLanguages(english, 'vtt')).toEqual(['en']);
    expect(exportCaptions(english, 'vtt', 'both')).toMatchObject({ ok: false, error: 'bad-lang' });
    expect(exportCaptions(english, 'vtt', 'ar')).toEqual({ ok: false, error: 'bad-lang', message: 'lang: "ar" is not a language of this transcript, one of en' });
    expect(file(english, 'vtt', 'en').cues.map((c) => c.payload)).toContain('[laughter]');
  });
});

describe('the /api/transcripts handlers for any language', () => {
  const loaded = (id: string) => new Map([[assembly.id, assembly]]).get(id);
  const at = (query: string) => `http://localhost/api/transcripts/assembly${query}`;

  it('gives one booth as a download with its title and speaker labels, whatever case the tag is asked in', async () => {
    const response = await transcriptResponse(assembly.id, loaded, at('?lang=FR'));
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="assembly.fr.json"');
    const body = await response.json();
    expect(body).toMatchObject({ language: 'fr', title: "Assemblée de l'eau, séance de clôture" });
    expect(body.segments[0]).toMatchObject({ speaker: 'La Présidente Novak', interpreted: true, text: 'Bonjour et bienvenue à la séance de clôture.' });
    expect(body.segments.find((s: { kind: string }) => s.kind === 'sound')).toMatchObject({ text: '[rires]' });
  });

  it('answers a language the transcript does not have with 400 naming the field and the languages it has', async () => {
    const response = await transcriptResponse(assembly.id, loaded, at('?lang=de'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'unsupported-language',
      message: 'lang: "de" is not a language of this transcript, one of en, ar, fr, ru',
      field: 'lang',
    });
    const captions = await captionResponse(assembly.id, 'srt', at('/captions.srt?lang=en_US'), loaded);
    expect(captions.status).toBe(400);
    expect(await captions.json()).toMatchObject({ error: 'bad-lang', field: 'lang' });
  });

  it('serves an Arabic SRT with its download name', async () => {
    const response = await captionResponse(assembly.id, 'srt', at('/captions.srt?lang=ar'), loaded);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="assembly.ar.srt"');
    expect(await response.text()).toMatch(/^1\n00:00:\d\d,\d{3} --> .*\n>> نوفاك: /u);
  });
});
