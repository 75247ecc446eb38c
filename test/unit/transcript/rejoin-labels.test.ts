import { describe, expect, it } from 'vitest';
import { rejoinSentences } from '../../../server/transcript/import/rejoin-sentences';
import { SpeakerResolver } from '../../../server/transcript/import/speaker-resolver';

const cue = (line: number, startMs: number, endMs: number, text: string) => ({ line, startMs, endMs, text });
const rejoin = (cues: ReturnType<typeof cue>[]) =>
  rejoinSentences(cues, 'a.srt', new SpeakerResolver('en'), []).map((i) => [i.speakerId, i.turn, i.kind === 'speech' ? i.text : i.sound, i.startMs, i.endMs]);

describe('speaker labels that captions split from their words', () => {
  it('gives the next cue to a speaker whose label ended the cue before, with no words of its own', () => {
    expect(rejoin([cue(2, 0, 2_000, 'KERRY: We agree.\n>> LAVROV:'), cue(6, 2_500, 4_000, 'Thank you.')])).toEqual([
      ['kerry', 0, 'We agree.', 0, 2_000],
      ['lavrov', 1, 'Thank you.', 2_500, 4_000],
    ]);
  });

  it('reads a title wrapped onto the line above its name as one speaker, with none of it in the caption', () => {
    expect(rejoin([cue(2, 0, 2_000, 'SECRETARY\nKERRY: We agree.'), cue(6, 2_500, 4_000, 'MR\nKIRBY: Next question.')])).toEqual([
      ['kerry', 0, 'We agree.', 0, 2_000],
      ['kirby', 1, 'Next question.', 2_500, 4_000],
    ]);
  });

  it('names the voice of a WebVTT tag broken over two lines', () => {
    expect(rejoin([cue(2, 0, 2_000, '<v.loud\nKerry>We agree.'), cue(6, 2_500, 4_000, '<v Sergey\nLavrov>Da.')])).toEqual([
      ['kerry', 0, 'We agree.', 0, 2_000],
      ['sergey-lavrov', 1, 'Da.', 2_500, 4_000],
    ]);
  });
});
