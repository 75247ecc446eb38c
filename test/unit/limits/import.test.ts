import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES as API_MAX_UPLOAD_FILES } from '../../../app/lib/presenter/rooms-api';
import { MAX_EVS_MS } from '../../../server/transcript/caption-style';
import { parseCaptionFile } from '../../../server/transcript/import/caption-file';
import type { TimedItem } from '../../../server/transcript/import/rejoin-sentences';
import { estimateLagMs } from '../../../server/transcript/import/timed-transcript';
import { MAX_SOURCE_BYTES, MAX_UPLOAD_FILES, compileUpload, importUpload } from '../../../server/transcript/import-upload';

/** The importers' limits, each met exactly and missed by one: file size, file count, cue overlap, interpreter lag. */

const CUE = '00:00:01.000 --> 00:00:03.000\nWe met in Vienna today.\n';

/** A WebVTT file of exactly `bytes` bytes: one cue, and a NOTE that pads it. */
function vttOf(bytes: number): string {
  const head = 'WEBVTT\n\nNOTE ';
  const tail = `\n\n${CUE}`;
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

describe('upload size', () => {
  it('the HTTP upload limits are the importer’s', () => {
    expect(MAX_UPLOAD_FILE_BYTES).toBe(MAX_SOURCE_BYTES);
    expect(API_MAX_UPLOAD_FILES).toBe(MAX_UPLOAD_FILES);
  });

  it(`a file of ${MAX_SOURCE_BYTES} bytes is imported; one byte more is refused, naming the file`, async () => {
    const at = vttOf(MAX_SOURCE_BYTES);
    expect(Buffer.byteLength(at)).toBe(MAX_SOURCE_BYTES);
    const accepted = await importUpload({ files: [{ name: 'talk.vtt', content: at }] });
    expect(accepted.ok, JSON.stringify(accepted.ok ? [] : accepted.problems)).toBe(true);

    const refused = await importUpload({ files: [{ name: 'talk.vtt', content: new TextEncoder().encode(vttOf(MAX_SOURCE_BYTES + 1)) }] });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.problems).toEqual([
      expect.objectContaining({ code: 'too-large', file: 'talk.vtt', line: 1, message: expect.stringContaining(String(MAX_SOURCE_BYTES + 1)) }),
    ]);
  });
});

describe('file count', () => {
  // One booth per file, each in its own language (the UN's six, and German).
  const langs = ['en', 'ru', 'fr', 'ar', 'zh', 'es', 'de'];
  const srt = (lang: string, n: number) => ({ name: `talk-${n}.${lang}.srt`, content: `1\n00:00:01,000 --> 00:00:03,000\n${lang === 'ru' ? 'Мы встретились.' : 'We met.'}\n` });

  it(`${MAX_UPLOAD_FILES} files are imported together; ${MAX_UPLOAD_FILES + 1} are refused`, async () => {
    const files = Array.from({ length: MAX_UPLOAD_FILES + 1 }, (_, i) => srt(langs[i], i));
    // Compiled as a room takes it (the house-style check of each booth is the cue rules' own business).
    const accepted = await compileUpload({ files: files.slice(0, MAX_UPLOAD_FILES) });
    expect(accepted.ok, JSON.stringify(accepted.ok ? [] : accepted.problems)).toBe(true);
    const refused = await importUpload({ files });
    expect(refused.ok ? [] : refused.problems.map((p) => p.code)).toEqual(['too-many-files']);
  });
});

describe('cue overlap', () => {
  const file = (secondStart: string) => `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWe met.\n\n${secondStart} --> 00:00:04.000\nWe agreed.\n`;

  it('a cue may start the very millisecond the previous one ends; one millisecond before is clamped with a warning, 501 ms before is an error', async () => {
    const touching = await parseCaptionFile(file('00:00:02.000'), 'vtt', 'talk.vtt');
    expect(touching.problems).toEqual([]);
    expect(touching.warnings).toEqual([]);
    const overlapping = await parseCaptionFile(file('00:00:01.999'), 'vtt', 'talk.vtt');
    expect(overlapping.problems).toEqual([]);
    expect(overlapping.warnings).toEqual([expect.objectContaining({ code: 'overlap-clamped', file: 'talk.vtt', line: 6 })]);
    const tooMuch = await parseCaptionFile(file('00:00:01.499'), 'vtt', 'talk.vtt');
    expect(tooMuch.problems).toEqual([expect.objectContaining({ code: 'overlapping-cues', file: 'talk.vtt', line: 6 })]);
  });
});

describe('interpreter lag between two files', () => {
  const sentences = (shiftMs: number): TimedItem[] =>
    [0, 6_000, 9_000, 17_000, 21_000].map((startMs, i) => ({
      kind: 'speech',
      turn: 1,
      speakerId: 'kerry',
      text: `Sentence ${i}.`,
      startMs: startMs + shiftMs,
      endMs: startMs + shiftMs + 2_000 + i * 500,
      line: i + 1,
    }));

  it(`finds a lag of exactly ${MAX_EVS_MS} ms either way, and looks no further`, () => {
    expect(estimateLagMs(sentences(0), sentences(MAX_EVS_MS))).toBe(MAX_EVS_MS);
    expect(estimateLagMs(sentences(MAX_EVS_MS), sentences(0))).toBe(-MAX_EVS_MS);
    expect(estimateLagMs(sentences(0), sentences(MAX_EVS_MS + 1_000))).toBe(MAX_EVS_MS);
  });
});
