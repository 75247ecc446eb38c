import { describe, expect, it } from 'vitest';
import { readCaptionCues } from '../../../server/transcript/import/caption-cues';

/** A WebVTT file of the given cues, one second each, a second apart. */
const vtt = (...texts: string[]) => `WEBVTT\n\n${texts.map((t, i) => `00:00:0${2 * i}.000 --> 00:00:0${2 * i + 1}.000\n${t}\n`).join('\n')}`;
const srt = (...texts: string[]) => texts.map((t, i) => `${i + 1}\n00:00:0${2 * i},000 --> 00:00:0${2 * i + 1},000\n${t}\n`).join('\n');

async function read(text: string, format: 'srt' | 'vtt' = 'vtt') {
  const { cues, problems } = await readCaptionCues(text, format, `talk.${format}`, 'en');
  expect(problems).toEqual([]);
  return cues;
}

/** What `check` sees of each cue: who speaks, whether a new turn is marked, the lines shown. */
const seen = (cues: Awaited<ReturnType<typeof read>>['en']) =>
  cues!.map((c) => ({ speaker: c.speakerId, turnLabel: c.turnLabel, lines: c.lines, kind: c.kind }));

describe('reading a caption file back into the cues check measures', () => {
  it('names the speaker of a WebVTT voice, with or without a class, and marks a turn only where the speaker changes', async () => {
    const cues = await read(
      vtt('<v Secretary Kerry>We met today.', '<v Secretary Kerry>And we agreed.', '<v.interpreted Minister Lavrov>Yes.', '<v   J >No.', 'Then silence.'),
    );
    expect(seen(cues.en)).toEqual([
      { speaker: 'Secretary Kerry', turnLabel: '', lines: ['We met today.'], kind: 'speech' },
      { speaker: 'Secretary Kerry', turnLabel: undefined, lines: ['And we agreed.'], kind: 'speech' },
      { speaker: 'Minister Lavrov', turnLabel: '', lines: ['Yes.'], kind: 'speech' },
      { speaker: 'J', turnLabel: '', lines: ['No.'], kind: 'speech' },
      // A cue that names no one goes on with the last speaker.
      { speaker: 'J', turnLabel: undefined, lines: ['Then silence.'], kind: 'speech' },
    ]);
    expect(cues.en!.map((c) => c.interpreted)).toEqual([false, false, true, false, false]);
  });

  it('gives a cue before any speaker is named no speaker, and numbers the cues of each language from 1', async () => {
    const cues = await read(vtt('Good afternoon.', 'Welcome.'));
    expect(cues.en!.map((c) => [c.number, c.segmentId, c.speakerId])).toEqual([
      [1, 'en-1', ''],
      [2, 'en-2', ''],
    ]);
  });

  it('reads an SRT turn label apart from the line it opens, however it is spaced, and only at the start', async () => {
    const cues = await read(srt('>> KERRY: We met.', '>>LAVROV: Yes.', '>> KERRY:No.', 'We said >> KERRY: too much.'), 'srt');
    expect(seen(cues.en)).toEqual([
      { speaker: '>> KERRY:', turnLabel: '>> KERRY:', lines: ['We met.'], kind: 'speech' },
      { speaker: '>>LAVROV:', turnLabel: '>>LAVROV:', lines: ['Yes.'], kind: 'speech' },
      { speaker: '>> KERRY:', turnLabel: '>> KERRY:', lines: ['No.'], kind: 'speech' },
      { speaker: '>> KERRY:', turnLabel: undefined, lines: ['We said >> KERRY: too much.'], kind: 'speech' },
    ]);
  });

  it('takes a turn label of up to 60 characters after the blank, not 61', async () => {
    const name = (n: number) => `M${'R'.repeat(n - 1)}`;
    const cues = await read(srt(`>> ${name(60)}: Yes.`, `>> ${name(61)}: No.`), 'srt');
    expect(cues.en!.map((c) => [c.turnLabel, c.lines])).toEqual([
      [`>> ${name(60)}:`, ['Yes.']],
      [undefined, [`>> ${name(61)}: No.`]],
    ]);
  });

  it('keeps a `>>` in a WebVTT cue as text: the voice names the speaker there', async () => {
    const cues = await read(vtt('<v Kerry>>> LAVROV: Yes.'));
    expect(seen(cues.en)).toEqual([{ speaker: 'Kerry', turnLabel: '', lines: ['>> LAVROV: Yes.'], kind: 'speech' }]);
  });

  it('tells a sound label on its own from speech, in either language', async () => {
    const cues = await read(vtt('<v Kerry>[laughter]', '<v Kerry>[laughter]\nThank you.', '<lang ru><v Лавров>[смех]</lang>'));
    expect(cues.en!.map((c) => c.kind)).toEqual(['sound', 'speech']);
    expect(cues.ru!.map((c) => [c.kind, c.lines])).toEqual([['sound', ['[смех]']]]);
  });

  it('drops lines that hold only markup, so no empty line is measured', async () => {
    const cues = await read(vtt('<v Kerry><i></i>\nWe met.'));
    expect(cues.en!.map((c) => c.lines)).toEqual([['We met.']]);
  });

  it('files a cue in a `<lang>` span with a region subtag under its language', async () => {
    const cues = await read(vtt('<v Kerry>We met.', '<lang ru-RU><v Керри>Мы встретились.</lang>'));
    expect(cues.en!.map((c) => c.lines)).toEqual([['We met.']]);
    expect(cues.ru!.map((c) => [c.number, c.segmentId, c.speakerId, c.lines])).toEqual([[1, 'ru-1', 'Керри', ['Мы встретились.']]]);
  });
});
