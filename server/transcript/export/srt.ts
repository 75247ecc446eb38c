import type { Lang } from '../caption-style';
import type { Cue } from '../cues/cue';
import type { Transcript } from '../model';
import { formatTimestamp } from '../timestamps';
import { SRT_CONTENT_TYPE, type CaptionFile, type WrittenCue } from './caption-file';
import { directedLine } from './line-direction';

/**
 * SubRip: UTF-8, numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, a blank line between cues. SRT
 * has no speaker field, so a turn's first cue starts with `>> SURNAME:` (`>> ФАМИЛИЯ:`), the
 * speaker's short name; sound labels are cues of their own. A line of a right-to-left language
 * that would otherwise run left to right starts with an RLM (line-direction.ts).
 */
export function toSrt(transcript: Transcript, lang: Lang, cues: readonly Cue[]): CaptionFile {
  const written: WrittenCue[] = cues.map((cue) => ({
    id: String(cue.number),
    lang,
    startMs: cue.startMs,
    endMs: cue.endMs,
    payload: cue.lines.map((line, i) => directedLine(i === 0 && cue.turnLabel ? `${cue.turnLabel} ${line}` : line, lang)).join('\n'),
  }));
  const body = written.map((c) => `${c.id}\n${formatTimestamp(c.startMs, ',')} --> ${formatTimestamp(c.endMs, ',')}\n${c.payload}\n`).join('\n');
  return { body, fileName: `${transcript.id}.${lang}.srt`, contentType: SRT_CONTENT_TYPE, cues: written };
}
