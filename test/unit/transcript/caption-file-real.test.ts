import { describe, expect, it } from 'vitest';

/** Imported inside each test, so mutation testing runs only the tests that reach a mutant. */
async function parse(source: string, format: 'srt' | 'vtt', options?: { overlapsAreProblems?: boolean }) {
  const { parseCaptionFile } = await import('../../../server/transcript/import/caption-file');
  return parseCaptionFile(source, format, `talk.${format}`, options);
}

type Parsed = Awaited<ReturnType<typeof parse>>;
/** Each cue as it plays: its timing line, start, end and text. */
const cuesOf = (r: Parsed) => r.cues.map((c) => [c.line, c.startMs, c.endMs, c.text]);
/** Each warning as a user reads it. */
const warningsOf = (r: Parsed) => r.warnings.map((w) => [w.code, w.file, w.line, w.message, w.values]);
const problemsOf = (r: Parsed) => r.problems.map((p) => [p.code, p.line, p.message]);

describe('real-world caption files: order, numbers, formatting, overlaps', () => {
  it('reads SRT blocks out of time order in time order, naming each cue that moved up once', async () => {
    const r = await parse(
      '1\n00:00:05,000 --> 00:00:06,000\nThird.\n\n2\n00:00:01,000 --> 00:00:02,000\nFirst.\n\n3\n00:00:03,000 --> 00:00:04,000\nSecond.\n\n4\n00:00:05,000 --> 00:00:05,500\nFourth.\n',
      'srt',
      { overlapsAreProblems: false },
    );
    expect(cuesOf(r)).toEqual([
      [6, 1000, 2000, 'First.'],
      [10, 3000, 4000, 'Second.'],
      [2, 5000, 6000, 'Third.'],
      [14, 5000, 5500, 'Fourth.'],
    ]);
    expect(r.problems).toEqual([]);
    expect(warningsOf(r)).toEqual([
      ['cue-order', 'talk.srt', 6, 'the cue starts at 00:00:01.000, before the cue at line 2 (00:00:05.000): read in time order', { previousLine: 2 }],
      ['cue-order', 'talk.srt', 10, 'the cue starts at 00:00:03.000, before the cue at line 2 (00:00:05.000): read in time order', { previousLine: 2 }],
    ]);
  });

  it('names an SRT cue number that goes back or repeats, not one that skips, and only in SRT', async () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n3\n00:00:03,000 --> 00:00:04,000\nThree.\n\n2\n00:00:05,000 --> 00:00:06,000\nTwo.\n\n2\n00:00:07,000 --> 00:00:08,000\nTwo again.\n';
    const r = await parse(srt, 'srt');
    expect(r.problems).toEqual([]);
    expect(warningsOf(r)).toEqual([
      ['cue-number', 'talk.srt', 9, 'cue number 2 follows 3: the cues are read by their times, not their numbers', { number: 2, previous: 3 }],
      ['cue-number', 'talk.srt', 13, 'cue number 2 follows 2: the cues are read by their times, not their numbers', { number: 2, previous: 2 }],
    ]);
    const vtt = await parse('WEBVTT\n\n3\n00:01.000 --> 00:02.000\nThree.\n\n2\n00:03.000 --> 00:04.000\nTwo.\n', 'vtt');
    expect(vtt.warnings).toEqual([]);
    expect(cuesOf(vtt)).toEqual([
      [4, 1000, 2000, 'Three.'],
      [8, 3000, 4000, 'Two.'],
    ]);
  });

  it('takes as a cue number only a line of digits alone, right above the timing line', async () => {
    // Text lines of digits (a year, a vote count) are words, not cue numbers.
    const r = await parse(
      '5\n00:00:01,000 --> 00:00:02,000\nIn\n2015\n\n6\n00:00:03,000 --> 00:00:04,000\n12 votes\n\n7\n00:00:05,000 --> 00:00:06,000\n3\n4 abstentions\n\nx4\n00:00:07,000 --> 00:00:08,000\nNext.\n\n 8 \n00:00:09,000 --> 00:00:10,000\nLast.\n',
      'srt',
    );
    expect(r.warnings).toEqual([]);
  });

  it('names the cue number that follows the last one, however it is spaced', async () => {
    const r = await parse('9\n00:00:01,000 --> 00:00:02,000\nA.\n\n 4 \n00:00:03,000 --> 00:00:04,000\nB.\n\n1234567890\n00:00:05,000 --> 00:00:06,000\nC.\n', 'srt');
    expect(warningsOf(r).map((w) => w.slice(0, 3))).toEqual([['cue-number', 'talk.srt', 5]]);
  });

  it('says in one warning which formatting it removed: position codes, tags, or both', async () => {
    const codes = await parse('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Hello.\n', 'srt');
    expect(warningsOf(codes)).toEqual([
      ['formatting-removed', 'talk.srt', 3, '1 position code(s) ({\\an8}) removed: captions show plain text, placed by the house style', { positionCodes: 1, tags: 0 }],
    ]);
    const tags = await parse('1\n00:00:01,000 --> 00:00:02,000\n<i>Hello.</i>\n', 'srt');
    expect(warningsOf(tags)).toEqual([
      ['formatting-removed', 'talk.srt', 3, '1 formatting tag(s) (<i>, <b>, <u>, <font>) removed: captions show plain text, placed by the house style', { positionCodes: 0, tags: 1 }],
    ]);
    const both = await parse('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<b>Hello.</b>\n', 'srt');
    expect(warningsOf(both)[0]?.[3]).toBe(
      '1 position code(s) ({\\an8}) and 1 formatting tag(s) (<i>, <b>, <u>, <font>) removed: captions show plain text, placed by the house style',
    );
  });

  it('leaves out a music cue, quoting its first 20 characters', async () => {
    const r = await parse('1\n00:00:01,000 --> 00:00:02,000\n♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪\n\n2\n00:00:03,000 --> 00:00:04,000\nWords.\n', 'srt');
    expect(cuesOf(r)).toEqual([[6, 3000, 4000, 'Words.']]);
    expect(warningsOf(r)).toEqual([
      ['music-cue', 'talk.srt', 2, 'the cue is music without words ("♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ ♪ "): left out, as the house style has no music label', undefined],
    ]);
  });

  it('clamps a short overlap, saying by how much and where the cue now starts', async () => {
    const r = await parse('1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n00:00:01,800 --> 00:00:03,000\nB.\n', 'srt');
    expect(cuesOf(r)).toEqual([
      [2, 1000, 2000, 'A.'],
      [6, 2000, 3000, 'B.'],
    ]);
    expect(warningsOf(r)).toEqual([
      ['overlap-clamped', 'talk.srt', 6, 'the cue started 200 ms before the cue at line 2 ended: it now starts at 00:00:02.000', { ms: 200, previousLine: 2, start: '00:00:02.000' }],
    ]);
  });

  it('refuses a short overlap that ends with the cue before it or inside it: clamping would leave nothing', async () => {
    const same = await parse('1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n00:00:01,800 --> 00:00:02,000\nB.\n', 'srt');
    expect(problemsOf(same)).toEqual([
      ['overlapping-cues', 6, 'the cue starts at 00:00:01.800, 200 ms before the cue at line 2 ends (00:00:02.000); overlaps of up to 500 ms are clamped, longer ones are not'],
    ]);
    expect(same.warnings).toEqual([]);
    const inside = await parse('1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n00:00:01,800 --> 00:00:01,900\nB.\n', 'srt');
    expect(problemsOf(inside).map((p) => p.slice(0, 2))).toEqual([['overlapping-cues', 6]]);
  });
});

