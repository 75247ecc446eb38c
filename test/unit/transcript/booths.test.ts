import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../../server/rooms/room-registry';
import { DEFAULT_EVS_MS, MIN_GAP_MS } from '../../../server/transcript/caption-style';
import { compileTranscript } from '../../../server/transcript/compile';
import { importTranscriptFile } from '../../../server/transcript/import-file';
import { importPlainTranscript } from '../../../server/transcript/import/plain-transcript';
import type { Transcript } from '../../../server/transcript/model';
import { loadTranscripts } from '../../../server/transcript/store';
import { loadTranslations, type TranslationFile, type TranslationProblem } from '../../../server/transcript/translations';
import { fileRoomStore } from '../../../server/rooms/room-store';
import { FakeTime } from '../../support/fake-time';
import { ROOT } from '../../support/load-vienna';

/**
 * A made-up closing session in four booths: English on the floor (and Arabic, for the minister who
 * speaks through an interpreter), Russian, French and Arabic from translation files. The source
 * definition lists en and ar; ru and fr come only from their files. fr trails by 2.5 s, ar by 3.5 s,
 * ru by the transcript's 3 s.
 */
const FIXTURE = path.join(ROOT, 'test/fixtures/booths');
const SOURCE = path.join(FIXTURE, 'assembly.txt');
const TRANSLATIONS = path.join(FIXTURE, 'translations');
const sidecar = JSON.parse(readFileSync(path.join(FIXTURE, 'assembly.json'), 'utf8'));
const draft = importPlainTranscript(readFileSync(SOURCE, 'utf8'), { file: 'assembly.txt', ...sidecar }).draft!;
const files = loadTranslations(TRANSLATIONS, 'assembly');

function compiled(translations: Partial<Record<string, TranslationFile>> = files, problems: TranslationProblem[] = []): Transcript {
  return compileTranscript(draft, { translations, onTranslationProblem: (p) => problems.push(p) });
}

const EVS = { en: DEFAULT_EVS_MS, ar: 3_500, fr: 2_500, ru: DEFAULT_EVS_MS } as const;

