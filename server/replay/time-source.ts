/**
 * Time as the replay engine sees it: injected, so tests run it on a fake clock and the engine
 * never reads the global clock.
 */
export interface TimeSource {
  /** Milliseconds since the Unix epoch, from a monotonic source. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>;

/**
 * Wall-clock time that never steps backwards: `performance.now()` anchored at process start,
 * so an NTP adjustment of the system clock cannot make the replay jump.
 */
export function systemTimeSource(): TimeSource {
  return {
    // Floor, not round: a clock that reads up to 0.5 ms ahead would let the player act early.
    now: () => Math.floor(performance.timeOrigin + performance.now()),
    setTimer: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs)),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * Time running `speed` times faster than the wall clock, for integration tests that replay a
 * ten-minute transcript in seconds with real timers and real sockets.
 */
export function acceleratedTimeSource(speed: number, base: TimeSource = systemTimeSource()): TimeSource {
  const origin = base.now();
  return {
    now: () => Math.round(origin + (base.now() - origin) * speed),
    setTimer: (callback, delayMs) => base.setTimer(callback, delayMs / speed),
    clearTimer: (handle) => base.clearTimer(handle),
  };
}
