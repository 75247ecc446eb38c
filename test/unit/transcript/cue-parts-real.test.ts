import { describe, expect, it } from 'vitest';

/** Who speaks each part, whether it opens a turn, and its words; imported inside each test. */
async function parts(raw: string) {
  const { readCueParts } = await import('../../../server/transcript/import/cue-parts');
  return readCueParts(raw).map((p) => [p.speaker, p.newTurn, p.pieces.map((x) => (x.kind === 'text' ? x.text : `[${x.sound}]`)).join(' | ')]);
}

describe('speakers in real-world cue text: bracketed names, sounds, dashes, empty labels', () => {
  it('drops a turn label with nothing after it at the end of a cue, rather than showing an empty line', async () => {
    expect(await parts('Yes.\n>> KERRY:')).toEqual([[undefined, false, 'Yes.']]);
    expect(await parts('[KERRY]')).toEqual([]);
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
