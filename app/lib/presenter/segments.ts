import type { CaptionSegment } from '../../../server/protocol';

/**
 * Pressing "previous" this long into a segment goes back to its start rather than to the one
 * before, as media players do with tracks.
 */
export const PREVIOUS_RESTARTS_AFTER_MS = 2_000;

/**
 * The segment being spoken at `positionMs`: the last one that has started (the gap after a
 * segment still belongs to it). -1 before the first. Binary search: segments are in time order.
 */
export function currentSegmentIndex(segments: readonly Pick<CaptionSegment, 'startMs'>[], positionMs: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (segments[mid].startMs <= positionMs) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Where "previous segment" goes from `positionMs`: the current segment's start, or the one before. */
export function previousSegmentIndex(segments: readonly Pick<CaptionSegment, 'startMs'>[], positionMs: number): number | undefined {
  if (segments.length === 0) return undefined;
  const current = currentSegmentIndex(segments, positionMs);
  if (current < 0) return 0;
  if (positionMs - segments[current].startMs > PREVIOUS_RESTARTS_AFTER_MS) return current;
  return Math.max(0, current - 1);
}

export function nextSegmentIndex(segments: readonly Pick<CaptionSegment, 'startMs'>[], positionMs: number): number | undefined {
  const next = currentSegmentIndex(segments, positionMs) + 1;
  return next < segments.length ? next : undefined;
}