describe('a transcript in four booths', () => {
  const { transcript, translationProblems } = importTranscriptFile(SOURCE, 'test/fixtures/booths/assembly.txt', { translationsDir: TRANSLATIONS });

  it('has the source definition languages in its order, then each booth a translation file brings', () => {
    expect(translationProblems).toEqual([]);
    expect(transcript.languages).toEqual(['en', 'ar', 'fr', 'ru']);
    expect(transcript.segments.filter((s) => s.kind === 'speech').every((s) => transcript.languages.every((l) => s.text[l]))).toBe(true);
  });

  it('starts each interpretation its own booth’s ear-voice span after the speaker, and the language spoken at once', () => {
    expect(transcript.boothEvsMs).toEqual({ ar: 3_500, fr: 2_500 });
    const speech = transcript.segments.filter((s) => s.kind === 'speech');
    expect(new Set(speech.map((s) => s.sourceLang))).toEqual(new Set(['en', 'ar']));
    for (const s of speech) {
      for (const lang of transcript.languages) {
        const lag = s.timing[lang]!.startMs - s.startMs;
        expect(lag, `${s.id} ${lang}`).toBe(lang === s.sourceLang ? 0 : EVS[lang as keyof typeof EVS]);
      }
    }
  });

  it('never shows two things at once in any booth', () => {
    for (const lang of transcript.languages) {
      const spans = transcript.segments.flatMap((s) => (s.timing[lang] ? [s.timing[lang]] : [])).sort((a, b) => a.startMs - b.startMs);
      expect(spans.length, lang).toBe(transcript.segments.length);
      spans.slice(1).forEach((span, i) => expect(span.startMs - spans[i].endMs, lang).toBeGreaterThanOrEqual(MIN_GAP_MS));
    }
  });

  it('labels speakers and titles the transcript in each booth’s language', () => {
    const novak = transcript.speakers.find((s) => s.id === 'novak')!;
    expect(novak.label).toEqual({ en: 'Chair Novak', ar: 'الرئيسة نوفاك', fr: 'La Présidente Novak', ru: 'Председатель Новак' });
    expect(novak.short).toEqual({ en: 'NOVAK', ar: 'نوفاك', fr: 'NOVAK', ru: 'НОВАК' });
    expect(transcript.meta.title).toBe('Water Assembly, closing session');
    expect(transcript.meta.titles).toEqual({
      ar: 'جمعية المياه، الجلسة الختامية',
      fr: "Assemblée de l'eau, séance de clôture",
      ru: 'Водная ассамблея, заключительное заседание',
    });
  });

  it('labels a sound from the built-in table, else the booth’s file, else in English', () => {
    const laughter = () => transcript.segments.find((s) => s.kind === 'sound')!;
    expect(laughter().text).toEqual({ en: '[laughter]', ar: '[ضحك]', fr: '[rires]', ru: '[смех]' });
    // The table wins over a file (ru has a label in the table); a booth with neither shows the English label.
    const ru = { ...files.ru!, sounds: { laughter: '[хохот]' } };
    const { sounds: _, ...frWithoutSounds } = files.fr!;
    const other = compiled({ ...files, ru, fr: frWithoutSounds }).segments.find((s) => s.kind === 'sound')!;
    expect(other.text).toEqual({ en: '[laughter]', ar: '[ضحك]', fr: '[laughter]', ru: '[смех]' });
  });

  it('tells the room its languages, titles and labels', () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'booths-'));
    const store = fileRoomStore(stateDir, { error: () => undefined, warn: () => undefined });
    const registry = new RoomRegistry({
      transcripts: new Map([[transcript.id, transcript]]),
      time: new FakeTime(),
      sinkFor: () => ({ segment: () => undefined, clock: () => undefined }),
      lookaheadMs: 1_000,
      loopPauseMs: 0,
      store,
      maxRooms: 1,
    });
    cleanups.push(() => {
      registry.dispose();
      store.close();
    });
    const { room } = registry.create(transcript.id, { secret: 'x'.repeat(32) });
    expect(room.info.languages).toEqual(['en', 'ar', 'fr', 'ru']);
    expect(room.info.titles).toEqual(transcript.meta.titles);
    expect(room.info.speakers.find((s) => s.id === 'karimi')!.label.ar).toBe('الوزير كريمي');
  });
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('translation problems, per booth', () => {
  it('reports a stale, a missing and an orphaned translation in the booth they are in, and keeps the other booths whole', () => {
    const problems: TranslationProblem[] = [];
    const fr = { ...files.fr!, segments: { ...files.fr!.segments, 't00-s01': { source: 'We begin with the report.', text: 'Nous commençons par le rapport.' } } };
    const { 't02-s00': _, ...ruSegments } = files.ru!.segments;
    const ru = { ...files.ru!, segments: ruSegments };
    const ar = { ...files.ar!, segments: { ...files.ar!.segments, 't09-s00': { source: 'Gone.', text: 'ذهب.' } }, speakers: { ...files.ar!.speakers, nobody: { label: 'لا أحد' } } };
    const t = compiled({ ...files, fr, ru, ar }, problems);
    expect(problems.map((p) => [p.lang, p.code, p.segmentId])).toEqual([
      ['fr', 'stale', 't00-s01'],
      ['ru', 'missing', 't02-s00'],
      ['ar', 'orphan', 't09-s00'],
      ['ar', 'orphan', 'speakers.nobody'],
    ]);
    expect(t.segments[1].text.fr).toBeUndefined();
    expect(t.segments[1].text.ru).toBe('Начнём с доклада о реках.');
    expect(t.segments[6].text.ru).toBeUndefined();
    expect(t.segments[6].text.ar).toBe('شكرًا لكم.');
  });

  it('refuses a translation file whose name spells its language in a form that is not canonical', () => {
    expect(() => loadTranslations(path.join(FIXTURE, 'bad-name'), 'assembly')).toThrow(/assembly\.zh-hans\.json.*canonical form/u);
  });
});

