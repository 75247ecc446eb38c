import { describe, expect, it } from 'vitest';
import type { RawCue } from '../../../server/transcript/import/caption-file';
import { MAX_EVS_MS } from '../../../server/transcript/caption-style';
import type { TimedItem } from '../../../server/transcript/import/rejoin-sentences';
import { estimateLagMs, importTimedCaptions, inTimeOrder, pairByOverlap } from '../../../server/transcript/import/timed-transcript';

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
    const { draft, problems } = importTimedCaptions(EN, [RU], { id: 'talk' });
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
    const { draft } = importTimedCaptions(EN, [RU], { id: 'talk' });
    expect(draft!.speakers.map((s) => [s.id, s.label])).toEqual([
      ['kerry', { en: 'Secretary Kerry', ru: 'Госсекретарь Керри' }],
      ['lavrov', { en: 'Minister Lavrov', ru: 'Министр Лавров' }],
    ]);
  });

  it('notes nothing when the files keep time and every sentence is paired, sound events included', () => {
    const en = { ...EN, cues: [cue(3, 1_000, 3_000, 'We met today.'), cue(6, 4_000, 5_000, '[laughter]'), cue(9, 6_000, 8_000, 'We agreed.')] };
    const ru = { ...RU, cues: [cue(3, 1_000, 3_000, 'Мы встретились сегодня.'), cue(6, 6_000, 8_000, 'Мы договорились.')] };
    const { draft } = importTimedCaptions(en, [ru], { id: 'talk' });
    expect(draft!.meta.notes).toEqual([]);
    expect(draft!.segments.map((s) => (s.kind === 'speech' ? s.text.ru : s.sound))).toEqual(['Мы встретились сегодня.', 'laughter', 'Мы договорились.']);
  });

  it('says a file with no cue is empty, at line 1, and imports nothing', () => {
    expect(importTimedCaptions({ file: 'e.srt', lang: 'en', cues: [] }, [], { id: 'e' })).toEqual({
      problems: [{ code: 'no-speech', file: 'e.srt', line: 1, message: 'the file has no cues with text' }],
    });
  });

  it('imports one file alone in its language, with the title given', () => {
    const { draft } = importTimedCaptions(EN, [], { id: 'talk', title: 'Vienna' });
    expect(draft!.meta).toMatchObject({ title: 'Vienna', attribution: 'Captions imported from talk.en.vtt', notes: [] });
    expect(draft!.languages).toEqual(['en']);
    expect(draft!.segments.every((s) => s.kind === 'sound' || (Object.keys(s.text).join() === 'en' && s.timing === undefined))).toBe(true);
  });
});

describe('which sentence each sentence of the other language goes to', () => {
  const speech = (startMs: number, endMs: number, text = `${startMs}`): TimedItem => ({ kind: 'speech', turn: 0, speakerId: 'a', text, startMs, endMs, line: 1 });
  /** The source sentence (by text) each other sentence was paired with. */
  const pairing = (source: TimedItem[], other: TimedItem[], lagMs = 0) => {
    const pairs = pairByOverlap(source, other, lagMs);
    return other.map((o) => {
      const index = [...pairs].find(([, partners]) => partners.includes(o))?.[0];
      return index === undefined ? undefined : (source[index] as { text: string }).text;
    });
  };
  const SOURCE = [speech(0, 2_000, 'A'), speech(3_000, 5_000, 'B'), speech(10_000, 12_000, 'C')];

  it('goes to the sentence it overlaps most', () => {
    expect(pairing(SOURCE, [speech(1_500, 4_000)])).toEqual(['B']);
    expect(pairing(SOURCE, [speech(1_000, 3_500)])).toEqual(['A']);
  });

  it('overlapping none, goes to the nearest, the earlier one when both are as near', () => {
    expect(pairing(SOURCE, [speech(6_000, 7_000)])).toEqual(['B']);
    expect(pairing(SOURCE, [speech(8_000, 9_000)])).toEqual(['C']);
    expect(pairing(SOURCE, [speech(2_200, 2_800)])).toEqual(['A']);
    expect(pairing(SOURCE, [speech(-3_000, -1_000)])).toEqual(['A']);
    expect(pairing(SOURCE, [speech(20_000, 21_000)])).toEqual(['C']);
  });

  it('never goes back before the sentence the previous one went to, so the order holds', () => {
    expect(pairing(SOURCE, [speech(3_500, 4_500), speech(1_000, 2_000)])).toEqual(['B', 'B']);
  });

  it('passes over sound events: a sentence during laughter goes to the nearest sentence', () => {
    const withLaughter: TimedItem[] = [
      speech(0, 2_000, 'A'),
      { kind: 'sound', turn: 0, speakerId: 'a', sound: 'laughter', startMs: 2_000, endMs: 4_000, line: 1 },
      speech(4_000, 6_000, 'B'),
    ];
    expect(pairing(withLaughter, [speech(2_100, 3_900)])).toEqual(['A']);
  });

  it('takes off the other file\'s lag first', () => {
    expect(pairing(SOURCE, [speech(4_000, 6_000)], 3_000)).toEqual(['A']);
  });
});

