import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaptionFile } from '../../../server/transcript/import/caption-file';
import { ROOT } from '../../support/load-vienna';

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/captions', name), 'utf8');

describe('reading SRT and WebVTT files (media-captions, tolerant, plus the checks it does not make)', () => {
  it('reads an SRT file with a byte-order mark and CRLF line ends, each cue with the line of its timing', async () => {
    const source = fixture('briefing.en.srt');
    expect(source.startsWith('\uFEFF')).toBe(true);
    expect(source).toContain('\r\n');
    const { cues, problems } = await parseCaptionFile(source, 'srt', 'briefing.en.srt');
    expect(problems).toEqual([]);
    expect(cues).toHaveLength(9);
    expect(cues[0]).toEqual({ line: 2, startMs: 1_000, endMs: 4_500, text: 'MR PRICE: Good afternoon, everyone.\nThank you for joining us today.' });
    expect(cues[2]).toMatchObject({ line: 12, startMs: 9_300, endMs: 11_800, text: 'your questions.' });
    expect(cues.at(-1)).toMatchObject({ line: 40, startMs: 32_400, endMs: 37_000 });
  });

  it('reports every problem of a broken SRT file at once, each with its line', async () => {
    const { problems, warnings } = await parseCaptionFile(fixture('malformed.srt'), 'srt', 'malformed.srt');
    expect(problems.map((p) => [p.line, p.code, p.message])).toEqual([
      [6, 'bad-timestamp', 'malformed cue timing "00:00:0x,000 --> 00:00:05,000": expected HH:MM:SS,mmm --> HH:MM:SS,mmm'],
      [10, 'bad-timestamp', 'the cue ends (00:00:07,000) before it starts (00:00:09,000)'],
      [28, 'bad-cue', '"This line has lost its cue." belongs to no cue: a cue needs a timing line (start --> end)'],
    ]);
    // An overlap of exactly half a second and empty cues are what real exports have: changed, and said.
    expect(warnings.map((p) => [p.line, p.code])).toEqual([
      [18, 'overlap-clamped'],
      [22, 'empty-cue'],
      [25, 'empty-cue'],
      [26, 'formatting-removed'],
    ]);
    expect(problems.every((p) => p.file === 'malformed.srt')).toBe(true);
  });

  it('reports a missing WebVTT header and bad timings', async () => {
    const { problems } = await parseCaptionFile(fixture('malformed.vtt'), 'vtt', 'malformed.vtt');
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [1, 'bad-header'],
      [1, 'bad-cue'],
      [6, 'bad-timestamp'],
      [9, 'bad-timestamp'],
    ]);
    expect(problems[2].message).toMatch(/"00:04\.000 --> 00:0x\.000"/u);
    expect(problems[3].message).toBe('the cue ends when it starts (00:07.000)');
  });

  it('keeps WebVTT cue identifiers, settings and NOTE blocks out of the text', async () => {
    const { cues, problems } = await parseCaptionFile(fixture('briefing.ru.vtt'), 'vtt', 'briefing.ru.vtt');
    expect(problems).toEqual([]);
    expect(cues).toHaveLength(7);
    expect(cues[0]).toMatchObject({ line: 6, startMs: 2_500, text: '<v Нед Прайс>Добрый день всем.\nСпасибо, что присоединились к нам.' });
    const markup = await parseCaptionFile(fixture('markup.vtt'), 'vtt', 'markup.vtt');
    expect(markup.cues.map((c) => c.line)).toEqual([4, 7]);
  });
});