describe('cue numbers that are not cue numbers, and blocks that are only blanks', () => {
  it('compares a cue number with the last real one: an unnumbered cue, a longer or shorter number, a stray number do not count', async () => {
    const unnumbered = await parse('5\n00:00:01,000 --> 00:00:02,000\nA.\n\nx4\n00:00:03,000 --> 00:00:04,000\nB.\n\n3\n00:00:05,000 --> 00:00:06,000\nC.\n', 'srt');
    expect(warningsOf(unnumbered).map((w) => w.slice(0, 4))).toEqual([['cue-number', 'talk.srt', 9, 'cue number 3 follows 5: the cues are read by their times, not their numbers']]);
    const trailing = await parse('5\n00:00:01,000 --> 00:00:02,000\nA.\n\n4x\n00:00:03,000 --> 00:00:04,000\nB.\n\n3\n00:00:05,000 --> 00:00:06,000\nC.\n', 'srt');
    expect(warningsOf(trailing).map((w) => w.slice(0, 3))).toEqual([['cue-number', 'talk.srt', 9]]);
    const twoDigits = await parse('12\n00:00:01,000 --> 00:00:02,000\nA.\n\n11\n00:00:03,000 --> 00:00:04,000\nB.\n', 'srt');
    expect(warningsOf(twoDigits).map((w) => w.slice(0, 4))).toEqual([['cue-number', 'talk.srt', 5, 'cue number 11 follows 12: the cues are read by their times, not their numbers']]);
    const stray = await parse('1\n00:00:01,000 --> 00:00:02,000\nA.\n\n9\nten\n\n2\n00:00:05,000 --> 00:00:06,000\nC.\n', 'srt');
    expect(problemsOf(stray)).toEqual([['bad-cue', 5, '"9" belongs to no cue: a cue needs a timing line (start --> end)']]);
    expect(stray.warnings).toEqual([]);
  });

  it('reads a line of blanks between blank lines as nothing, not as text outside a cue', async () => {
    const r = await parse('WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n\n \t\n\n00:03.000 --> 00:04.000\nTwo.\n', 'vtt');
    expect(r.problems).toEqual([]);
    expect(cuesOf(r)).toEqual([
      [3, 1000, 2000, 'One.'],
      [8, 3000, 4000, 'Two.'],
    ]);
  });

  it('takes as the WebVTT header only "WEBVTT" itself: a mark inside it, or a second mark before it, is refused', async () => {
    const inside = await parse('WEB\uFEFFVTT\n\n00:01.000 --> 00:02.000\nOne.\n', 'vtt');
    expect(problemsOf(inside).map((p) => p.slice(0, 2))).toEqual([
      ['bad-header', 1],
      ['bad-cue', 1],
    ]);
    const twice = await parse('\uFEFF\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n', 'vtt');
    expect(problemsOf(twice).map((p) => p.slice(0, 2))).toEqual([['bad-header', 1]]);
  });
});

