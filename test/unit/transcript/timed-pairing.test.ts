import { describe, expect, it } from 'vitest';
import type { RawCue } from '../../../server/transcript/import/caption-file';
import { importTimedCaptions } from '../../../server/transcript/import/timed-transcript';

const cue = (line: number, startMs: number, endMs: number, text: string): RawCue => ({ line, startMs, endMs, text });

/** An English file and its Russian interpretation, which here runs half a second ahead. */
const EN = {
  file: 'talk.en.vtt',
  lang: 'en' as const,
  cues: [
    cue(3, 1_000, 3_000, '<v Secretary Kerry>We met today.'),
    cue(6, 4_000, 6_000, '<v Secretary Kerry>We agreed on a plan.'),
    cue(9, 7_000, 8_000, '[laughter]'),
    cue(12, 9_000, 11_000, '<v Minister Lavrov>Indeed we did.'),
    cue(15, 20_000, 22_000, '<v Minister Lavrov>Nobody translated this.'),
  ],
};
const RU = {
  file: 'talk.ru.vtt',
  lang: 'ru' as const,
  cues: [
    cue(3, 500, 2_500, '<v Госсекретарь Керри>Мы встретились сегодня.'),
    cue(6, 3_500, 4_500, '<v Госсекретарь Керри>Мы договорились'),
    cue(9, 4_600, 5_500, '<v Госсекретарь Керри>о плане.'),
    cue(12, 6_500, 7_500, '[смех]'),
    cue(15, 8_500, 10_500, '<v Министр Лавров>Действительно.'),
  ],
};

describe('pairing two timed files: what the transcript says about them', () => {
  it('pairs each sentence with the other language, keeping both times, and says what it did', () => {
    const { draft, problems } = importTimedCaptions(EN, RU, { id: 'talk' });
    expect(problems).toEqual([]);
    expect(draft!.meta).toMatchObject({
      title: 'talk',
      sourceFile: 'talk.en.vtt',
      attribution: 'Captions imported from talk.en.vtt and talk.ru.vtt',
      notes: [
        'talk.ru.vtt runs 0.5 s ahead of talk.en.vtt: paired with that lag',
        "talk.ru.vtt: 1 sound label(s) left to the source file's",
        '1 sentence(s) of talk.en.vtt have no ru text overlapping them',
      ],
    });
    expect(draft!.languages).toEqual(['en', 'ru']);
    expect(draft!.segments.map((s) => [s.kind, s.speakerId, s.turn, s.line, s.startMs, s.endMs])).toEqual([
      ['speech', 'kerry', 0, 3, 1_000, 3_000],
      ['speech', 'kerry', 0, 6, 4_000, 6_000],
      ['sound', 'kerry', 0, 9, 7_000, 8_000],
      ['speech', 'lavrov', 1, 12, 9_000, 11_000],
      ['speech', 'lavrov', 1, 15, 20_000, 22_000],
    ]);
    const speech = draft!.segments.flatMap((s) => (s.kind === 'speech' ? [[s.text, s.timing]] : []));
    expect(speech).toEqual([
      [{ en: 'We met today.', ru: 'Мы встретились сегодня.' }, { ru: { startMs: 500, endMs: 2_500 } }],
      // Two Russian cues make one sentence: it starts with the first and ends with the last.
      [{ en: 'We agreed on a plan.', ru: 'Мы договорились о плане.' }, { ru: { startMs: 3_500, endMs: 5_500 } }],
      [{ en: 'Indeed we did.', ru: 'Действительно.' }, { ru: { startMs: 8_500, endMs: 10_500 } }],
      [{ en: 'Nobody translated this.' }, undefined],
    ]);
  });

  it('gives each speaker the name the other file uses for the same person', () => {
    const { draft } = importTimedCaptions(EN, RU, { id: 'talk' });
    expect(draft!.speakers.map((s) => [s.id, s.label])).toEqual([
      ['kerry', { en: 'Secretary Kerry', ru: 'Госсекретарь Керри' }],
      ['lavrov', { en: 'Minister Lavrov', ru: 'Министр Лавров' }],
    ]);
  });

  it('says a file with no cue is empty, at line 1, and imports nothing', () => {
    expect(importTimedCaptions({ file: 'e.srt', lang: 'en', cues: [] }, undefined, { id: 'e' })).toEqual({
      problems: [{ code: 'no-speech', file: 'e.srt', line: 1, message: 'the file has no cues with text' }],
    });
  });

  it('imports one file alone in its language, with the title given', () => {
    const { draft } = importTimedCaptions(EN, undefined, { id: 'talk', title: 'Vienna' });
    expect(draft!.meta).toMatchObject({ title: 'Vienna', attribution: 'Captions imported from talk.en.vtt', notes: [] });
    expect(draft!.languages).toEqual(['en']);
    expect(draft!.segments.every((s) => s.kind === 'sound' || (Object.keys(s.text).join() === 'en' && s.timing === undefined))).toBe(true);
  });
});
