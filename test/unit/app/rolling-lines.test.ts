import { describe, expect, it } from 'vitest';
import { rollingTurns } from '../../../app/lib/rolling-lines';
import { visibleWordCount } from '../../../app/lib/word-reveal';
import type { SegmentMessage } from '../../../server/protocol';

describe('word reveal', () => {
  it.each([
    [0, 1],
    [1, 1],
    [499, 4],
    [999, 6],
    [1_000, 6],
    [5_000, 6],
    [-1, 0],
  ])('at %i ms of a one-second sentence shows %i words (a word shows once it is begun)', (at, words) => {
    expect(visibleWordCount('We are convinced that coordination matters', 0, 1_000, at)).toBe(words);
  });
});

const msg = (seq: number, turn: number, speakerId: string, sourceLang: 'en' | 'ru', en: string, startMs: number, evs = 0): SegmentMessage => ({
  seq,
  epoch: 0,
  dueMs: startMs,
  segment: {
    index: seq,
    id: `t${turn}-s${seq}`,
    turn,
    speakerId,
    sourceLang,
    kind: 'speech',
    text: { en, ru: `ру ${en}` },
    startMs,
    endMs: startMs + 1_000,
    timing: {
      en: { startMs: startMs + (sourceLang === 'en' ? 0 : evs), endMs: startMs + 1_000 + (sourceLang === 'en' ? 0 : evs) },
      ru: { startMs: startMs + (sourceLang === 'ru' ? 0 : evs), endMs: startMs + 1_000 + (sourceLang === 'ru' ? 0 : evs) },
    },
  },
});

describe('rolling turns', () => {
  const messages = [
    msg(1, 0, 'kerry', 'en', 'Thank you all.', 0, 3_000),
    msg(2, 0, 'kerry', 'en', 'Appreciate it.', 1_500, 3_000),
    msg(3, 1, 'lavrov', 'ru', 'I would like to add.', 3_000, 3_000),
  ];

  it('groups segments of one turn on one labelled row and starts a new row at each turn', () => {
    const turns = rollingTurns(messages, 'en', 3_500);
    expect(turns.map((t) => [t.speakerId, t.parts.map((p) => p.text)])).toEqual([['kerry', ['Thank you all.', 'Appreciate it.']]]);
    const later = rollingTurns(messages, 'en', 6_500);
    expect(later.map((t) => t.speakerId)).toEqual(['kerry', 'lavrov']);
    expect(later[1].interpreted).toBe(true);
  });

  it('lets the interpretation trail: the other lane shows a line only after the ear-voice span', () => {
    expect(rollingTurns(messages, 'ru', 2_900)).toEqual([]);
    expect(rollingTurns(messages, 'ru', 3_200).map((t) => [t.speakerId, t.interpreted])).toEqual([
      ['kerry', true],
      ['lavrov', false],
    ]);
  });
});
