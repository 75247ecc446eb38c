import { TranscriptSchema, type Transcript } from '../../server/transcript/model';

export const DENSE_TRANSCRIPT_ID = 'bench-dense';

export interface DenseOptions {
  /** Length of each segment's source span (and of each language's span). */
  readonly segmentMs: number;
  /** Silence between one segment's end and the next one's start. */
  readonly gapMs: number;
  /** The segments are played this many times over, one after the other, for a longer time line. */
  readonly repeat: number;
  /** Media position of the first segment. */
  readonly firstStartMs: number;
}

export const DEFAULT_DENSE: DenseOptions = { segmentMs: 200, gapMs: 50, repeat: 4, firstStartMs: 500 };

/**
 * The same segments, speakers and texts re-timed densely (by default a segment every 250 ms, four
 * captions a second per room), each language keeping its offset from the source (the
 * interpretation still trails by the ear-voice span). Checked with TranscriptSchema.
 */
export function denseTranscript(source: Transcript, options: DenseOptions = DEFAULT_DENSE): Transcript {
  const { segmentMs, gapMs, repeat, firstStartMs } = options;
  if (segmentMs <= 0 || gapMs < 0 || repeat < 1) throw new Error('dense transcript: bad options');
  const turns = Math.max(...source.segments.map((s) => s.turn)) + 1;
  const segments: Transcript['segments'] = [];
  for (let r = 0; r < repeat; r++) {
    for (const s of source.segments) {
      const index = segments.length;
      const startMs = firstStartMs + index * (segmentMs + gapMs);
      const timing: Transcript['segments'][number]['timing'] = {};
      for (const [lang, span] of Object.entries(s.timing) as [keyof typeof s.timing, { startMs: number; endMs: number }][]) {
        const offset = span.startMs - s.startMs;
        timing[lang] = { startMs: Math.max(0, startMs + offset), endMs: Math.max(0, startMs + offset) + segmentMs };
      }
      segments.push({ ...s, id: repeat === 1 ? s.id : `${s.id}-r${r}`, index, turn: s.turn + r * turns, startMs, endMs: startMs + segmentMs, timing });
    }
  }
  const lastEnd = Math.max(...segments.flatMap((s) => [s.endMs, ...Object.values(s.timing).map((t) => t?.endMs ?? 0)]));
  const dense = {
    ...source,
    id: DENSE_TRANSCRIPT_ID,
    meta: { ...source.meta, notes: [...source.meta.notes, `Benchmark copy: re-timed to ${segmentMs} ms segments with ${gapMs} ms gaps, ${repeat}×.`] },
    durationMs: lastEnd + gapMs,
    segments,
  };
  return TranscriptSchema.parse(dense);
}
