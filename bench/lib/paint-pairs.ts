/**
 * Matches the caption words two viewer pages painted, and how far apart in time they painted each:
 * as they did (synced clock), and as viewers that paint a segment when it arrives would have.
 */
import type { ProbeRecords, Seen } from './paint-probe';
import { percentile } from './stats';

/** One frame at 60 Hz, rounded up: the goal for two pages painting the same word. */
export const FRAME_MS = 17;

/** Machine-clock times (`performance.timeOrigin + performance.now()`), inclusive. */
export interface PaintWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface PaintPairs {
  /** Every word either page painted within the window and both painted: |paintedAt A − paintedAt B|. */
  readonly paint: readonly number[];
  /** The same words, |frameAt A − frameAt B|: the frames that painted them, without the callbacks' delay. */
  readonly frame: readonly number[];
  /** The same words painted on their segment's arrival, where both pages saw it arrive. */
  readonly arrival: readonly number[];
  /** Per segment of those words that both pages saw arrive: |message A − message B|. */
  readonly message: readonly number[];
  /** Words one page painted within the window and the other never did. */
  readonly oneSideOnly: number;
}

/** Words the two pages painted in different frames: their frame times more than half a frame apart. */
export function differentFrames(pairs: PaintPairs): number {
  return pairs.frame.filter((v) => v > FRAME_MS / 2).length;
}

export interface DiffSummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Values over FRAME_MS. */
  readonly overFrame: number;
}

/**
 * |x − y| to 0.1 ms: Chromium gives a page that is not cross-origin isolated `performance.now()` in
 * steps of 0.1 ms, so finer differences are noise (and a ratio to one of them means nothing).
 */
const apart = (x: number, y: number) => Math.round(Math.abs(x - y) * 10) / 10;

const painted = (s: Seen | undefined): s is Seen => s !== undefined && s.paintedAt >= 0;
const inWindow = (s: Seen | undefined, w: PaintWindow) => painted(s) && s.paintedAt >= w.fromMs && s.paintedAt <= w.toMs;

/**
 * A word belongs to the window when either page painted it there, so a word one page painted
 * late (or never) still counts against the pair.
 */
export function pairPaints(a: ProbeRecords, b: ProbeRecords, window: PaintWindow): PaintPairs {
  const paint: number[] = [];
  const frame: number[] = [];
  const arrival: number[] = [];
  const message = new Map<string, number>();
  let oneSideOnly = 0;
  for (const key of new Set([...Object.keys(a.words), ...Object.keys(b.words)])) {
    const [wa, wb] = [a.words[key], b.words[key]];
    if (!inWindow(wa, window) && !inWindow(wb, window)) continue;
    if (!painted(wa) || !painted(wb)) {
      oneSideOnly++;
      continue;
    }
    paint.push(apart(wa.paintedAt, wb.paintedAt));
    frame.push(apart(wa.frameAt, wb.frameAt));
    const segment = key.split(' ')[1];
    const [sa, sb] = [a.arrivals[segment], b.arrivals[segment]];
    if (!painted(sa) || !painted(sb)) continue;
    arrival.push(apart(sa.paintedAt, sb.paintedAt));
    message.set(segment, apart(sa.seenAt, sb.seenAt));
  }
  return { paint, frame, arrival, message: [...message.values()], oneSideOnly };
}

export function summarizeDiffs(values: readonly number[]): DiffSummary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: percentile(values, 100),
    overFrame: values.filter((v) => v > FRAME_MS).length,
  };
}
