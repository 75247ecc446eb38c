import type { TimeSource, TimerHandle } from '../../server/replay/time-source';

interface PendingTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/**
 * A manual clock for the replay engine: time moves only when the test advances it, and each timer
 * fires with `now()` equal to its due time, so the test sees exactly when the engine acted.
 */
export class FakeTime implements TimeSource {
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now = (): number => this.current;

  setTimer = (callback: () => void, delayMs: number): TimerHandle => {
    const timer = { id: this.nextId++, dueAt: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id as unknown as TimerHandle;
  };

  clearTimer = (handle: TimerHandle): void => {
    this.timers = this.timers.filter((t) => t.id !== (handle as unknown as number));
  };

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.dueAt > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
    }
    this.current = Math.max(this.current, target);
  }

  /** Time passing inside a callback, as when the work itself takes that long; no timer fires. */
  spend(ms: number): void {
    this.current += ms;
  }
}
