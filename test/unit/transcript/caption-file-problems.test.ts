import { describe, expect, it } from 'vitest';
import { parseCaptionFile } from '../../../server/transcript/import/caption-file';

/** Each problem as a user reads it: line, code and message. */
async function problemsOf(source: string, format: 'srt' | 'vtt') {
  const { problems } = await parseCaptionFile(source, format, `talk.${format}`);
  expect(problems.every((p) => p.file === `talk.${format}`)).toBe(true);
  return problems.map((p) => [p.line, p.code, p.message]);
}

const HELLO_VTT = '00:01.000 --> 00:02.000\nHello.\n';
const HELLO_SRT = '1\n00:00:01,000 --> 00:00:02,000\nHello.\n';

describe('caption file problems at their edges: which line, which words', () => {
  it('accepts a WebVTT header with a title after a blank, and refuses one that only contains WEBVTT', async () => {
    expect(await problemsOf(`WEBVTT - Vienna, 14 November\n\n${HELLO_VTT}`, 'vtt')).toEqual([]);
    expect(await problemsOf(`WEBVTT\tVienna\n\n${HELLO_VTT}`, 'vtt')).toEqual([]);
    expect(await problemsOf(`Subtitles WEBVTT\n\n${HELLO_VTT}`, 'vtt')).toEqual([
      [1, 'bad-header', 'a WebVTT file starts with the line "WEBVTT"'],
      [1, 'bad-cue', '"Subtitles WEBVTT" belongs to no cue: a cue needs a timing line (start --> end)'],
    ]);
  });

  it('reads a WebVTT file that starts with a byte-order mark, and takes the mark only from the start', async () => {
    expect(await problemsOf(`\uFEFFWEBVTT\n\n${HELLO_VTT}`, 'vtt')).toEqual([]);
    const { cues } = await parseCaptionFile('1\n00:00:01,000 --> 00:00:02,000\nHel\uFEFFlo.\n', 'srt', 'a.srt');
    expect(cues.map((c) => c.text)).toEqual(['Hel\uFEFFlo.']);
  });

  it('quotes a malformed WebVTT timing without the blanks around it, with the WebVTT form expected', async () => {
    expect(await problemsOf('WEBVTT\n\n00:01.000 --> 00:0x.000   \nHello.\n', 'vtt')).toEqual([
      [3, 'bad-timestamp', 'malformed cue timing "00:01.000 --> 00:0x.000": expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm'],
    ]);
  });

  it('reports a WebVTT timing written with SRT commas as malformed, not as a cue that ends before it starts', async () => {
    const problems = await problemsOf('WEBVTT\n\n00:00:05,000 --> 00:00:04,000\nBye.\n', 'vtt');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every(([line, code, message]) => line === 3 && code === 'bad-timestamp' && String(message).startsWith('malformed cue timing'))).toBe(true);
  });

  it('reports a timing with a malformed start once, even when its end is zero', async () => {
    expect(await problemsOf('1\nxx --> 00:00:00,000\nBye.\n', 'srt')).toEqual([
      [2, 'bad-timestamp', 'malformed cue timing "xx --> 00:00:00,000": expected HH:MM:SS,mmm --> HH:MM:SS,mmm'],
    ]);
  });

  it('leaves out an empty last cue with a warning at its own timing line when the file ends without a line break', async () => {
    for (const [source, format] of [
      [`${HELLO_SRT}\n2\n00:00:03,000 --> 00:00:04,000`, 'srt'],
      [`WEBVTT\n\n${HELLO_VTT}\n00:03.000 --> 00:04.000`, 'vtt'],
    ] as const) {
      const { cues, problems, warnings } = await parseCaptionFile(source, format, `talk.${format}`);
      expect(problems).toEqual([]);
      expect(cues.map((c) => c.text)).toEqual(['Hello.']);
      expect(warnings.map((w) => [w.line, w.code, w.message])).toEqual([[6, 'empty-cue', 'the cue has no text: left out']]);
    }
  });

  it('takes any number of blank lines between cues, and at the start, as no text', async () => {
    const { cues, problems } = await parseCaptionFile(`\n\n${HELLO_SRT}\n\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n\n`, 'srt', 'a.srt');
    expect(problems).toEqual([]);
    expect(cues.map((c) => [c.line, c.text])).toEqual([
      [4, 'Hello.'],
      [10, 'Bye.'],
    ]);
  });

  it('reports a WEBVTT line anywhere but the first, and in an SRT file, as text outside any cue', async () => {
    expect(await problemsOf(`WEBVTT\n\n${HELLO_VTT}\nWEBVTT\n`, 'vtt')).toEqual([[6, 'bad-cue', '"WEBVTT" belongs to no cue: a cue needs a timing line (start --> end)']]);
    expect(await problemsOf(`WEBVTT\n\n${HELLO_SRT}`, 'srt')).toEqual([[1, 'bad-cue', '"WEBVTT" belongs to no cue: a cue needs a timing line (start --> end)']]);
  });

  it('passes over WebVTT NOTE blocks only in WebVTT, and only when NOTE opens the block', async () => {
    expect(await problemsOf(`WEBVTT\n\nNOTE made by hand\n\n${HELLO_VTT}`, 'vtt')).toEqual([]);
    expect(await problemsOf(`WEBVTT\n\n${HELLO_VTT}\nSee the NOTE below\n`, 'vtt')).toEqual([
      [6, 'bad-cue', '"See the NOTE below" belongs to no cue: a cue needs a timing line (start --> end)'],
    ]);
    expect(await problemsOf(`NOTE made by hand\n\n${HELLO_SRT}`, 'srt')).toEqual([[1, 'bad-cue', '"NOTE made by hand" belongs to no cue: a cue needs a timing line (start --> end)']]);
  });

  it('quotes stray text without its indentation, cut at 40 characters', async () => {
    const stray = 'This paragraph lost its timing line somewhere along the way.';
    expect(await problemsOf(`${HELLO_SRT}\n    ${stray}\n`, 'srt')).toEqual([
      [5, 'bad-cue', `"${stray.slice(0, 40)}" belongs to no cue: a cue needs a timing line (start --> end)`],
    ]);
  });
});
