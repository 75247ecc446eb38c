import { describe, expect, it } from 'vitest';
import {
  CHAIN_GAP_BELOW_MS,
  KEEP_PAUSE_FROM_MS,
  languageStyle,
  MAX_CUE_MS,
  MAX_TAIL_MS,
  MIN_CUE_MS,
  MIN_GAP_MS,
  MIN_SOUND_LABEL_MS,
} from '../../../server/transcript/caption-style';
import { checkTranscript } from '../../../server/transcript/check/check-transcript';
import { checkCues } from '../../../server/transcript/cues/check-cues';
import { cueText } from '../../../server/transcript/cues/cue';
import { segmentCues } from '../../../server/transcript/cues/segment-cues';
import { loadVienna } from '../../support/load-vienna';
import { timedTranscript } from './build-transcript';

const vienna = loadVienna();

describe('the bundled press conference in house style', () => {
  it('has zero violations in every language and export format, and no translation problems', () => {
    // Checked inside the test, not while the file loads: mutation testing then sees which test
    // reaches the cue check, instead of running every test for each of its mutants.
    const report = checkTranscript(vienna);
    expect(report.languages.map((l) => [l.lang, l.format, l.violations])).toEqual([
      ['en', 'vtt', []],
      ['en', 'srt', []],
      ['ru', 'vtt', []],
      ['ru', 'srt', []],
      ['fr', 'vtt', []],
      ['fr', 'srt', []],
      ['ar', 'vtt', []],
      ['ar', 'srt', []],
    ]);
    expect(report.translationProblems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it.each(['en', 'ru', 'fr', 'ar'] as const)('loses, adds and reorders no word of the %s text, and keeps one speaker per cue', (lang) => {
    const cues = segmentCues(vienna, lang, 'text');
    for (const segment of vienna.segments) {
      const own = cues.filter((c) => c.segmentId === segment.id);
      expect(own.map(cueText).join(' '), segment.id).toBe(segment.text[lang]);
      for (const cue of own) expect(cue.speakerId).toBe(segment.speakerId);
    }
  });

  it('starts each turn with a new cue that names the speaker, >> SURNAME: in text', () => {
    const en = segmentCues(vienna, 'en', 'text');
    const ru = segmentCues(vienna, 'ru', 'text');
    expect(en[0].turnLabel).toBe('>> KERRY:');
    expect(ru[0].turnLabel).toBe('>> КЕРРИ:');
    const lavrov = en.filter((c) => c.speakerId === 'lavrov' && c.turnLabel);
    expect(lavrov.map((c) => c.turnLabel)).toEqual(['>> LAVROV:', '>> LAVROV:']);
    en.forEach((cue, i) => {
      if (i > 0 && cue.speakerId !== en[i - 1].speakerId) expect(cue.turnLabel, `cue ${cue.number}`).toMatch(/^>> /u);
    });
  });

  it('marks the interpretation: Lavrov interpreted into English, the English speakers into Russian', () => {
    const en = segmentCues(vienna, 'en', 'voice');
    const ru = segmentCues(vienna, 'ru', 'voice');
    expect(en.filter((c) => c.interpreted).every((c) => c.speakerId === 'lavrov')).toBe(true);
    expect(ru.find((c) => c.speakerId === 'kerry')?.interpreted).toBe(true);
  });
});

describe('the segmenter on timed text', () => {
  const long =
    'When the ministers met in Vienna this morning, they agreed on a timetable for the talks, on a ceasefire that would hold across the country, and on the list of groups that the United Nations will invite.';

  it('splits a long sentence at clause boundaries, sharing its time by characters', () => {
    const transcript = timedTranscript([{ speaker: 'kerry', text: long, start: 1_000, end: 14_000 }]);
    const cues = segmentCues(transcript, 'en', 'voice');
    expect(cues.length).toBeGreaterThan(2);
    expect(cues.map(cueText).join(' ')).toBe(long);
    expect(cues.slice(0, -1).every((c) => /[,;:]$/u.test(cueText(c)))).toBe(true);
    expect(cues[0].speech!.startMs).toBe(1_000);
    expect(cues.at(-1)!.speech!.endMs).toBe(14_000);
    cues.slice(1).forEach((cue, i) => expect(cue.speech!.startMs).toBe(cues[i].speech!.endMs));
    for (const cue of cues) {
      const share = (cue.speech!.endMs - cue.speech!.startMs) / 13_000;
      expect(share).toBeCloseTo((cueText(cue).length + 1) / (long.length + 1), 1);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(languageStyle('en').maxCharsPerLine);
    }
    expect(checkCues(cues, 'en', 'vtt').violations).toEqual([]);
  });

  it('closes a gap under 0.5 s to 83 ms and keeps a pause of 1 s or more empty', () => {
    const transcript = timedTranscript([
      { speaker: 'kerry', text: 'We met this morning.', start: 1_000, end: 2_600 },
      { speaker: 'kerry', text: 'We agreed on a timetable.', start: 2_900, end: 4_700 },
      { speaker: 'kerry', text: 'Then we had lunch.', start: 6_000, end: 7_300 },
    ]);
    const [a, b, c] = segmentCues(transcript, 'en', 'voice');
    expect(b.startMs - a.endMs).toBe(MIN_GAP_MS);
    expect(2_900 - 2_600).toBeLessThan(CHAIN_GAP_BELOW_MS);
    expect(c.startMs - b.endMs).toBeGreaterThanOrEqual(KEEP_PAUSE_FROM_MS);
    expect(b.endMs).toBeLessThanOrEqual(4_700 + MAX_TAIL_MS);
  });

  it('holds a short cue up to its minimum duration, never starting before its speech nor ending more than 0.5 s after it', () => {
    const ok = segmentCues(timedTranscript([{ speaker: 'kerry', text: 'Thank you.', start: 1_000, end: 1_500 }]), 'en', 'voice');
    expect(ok[0]).toMatchObject({ startMs: 1_000, endMs: 1_000 + MIN_CUE_MS });
    const tooShort = timedTranscript([{ speaker: 'kerry', text: 'Thank you.', start: 1_000, end: 1_200 }]);
    const cues = segmentCues(tooShort, 'en', 'voice');
    expect(cues[0].endMs).toBe(1_200 + MAX_TAIL_MS);
    expect(checkCues(cues, 'en', 'vtt').violations.map((v) => v.rule)).toEqual(['duration-min']);
  });

  it('takes a cue down after 7 s however long the speech', () => {
    const cues = segmentCues(timedTranscript([{ speaker: 'kerry', text: 'Well.', start: 0, end: 10_000 }]), 'en', 'voice');
    expect(cues[0].endMs - cues[0].startMs).toBe(MAX_CUE_MS);
  });

  it('gives a sound label its own cue of at least 1 s and a new speaker a new, labelled cue', () => {
    const transcript = timedTranscript([
      { speaker: 'kerry', text: 'I think you are a source available all the time.', start: 1_000, end: 4_000 },
      { speaker: 'kerry', sound: 'laughter', start: 4_400, end: 5_000 },
      { speaker: 'lavrov', text: 'I would like to add a couple of words.', start: 7_000, end: 10_000 },
    ]);
    const cues = segmentCues(transcript, 'en', 'text');
    expect(cues.map((c) => [c.kind, c.turnLabel, cueText(c)])).toEqual([
      ['speech', '>> KERRY:', 'I think you are a source available all the time.'],
      ['sound', undefined, '[laughter]'],
      ['speech', '>> LAVROV:', 'I would like to add a couple of words.'],
    ]);
    expect(cues[1].endMs - cues[1].startMs).toBeGreaterThanOrEqual(MIN_SOUND_LABEL_MS);
    // ">> KERRY: " takes room on the first line, and the top line is the shorter one.
    expect(cues[0].lines).toEqual(['I think', 'you are a source available all the time.']);
  });
});