describe('the line each cue is reported on, among blank runs and long blocks', () => {
  it('gives each cue its timing line when blocks are split by several blank lines', async () => {
    const r = await parse('1\n00:00:01,000 --> 00:00:02,000\nOne\ntwo\nthree.\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nFour.\n\n3\n00:00:05,000 --> 00:00:06,000\nFive.', 'srt');
    expect(cuesOf(r).map((c) => c[0])).toEqual([2, 10, 14]);
    expect(r.problems).toEqual([]);
  });

  it('gives a WebVTT cue without an identifier its timing line, the first of its block', async () => {
    const r = await parse('WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n\n00:03.000 --> 00:04.000\nTwo\nlines.\n\n\n00:05.000 --> 00:06.000\nThree.\n', 'vtt');
    expect(cuesOf(r)).toEqual([
      [3, 1000, 2000, 'One.'],
      [6, 3000, 4000, 'Two\nlines.'],
      [11, 5000, 6000, 'Three.'],
    ]);
  });

  it('reads a block after a blank-looking line as a block of its own', async () => {
    const r = await parse('1\n00:00:01,000 --> 00:00:02,000\nOne.\n \nstray words\n', 'srt');
    expect(problemsOf(r)).toEqual([['bad-cue', 5, '"stray words" belongs to no cue: a cue needs a timing line (start --> end)']]);
  });

  it('refuses a reversed timing written with blanks inside and settings after it', async () => {
    const r = await parse('WEBVTT\n\n  00:05.000 -->   00:04.000\talign:start\nBack.\n', 'vtt');
    expect(problemsOf(r)).toEqual([
      ['bad-timestamp', 3, 'malformed cue timing "00:05.000 -->   00:04.000\talign:start": expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm'],
      ['bad-timestamp', 3, 'the cue ends (00:04.000) before it starts (00:05.000)'],
    ]);
  });

  it('looks for the timing on the first two lines of a block only', async () => {
    const r = await parse('WEBVTT\n\nintro\nmore\n00:05.000 --> 00:04.000\nBack.\n', 'vtt');
    expect(problemsOf(r).filter((p) => p[1] === 'bad-timestamp' && String(p[2]).includes('before it starts'))).toEqual([]);
  });

  it('takes the WebVTT header only from the first block, and after a byte-order mark', async () => {
    const r = await parse('\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n\nWEBVTT\n', 'vtt');
    expect(problemsOf(r)).toEqual([['bad-cue', 6, '"WEBVTT" belongs to no cue: a cue needs a timing line (start --> end)']]);
  });
});

describe('a line of blanks between cues', () => {
  it('ends the cue, so the next cue is read with its own time instead of shown as text', async () => {
    const r = await parse('1\n00:00:01,000 --> 00:00:02,000\nFour.\n \t\n2\n00:00:03,000 --> 00:00:04,000\nFive.\n', 'srt');
    expect(cuesOf(r)).toEqual([
      [2, 1000, 2000, 'Four.'],
      [6, 3000, 4000, 'Five.'],
    ]);
    expect(r.problems).toEqual([]);
  });
});
