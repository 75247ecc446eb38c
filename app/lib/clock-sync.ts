/**
 * NTP-style estimate of the server clock from round trips over the socket: of several samples,
 * the one with the shortest round trip bounds the error best (error ≤ RTT / 2).
 */
export interface SyncSample {
  /** Client time when the request left. */
  readonly sentAtMs: number;
  /** Client time when the reply arrived. */
  readonly receivedAtMs: number;
  readonly serverNowMs: number;
}

export function estimateOffset(samples: readonly SyncSample[]): { offsetMs: number; rttMs: number } | undefined {
  let best: { offsetMs: number; rttMs: number } | undefined;
  for (const s of samples) {
    const rttMs = s.receivedAtMs - s.sentAtMs;
    if (rttMs < 0) continue;
    const offsetMs = s.serverNowMs - (s.sentAtMs + s.receivedAtMs) / 2;
    if (!best || rttMs < best.rttMs) best = { offsetMs, rttMs };
  }
  return best;
}

/** Samples taken per sync round, and how often the estimate is refreshed. */
export const SYNC_SAMPLES = 5;
export const SYNC_INTERVAL_MS = 30_000;

/** The browser's monotonic wall clock, in Unix-epoch milliseconds. */
export function clientNow(): number {
  return performance.timeOrigin + performance.now();
}

/** An animation frame's timestamp (`performance.now()` time base) on the same clock as `clientNow`. */
export function frameNow(frameTimeMs: number): number {
  return performance.timeOrigin + frameTimeMs;
}
