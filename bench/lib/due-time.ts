/**
 * When a caption is due on the wall clock, computed exactly as the server's scheduler does
 * (server/replay/clock.ts `serverTimeAt`), and the clock both sides read: the server's time is
 * `performance.timeOrigin + performance.now()` (milliseconds since the Unix epoch), so the load
 * generator reads the same, unrounded.
 */
export interface WireClock {
  readonly status: string;
  readonly positionMs: number;
  readonly anchorAtMs: number;
  readonly rate: number;
  readonly epoch: number;
}

/** Wall time (server clock) at which media position `dueMs` is reached on `clock`. */
export function dueWallMs(clock: WireClock, dueMs: number): number {
  return clock.anchorAtMs + (dueMs - clock.positionMs) / clock.rate;
}

/** Positive: late by that many milliseconds; negative: that much lead. */
export function latenessMs(clock: WireClock, dueMs: number, receivedAtMs: number): number {
  return receivedAtMs - dueWallMs(clock, dueMs);
}

export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}
