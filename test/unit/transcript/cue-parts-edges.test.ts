import { describe, expect, it } from 'vitest';
import { readCueParts } from '../../../server/transcript/import/cue-parts';

/** Who speaks each part, whether it opens a turn, and its words. */
const parts = (raw: string) => readCueParts(raw).map((p) => [p.speaker, p.newTurn, p.pieces.map((x) => (x.kind === 'text' ? x.text : `[${x.sound}]`)).join(' | ')]);

describe('speakers in cue text at the edges: spacing, accents, voice tags without a name', () => {
  it('reads a `>>` turn only at the start of a line', () => {
    expect(parts('We said >> yes, again.')).toEqual([[undefined, false, 'We said >> yes, again.']]);
    expect(parts('Thank you.\n>> Next, please.')).toEqual([
      [undefined, false, 'Thank you.'],
      [undefined, true, 'Next, please.'],
    ]);
  });

  it('reads a turn label however it is spaced, and on a line of its own', () => {
    expect(parts('>>KERRY: Yes.')).toEqual([['KERRY', true, 'Yes.']]);
    expect(parts('>> KERRY:Yes.')).toEqual([['KERRY', true, 'Yes.']]);
    expect(parts('>> KERRY : Yes.')).toEqual([['KERRY', true, 'Yes.']]);
    expect(parts('<v Kerry>Thank you.\n>> LAVROV:\nWe agree.')).toEqual([
      ['Kerry', false, 'Thank you.'],
      ['LAVROV', true, 'We agree.'],
    ]);
  });

  it('takes a name with a combining accent (text in decomposed form) as a speaker', () => {
    expect(parts('>> JOSE\u0301 RAMOS: Hola.')).toEqual([['JOSE\u0301 RAMOS', true, 'Hola.']]);
  });

  it('does not take a capital inside the sentence after `>>` for a speaker', () => {
    expect(parts('>> as I said, Syria: the talks go on.')).toEqual([[undefined, true, 'as I said, Syria: the talks go on.']]);
  });

  it('trims the blanks around a voice name, and takes a tab before it', () => {
    expect(parts('<v Kerry >Yes.')).toEqual([['Kerry', false, 'Yes.']]);
    expect(parts('<v\tKerry>Yes.')).toEqual([['Kerry', false, 'Yes.']]);
  });

  it('opens a part with no speaker at a voice tag without a name, with or without a class', () => {
    expect(parts('<v Kerry>Thank you.\n<v>Yes.')).toEqual([
      ['Kerry', false, 'Thank you.'],
      [undefined, false, 'Yes.'],
    ]);
    expect(parts('<v Kerry>Thank you.\n<v.interpreted>Yes, we agree.')).toEqual([
      ['Kerry', false, 'Thank you.'],
      [undefined, false, 'Yes, we agree.'],
    ]);
  });

  it('keeps text with a voice tag that never closes, and other tags that start with v, as text', () => {
    expect(parts('Thank you <v Kerry')).toEqual([[undefined, false, 'Thank you <v Kerry']]);
    expect(parts('Thank you <v.x')).toEqual([[undefined, false, 'Thank you <v.x']]);
    expect(parts('<v Kerry>The <video> is ready')).toEqual([['Kerry', false, 'The is ready']]);
  });
});