describe('a transcript in one language', () => {
  const problems: TranslationProblem[] = [];
  const t = compiled({}, problems);

  it('is one lane: the listed language with no text is left out, with a note, and no sound label stands in for it', () => {
    expect(t.languages).toEqual(['en']);
    expect(t.meta.notes).toContain('language "ar" left out: no segment has text in it');
    for (const s of t.segments) {
      expect(Object.keys(s.text), s.id).toEqual(['en']);
      expect(Object.keys(s.timing), s.id).toEqual(['en']);
    }
    expect(t.meta.titles).toBeUndefined();
    expect(t.boothEvsMs).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('reports every segment of a booth the source definition asks for when no file brings it, and shows no lane for it', () => {
    const asked: TranslationProblem[] = [];
    const withFrench = compileTranscript({ ...draft, languages: [...draft.languages, 'fr'] }, { translations: {}, onTranslationProblem: (p) => asked.push(p) });
    const speech = withFrench.segments.filter((s) => s.kind === 'speech');
    expect(asked.map((p) => [p.lang, p.code, p.segmentId])).toEqual(speech.map((s) => ['fr', 'missing', s.id]));
    expect(withFrench.languages).toEqual(['en']);
  });

  it('still trails the floor language behind the minister who speaks through an interpreter', () => {
    const karimi = t.segments.find((s) => s.kind === 'speech' && s.sourceLang === 'ar')!;
    expect(karimi.timing.en!.startMs - karimi.startMs).toBe(DEFAULT_EVS_MS);
  });
});

describe('a one-language upload saved by an older server', () => {
  it('opens with its stray Russian sound labels left out instead of failing to load', () => {
    const english = compiled({});
    const saved = {
      ...english,
      segments: english.segments.map((s) => (s.kind === 'sound' ? { ...s, text: { ...s.text, ru: '[смех]' } } : s)),
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'old-upload-'));
    writeFileSync(path.join(dir, 'assembly.json'), JSON.stringify(saved));
    const loaded = loadTranscripts(dir).get('assembly')!;
    expect(loaded.languages).toEqual(['en']);
    expect(loaded.segments.find((s) => s.kind === 'sound')!.text).toEqual({ en: '[laughter]' });
    expect(loaded).toEqual(english);
  });
});

describe('languages in any script', () => {
  it('compiles German with a Simplified Chinese booth, labels and sounds from the file', () => {
    const de = importPlainTranscript('FRAU BAUER: Guten Morgen. (Laughter.) Wir beginnen pünktlich.', { file: 'sitzung.txt', id: 'sitzung', languages: ['de'] }).draft!;
    const zh: TranslationFile = {
      transcript: 'sitzung',
      lang: 'zh-Hans',
      evsMs: 2_000,
      speakers: { 'frau-bauer': { label: '鲍尔女士', short: '鲍尔' } },
      sounds: { laughter: '[笑声]' },
      segments: {
        't00-s00': { source: 'Guten Morgen.', text: '早上好。' },
        't00-s02': { source: 'Wir beginnen pünktlich.', text: '我们准时开始。' },
      },
    };
    const problems: TranslationProblem[] = [];
    const t = compileTranscript(de, { translations: { 'zh-Hans': zh }, onTranslationProblem: (p) => problems.push(p) });
    expect(problems).toEqual([]);
    expect(t.languages).toEqual(['de', 'zh-Hans']);
    expect(t.segments.map((s) => s.text)).toEqual([
      { de: 'Guten Morgen.', 'zh-Hans': '早上好。' },
      { de: '[laughter]', 'zh-Hans': '[笑声]' },
      { de: 'Wir beginnen pünktlich.', 'zh-Hans': '我们准时开始。' },
    ]);
    expect(t.segments[0].timing['zh-Hans']!.startMs - t.segments[0].startMs).toBe(2_000);
    expect(t.speakers[0].label['zh-Hans']).toBe('鲍尔女士');
  });
});
