import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../server/transcript/caption-style';
import { checkCues } from '../../../server/transcript/cues/check-cues';
import { cuesOf, exportCaptions } from '../../../server/transcript/export/export-captions';
import { SOUND_EVENTS } from '../../../server/transcript/sound-events';
import { importUpload } from '../../../server/transcript/import-upload';
import { parseCaptionFile } from '../../../server/transcript/import/caption-file';
import { readCaptionCues } from '../../../server/transcript/import/caption-cues';
import { readCueParts } from '../../../server/transcript/import/cue-parts';
import { loadVienna, VIENNA_SOURCE } from '../../support/load-vienna';
import { readFileSync } from 'node:fs';

const vienna = loadVienna();
const directory = JSON.parse(readFileSync(VIENNA_SOURCE.replace(/\.txt$/u, '.json'), 'utf8')).speakers;
const EXPORTS = [
  ['vtt', 'en'],
  ['vtt', 'ru'],
  ['srt', 'en'],
  ['srt', 'ru'],
] as const;

function exported(format: 'vtt' | 'srt', lang: string) {
  const result = exportCaptions(vienna, format, lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

describe('every export passes check, read back from the file as a player reads it', () => {
  it.each([...EXPORTS, ['vtt', 'both']] as const)('%s %s', async (format, lang) => {
    const file = exported(format, lang);
    const { cues, problems } = await readCaptionCues(file.body, format, file.fileName, lang === 'both' ? 'en' : lang);
    expect(problems).toEqual([]);
    const langs: Lang[] = lang === 'both' ? ['en', 'ru'] : [lang];
    for (const l of langs) {
      expect(cues[l]!.length).toBeGreaterThan(100);
      expect(checkCues(cues[l]!, l, format).violations).toEqual([]);
    }
    expect(Object.values(cues).reduce((n, list) => n + (list?.length ?? 0), 0)).toBe(file.cues.length);
  });
});

describe('exports round-trip through the importers', () => {
  it.each(EXPORTS)('%s %s: the same cues (text, speaker, times to the millisecond)', async (format, lang) => {
    const file = exported(format, lang);
    const cues = cuesOf(vienna, lang, format);
    const { cues: read, problems } = await parseCaptionFile(file.body, format, file.fileName);
    expect(problems).toEqual([]);
    expect(read.map((c) => [c.startMs, c.endMs])).toEqual(cues.map((c) => [c.startMs, c.endMs]));
    read.forEach((raw, i) => {
      const cue = cues[i];
      const parts = readCueParts(raw.text);
      expect(parts, `cue ${cue.number}`).toHaveLength(1);
      const text = parts[0].pieces.map((p) => (p.kind === 'text' ? p.text : SOUND_EVENTS[p.sound].label[lang])).join(' ');
      expect(text).toBe(cue.lines.join(' '));
      const named = format === 'vtt' ? (cue.kind === 'speech' || cue.turnLabel !== undefined ? cue.voice : undefined) : cue.turnLabel?.slice(3, -1);
      expect(parts[0].speaker, `cue ${cue.number}`).toBe(named);
    });
  });

  it.each(EXPORTS)('%s %s: the same sentences, speakers and start times', async (format, lang) => {
    const file = exported(format, lang);
    const result = await importUpload({ files: [{ name: file.fileName, content: file.body }], options: { speakers: directory } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const original = vienna.segments.filter((s) => s.text[lang]).sort((a, b) => a.timing[lang]!.startMs - b.timing[lang]!.startMs);
    const back = result.transcript.segments;
    expect(back.map((s) => s.text[lang])).toEqual(original.map((s) => s.text[lang]));
    expect(back.map((s) => s.kind)).toEqual(original.map((s) => s.kind));
    back.forEach((segment, i) => expect(Math.abs(segment.startMs - original[i].timing[lang]!.startMs), segment.id).toBeLessThanOrEqual(1));
    // WebVTT names each speaker in full; SRT carries only the short name (`>> QUESTION:`), which
    // three journalists share.
    const speaker = (id: string, t = vienna) => t.speakers.find((s) => s.id === id)!;
    back.forEach((segment, i) => {
      if (format === 'vtt') expect(segment.speakerId).toBe(original[i].speakerId);
      else expect(speaker(segment.speakerId, result.transcript).short[lang]).toBe(speaker(original[i].speakerId).short[lang]);
    });
    expect(result.check.ok).toBe(true);
  });
});
