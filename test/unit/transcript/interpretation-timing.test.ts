import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVS_MS, MIN_GAP_MS, languageStyle } from '../../../server/transcript/caption-style';
import { checkTranscript } from '../../../server/transcript/check/check-transcript';
import { compileTranscript } from '../../../server/transcript/compile';
import type { DraftTranscript } from '../../../server/transcript/draft';
import { importPlainTranscript } from '../../../server/transcript/import/plain-transcript';
import type { Segment, Transcript } from '../../../server/transcript/model';
import { SENTENCE_PAUSE_MS } from '../../../server/transcript/speech-rate';
import { loadTranslations } from '../../../server/transcript/translations';
import { loadVienna, ROOT, VIENNA_SOURCE } from '../../support/load-vienna';
import { readFileSync } from 'node:fs';

const vienna = loadVienna();
const interpretedLang = (s: Segment) => (s.sourceLang === 'en' ? 'ru' : 'en');

function lanes(t: Transcript) {
  return t.languages.map((lang) => t.segments.flatMap((s) => (s.timing[lang] ? [{ segment: s, span: s.timing[lang] }] : [])).sort((a, b) => a.span.startMs - b.span.startMs));
}

describe('interpreter timing in the press conference', () => {
  const speech = vienna.segments.filter((s) => s.kind === 'speech');

  it('starts every interpretation the ear-voice span after its source', () => {
    for (const s of speech) expect(s.timing[interpretedLang(s)]!.startMs - s.startMs, s.id).toBe(DEFAULT_EVS_MS);
  });

  it('gives every interpretation at least the time its text needs at the aim reading speed', () => {
    for (const s of speech) {
      const lang = interpretedLang(s);
      const span = s.timing[lang]!;
      expect((s.text[lang]!.length * 1000) / (span.endMs - span.startMs), s.id).toBeLessThanOrEqual(languageStyle(lang).aimReadingCps + 0.01);
    }
  });

  it('never runs an interpretation into the next thing shown in its language', () => {
    for (const lane of lanes(vienna)) {
      lane.slice(1).forEach(({ span, segment }, i) => expect(span.startMs - lane[i].span.endMs, segment.id).toBeGreaterThanOrEqual(MIN_GAP_MS));
    }
  });
});

describe('the ear-voice span is set per transcript, 2 to 4 s', () => {
  it.each([2_000, 4_000])('trails by %i ms and still meets every caption rule', (evsMs) => {
    // Imported inside the test, not while the file loads, so mutation testing sees which tests reach the importer.
    const sidecar = JSON.parse(readFileSync(VIENNA_SOURCE.replace(/\.txt$/u, '.json'), 'utf8'));
    const draft = importPlainTranscript(readFileSync(VIENNA_SOURCE, 'utf8'), { file: 'vienna.txt', id: 'vienna-2015-11-14', ...sidecar }).draft!;
    const translations = loadTranslations(path.join(ROOT, 'data/translations'), 'vienna-2015-11-14');
    const compiled = compileTranscript(draft, { evsMs, translations });
    expect(compiled.evsMs).toBe(evsMs);
    for (const s of compiled.segments.filter((x) => x.kind === 'speech')) {
      expect(s.timing[interpretedLang(s)]!.startMs - s.startMs).toBe(evsMs);
    }
    expect(checkTranscript(compiled).languages.flatMap((l) => l.violations)).toEqual([]);
  });
});

describe('an interpretation longer than its source', () => {
  const ru = {
    transcript: 'a',
    lang: 'ru' as const,
    segments: {
      't00-s00': { source: 'Yes, indeed.', text: 'Да, безусловно, мы полностью согласны со всем сказанным.' },
      't00-s01': { source: 'We agree.', text: 'Мы согласны.' },
      't01-s00': { source: 'Good.', text: 'Хорошо.' },
    },
  };
  // Imported inside each test, not while the file loads, so mutation testing sees which tests reach the importer.
  const compiled = () => {
    const draft = importPlainTranscript('MR A: Yes, indeed. We agree.\n\nMR B: Good.', { file: 'a.txt', id: 'a', languages: ['en', 'ru'] }).draft!;
    return compileTranscript(draft, { translations: { ru } }).segments;
  };

  it('runs on into the pause at no more than the aim reading speed, and the speaker leaves room for it', () => {
    const [first, second] = compiled();
    const span = first.timing.ru!;
    expect(span.endMs - span.startMs).toBeGreaterThan(first.endMs - first.startMs);
    expect((first.text.ru!.length * 1000) / (span.endMs - span.startMs)).toBeLessThanOrEqual(languageStyle('ru').aimReadingCps);
    expect(second.timing.ru!.startMs).toBeGreaterThanOrEqual(span.endMs + SENTENCE_PAUSE_MS);
    expect(second.timing.ru!.startMs - second.startMs).toBe(DEFAULT_EVS_MS);
  });

  it('ends before the next speaker is interpreted', () => {
    const [, second, third] = compiled();
    expect(third.timing.ru!.startMs).toBeGreaterThan(second.timing.ru!.endMs);
  });
});

describe('a timed interpretation that would run into the next segment', () => {
  const RU_MAX_CPS = languageStyle('ru').maxReadingCps;
  const timed = (nextStartMs: number): DraftTranscript => ({
    id: 't',
    meta: { title: 't', sourceFile: 't.srt', attribution: 't', notes: [] },
    languages: ['en', 'ru'],
    speakers: [{ id: 'a', label: { en: 'A' }, short: { en: 'A' } }],
    segments: [
      { kind: 'speech', turn: 0, speakerId: 'a', sourceLang: 'en', line: 1, startMs: 1_000, endMs: 3_000, text: { en: 'Yes, indeed.', ru: 'Да, безусловно, мы полностью согласны со всем сказанным.' } },
      { kind: 'speech', turn: 0, speakerId: 'a', sourceLang: 'en', line: 5, startMs: nextStartMs, endMs: nextStartMs + 1_500, text: { en: 'We agree.', ru: 'Мы согласны.' } },
    ],
  });

  it('is compressed to end the minimum gap before it, within the hard reading speed; the speech keeps its times', () => {
    // 55 characters: 3.79 s at Russian's aim of 14.5 characters a second, 3.24 s at its limit of 17.
    const [first, second] = compileTranscript(timed(4_500)).segments;
    expect(first.timing.ru!.endMs).toBe(second.timing.ru!.startMs - MIN_GAP_MS);
    expect((first.text.ru!.length * 1000) / (first.timing.ru!.endMs - first.timing.ru!.startMs)).toBeLessThanOrEqual(RU_MAX_CPS);
    expect([first.startMs, first.endMs, second.startMs]).toEqual([1_000, 3_000, 4_500]);
  });

  it('stops at the hard reading speed when even that is not enough, and check says so', () => {
    const compiled = compileTranscript(timed(3_500));
    const [first] = compiled.segments;
    expect((first.text.ru!.length * 1000) / (first.timing.ru!.endMs - first.timing.ru!.startMs)).toBeCloseTo(RU_MAX_CPS, 0);
    // The cue gives way to the next one, so it is up too short to be read.
    const ru = checkTranscript(compiled).languages.filter((l) => l.lang === 'ru');
    expect(new Set(ru.flatMap((l) => l.violations.map((v) => v.rule)))).toEqual(new Set(['reading-speed']));
  });
});