describe('how far the other file runs behind', () => {
  const speech = (startMs: number, endMs: number): TimedItem => ({ kind: 'speech', turn: 0, speakerId: 'a', text: 'x', startMs, endMs, line: 1 });

  it('is no lag when the files never overlap within the largest lag', () => {
    expect(estimateLagMs([speech(0, 1_000)], [speech(10_000, 11_000)])).toBe(0);
  });

  it('is the lag of the smallest overlap when that is the only one, a millisecond at the largest lag', () => {
    expect(estimateLagMs([speech(0, 1_000)], [speech(MAX_EVS_MS + 999, MAX_EVS_MS + 2_000)])).toBe(MAX_EVS_MS);
  });
});

describe('files in time order', () => {
  const at = (startMs: number, endMs: number): TimedItem => ({ kind: 'speech', turn: 0, speakerId: 'a', text: 'x', startMs, endMs, line: 1 });

  it('holds when starts and ends never go back, equal ones included', () => {
    expect(inTimeOrder([])).toBe(true);
    expect(inTimeOrder([at(0, 1_000), at(0, 1_000), at(500, 1_000), at(500, 2_000)])).toBe(true);
  });

  it('fails when a start or an end goes back', () => {
    expect(inTimeOrder([at(0, 1_000), at(2_000, 3_000), at(1_500, 4_000)])).toBe(false);
    expect(inTimeOrder([at(0, 3_000), at(1_000, 2_000)])).toBe(false);
  });

  it('leaves files out of time order unpaired', () => {
    const overlapping = { ...RU, cues: [cue(3, 500, 2_500, 'Мы встретились сегодня.'), cue(6, 400, 6_000, 'Мы договорились о плане.')] };
    const { draft } = importTimedCaptions(EN, [overlapping], { id: 'talk' });
    expect(draft!.segments.filter((s) => s.kind === 'speech').map((s) => s.text.ru)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('the other file\'s speakers and sentences, gathered', () => {
  it('joins two sentences that go to one, with a space, timed from the first to the last', () => {
    const two = { ...RU, cues: [cue(3, 500, 1_400, '<v Госсекретарь Керри>Мы встретились.'), cue(6, 1_500, 2_500, 'Сегодня.')] };
    const { draft } = importTimedCaptions({ ...EN, cues: EN.cues.slice(0, 1) }, [two], { id: 'talk' });
    const [first] = draft!.segments;
    expect(first.kind === 'speech' && [first.text.ru, first.timing]).toEqual(['Мы встретились. Сегодня.', { ru: { startMs: 500, endMs: 2_500 } }]);
  });

  it('names each speaker as the other file names most of the sentences paired with theirs', () => {
    const mixed = {
      ...RU,
      cues: [
        cue(3, 1_000, 2_000, '<v Министр Лавров>Мы встретились сегодня.'),
        cue(6, 4_000, 5_000, '<v Госсекретарь Керри>Мы договорились.'),
        cue(9, 5_100, 5_900, '<v Госсекретарь Керри>О плане.'),
      ],
    };
    const en = { ...EN, cues: [...EN.cues.slice(0, 2), cue(12, 30_000, 31_000, '<v Moderator>Next question.')] };
    const { draft } = importTimedCaptions(en, [mixed], { id: 'talk' });
    expect(draft!.speakers.map((s) => [s.id, s.label, s.short])).toEqual([
      ['kerry', { en: 'Secretary Kerry', ru: 'Госсекретарь Керри' }, { en: 'KERRY', ru: 'ГОССЕКРЕТАРЬ КЕРРИ' }],
      // Paired with nothing: keeps its own names only.
      ['moderator', { en: 'Moderator' }, { en: 'MODERATOR' }],
    ]);
  });

  it('does not name anyone "Speaker" after another file that names nobody', () => {
    const nameless = { ...RU, cues: RU.cues.map((c) => ({ ...c, text: c.text.replace(/<v [^>]*>/u, '') })) };
    const { draft } = importTimedCaptions(EN, [nameless], { id: 'talk' });
    expect(draft!.speakers.map((s) => s.label)).toEqual([{ en: 'Secretary Kerry' }, { en: 'Minister Lavrov' }]);
  });
});
