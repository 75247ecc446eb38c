import { describe, expect, it } from 'vitest';

/** Who speaks each part, whether it opens a turn, and its words; imported inside each test. */
async function parts(raw: string) {
  const { readCueParts } = await import('../../../server/transcript/import/cue-parts');
  return readCueParts(raw).map((p) => [p.speaker, p.newTurn, p.pieces.map((x) => (x.kind === 'text' ? x.text : `[${x.sound}]`)).join(' | ')]);
}

describe('speakers in real-world cue text: bracketed names, sounds, dashes, empty labels', () => {
  it('keeps a turn label with nothing after it at the end of a cue as a turn without words, so the next cue is that speaker’s', async () => {
    expect(await parts('Yes.\n>> KERRY:')).toEqual([
      [undefined, false, 'Yes.'],
      ['KERRY', true, ''],
    ]);
    expect(await parts('[KERRY]')).toEqual([['KERRY', false, '']]);
    expect(await parts('Yes.\n>>')).toEqual([
      [undefined, false, 'Yes.'],
      [undefined, true, ''],
    ]);
  });

  it('gives a turn mark on a line of its own to the words after it, in the same cue', async () => {
    expect(await parts('>>\nKIRBY: Hi.')).toEqual([['KIRBY', true, 'Hi.']]);
    expect(await parts('>>\n>> KIRBY:\nHi.')).toEqual([['KIRBY', true, 'Hi.']]);
    expect(await parts('>>\nHi.')).toEqual([[undefined, true, 'Hi.']]);
  });

  it('reads a label the caption wrapped over its first two lines as one name', async () => {
    expect(await parts('MR\nKIRBY: Hello.')).toEqual([['MR KIRBY', false, 'Hello.']]);
    expect(await parts('MR.\nKIRBY: Hello.')).toEqual([['MR. KIRBY', false, 'Hello.']]);
    expect(await parts('FOREIGN MINISTER\nLAVROV: Da.\nWe do.')).toEqual([['FOREIGN MINISTER LAVROV', false, 'Da. We do.']]);
    // Not a label's start: a sentence in capitals, a one-word reply that is no title, a later line.
    expect(await parts('WE AGREE.\nKIRBY: Hello.')).toEqual([
      [undefined, false, 'WE AGREE.'],
      ['KIRBY', false, 'Hello.'],
    ]);
    expect(await parts('NO\nKIRBY: Hello.')).toEqual([
      [undefined, false, 'NO'],
      ['KIRBY', false, 'Hello.'],
    ]);
    expect(await parts('Yes.\nMR\nKIRBY: Hello.')).toEqual([
      [undefined, false, 'Yes. MR'],
      ['KIRBY', false, 'Hello.'],
    ]);
  });

  it('reads a voice tag whose class or name runs over a line break, as WebVTT does', async () => {
    expect(await parts('<v.loud\nKerry>Yes.')).toEqual([['Kerry', false, 'Yes.']]);
    expect(await parts('<v Secretary\nKerry>Yes.')).toEqual([['Secretary Kerry', false, 'Yes.']]);
    expect(await parts('<v\fKerry>Yes.')).toEqual([['Kerry', false, 'Yes.']]);
  });

  it('reads a bracketed name without the blanks inside its brackets, with or without a space after it', async () => {
    expect(await parts('[KERRY ] We agree.')).toEqual([['KERRY', false, 'We agree.']]);
    expect(await parts('[KERRY]We agree.')).toEqual([['KERRY', false, 'We agree.']]);
    expect(await parts('[MR KERRY]   We agree.')).toEqual([['MR KERRY', false, 'We agree.']]);
  });

  it('takes a bracketed name only in capitals and only at the start of a line', async () => {
    expect(await parts('[Kerry] We agree.')).toEqual([[undefined, false, '[Kerry] We agree.']]);
    expect(await parts('Well [KERRY] agrees.')).toEqual([[undefined, false, 'Well [KERRY] agrees.']]);
  });

  it('reads a bracketed sound as a sound, not as a speaker, in English and in Russian', async () => {
    expect(await parts('[APPLAUSE] Thank you.')).toEqual([[undefined, false, '[applause] | Thank you.']]);
    expect(await parts('[LAUGHS] Thank you.')).toEqual([[undefined, false, '[laughter] | Thank you.']]);
    expect(await parts('[СМЕХ] Спасибо.')).toEqual([[undefined, false, '[laughter] | Спасибо.']]);
    expect(await parts('[MUSIC PLAYING] Welcome.')).toEqual([[undefined, false, '[MUSIC PLAYING] Welcome.']]);
    expect(await parts('[SIGHS] Well.')).toEqual([['SIGHS', false, 'Well.']]);
  });

  it('reads a dialogue dash only at the start of a line, however many blanks follow it', async () => {
    expect(await parts('Well - yes.')).toEqual([[undefined, false, 'Well - yes.']]);
    expect(await parts('-  KERRY: Yes.\n–\tLAVROV: Da.')).toEqual([
      ['KERRY', true, 'Yes.'],
      ['LAVROV', true, 'Da.'],
    ]);
    expect(await parts('-   [KERRY] Yes.')).toEqual([['KERRY', true, 'Yes.']]);
  });
});
