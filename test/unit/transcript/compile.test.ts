import { describe, expect, it } from 'vitest';
import { DEFAULT_EVS_MS, MIN_GAP_MS } from '../../../server/transcript/caption-style';
import { compileTranscript } from '../../../server/transcript/compile';
import { importPlainTranscript } from '../../../server/transcript/import/plain-transcript';
import { SOUND_EVENTS } from '../../../server/transcript/sound-events';
import { LEAD_IN_MS, SENTENCE_PAUSE_MS, TURN_PAUSE_MS, speechDurationMs } from '../../../server/transcript/speech-rate';
import path from 'node:path';
import { loadVienna, ROOT, VIENNA_SOURCE } from '../../support/load-vienna';

const vienna = loadVienna();

describe('speech-rate model', () => {
  it('speaks the press conference English at 150–180 words a minute', () => {
    const english = vienna.segments.filter((s) => s.kind === 'speech' && s.sourceLang === 'en');
    const words = english.reduce((n, s) => n + s.text.en!.split(' ').length, 0);
    const minutes = english.reduce((ms, s) => ms + speechDurationMs(s.text.en!, 'en'), 0) / 60_000;
    expect(words / minutes).toBeGreaterThanOrEqual(150);
    expect(words / minutes).toBeLessThanOrEqual(180);
  });

  it('adds a short pause at each clause mark', () => {
    expect(speechDurationMs('one, two, three', 'en') - speechDurationMs('one  two  three', 'en')).toBe(300);
  });
});

describe('compiled Vienna press conference', () => {
  it('lasts what the real press conference part would: about ten minutes', () => {
    expect(vienna.durationMs).toBeGreaterThan(8 * 60_000);
    expect(vienna.durationMs).toBeLessThan(13 * 60_000);
  });

  it('starts after the lead-in and keeps every segment in order without overlap', () => {
    expect(vienna.segments[0].startMs).toBe(LEAD_IN_MS);
    vienna.segments.slice(1).forEach((s, i) => {
      const prev = vienna.segments[i];
      const pause = s.startMs - prev.endMs;
      expect(pause, s.id).toBeGreaterThanOrEqual(s.turn === prev.turn ? SENTENCE_PAUSE_MS : TURN_PAUSE_MS);
    });
  });

  it('gives sound events their own time', () => {
    for (const s of vienna.segments.filter((x) => x.kind === 'sound')) {
      expect(s.endMs - s.startMs).toBe(SOUND_EVENTS[s.sound!].durationMs);
      expect(s.text.en).toBe(SOUND_EVENTS[s.sound!].label.en);
      expect(s.text.ru).toBe(SOUND_EVENTS[s.sound!].label.ru);
    }
  });

  it('shows the interpretation trailing its source by the ear-voice span', () => {
    const interpreted = vienna.segments.filter((s) => s.kind === 'speech' && s.sourceLang === 'ru');
    expect(interpreted.length).toBeGreaterThan(0);
    for (const s of interpreted) {
      expect(s.timing.en!.startMs - s.startMs).toBe(DEFAULT_EVS_MS);
      expect(s.timing.ru ? s.timing.ru.startMs : s.startMs).toBe(s.startMs);
    }
  });

  it('never shows two things at once in one language, with at least the minimum gap', () => {
    for (const lang of vienna.languages) {
      const spans = vienna.segments.flatMap((s) => (s.timing[lang] ? [s.timing[lang]] : [])).sort((a, b) => a.startMs - b.startMs);
      spans.slice(1).forEach((span, i) => expect(span.startMs - spans[i].endMs).toBeGreaterThanOrEqual(MIN_GAP_MS));
    }
  });

  it('lets the interpreter finish before a speaker of the other language starts', () => {
    const lavrovLast = vienna.segments.filter((s) => s.turn === 7).at(-1)!;
    const deMistura = vienna.segments.find((s) => s.turn === 8)!;
    expect(deMistura.startMs).toBeGreaterThanOrEqual(lavrovLast.timing.en!.endMs + SENTENCE_PAUSE_MS);
  });

  it('is what the importer produces from the committed source (the compiled file is not stale)', async () => {
    const { importTranscriptFile } = await import('../../../server/transcript/import-file');
    const fresh = importTranscriptFile(VIENNA_SOURCE, 'data/sources/vienna-2015-11-14.txt', {
      translationsDir: path.join(ROOT, 'data/translations'),
    });
    expect(fresh.translationProblems).toEqual([]);
    expect(fresh.transcript).toEqual(vienna);
  });

  it('rejects an ear-voice span outside 2–4 s', () => {
    const draft = importPlainTranscript('MR A: Hello.', { file: 'a.txt', id: 'a' }).draft!;
    expect(() => compileTranscript(draft, { evsMs: 5_000 })).toThrow(/evsMs/u);
  });
});

describe('translations', () => {
  // Imported inside each test, not while the file loads, so mutation testing sees which tests reach the importer.
  const twoSentences = () => importPlainTranscript('MR A: Hello there. Goodbye.', { file: 'a.txt', id: 'a', languages: ['en', 'ru'] }).draft!;
  const file = (segments: Record<string, { source: string; text: string }>) => ({ transcript: 'a', lang: 'ru' as const, segments });

  it('gives every segment of the press conference its Russian text', () => {
    for (const s of vienna.segments) expect(s.text.ru, s.id).toMatch(/[а-яё]/iu);
  });

  it('uses a translation only while its source sentence is unchanged, and reports the stale one', () => {
    const problems: unknown[] = [];
    const compiled = compileTranscript(twoSentences(), {
      translations: { ru: file({ 't00-s00': { source: 'Hello there.', text: 'Здравствуйте.' }, 't00-s01': { source: 'Bye.', text: 'До свидания.' } }) },
      onTranslationProblem: (p) => problems.push(p),
    });
    expect(compiled.segments.map((s) => s.text.ru)).toEqual(['Здравствуйте.', undefined]);
    expect(problems).toEqual([expect.objectContaining({ segmentId: 't00-s01', code: 'stale' })]);
  });

  it('reports a segment without a translation and a translation without a segment', () => {
    const problems: { code: string; segmentId: string }[] = [];
    compileTranscript(twoSentences(), {
      translations: { ru: file({ 't00-s00': { source: 'Hello there.', text: 'Здравствуйте.' }, 't09-s09': { source: 'x', text: 'y' } }) },
      onTranslationProblem: (p) => problems.push(p),
    });
    expect(problems.map((p) => [p.code, p.segmentId])).toEqual([
      ['missing', 't00-s01'],
      ['orphan', 't09-s09'],
    ]);
  });
});
