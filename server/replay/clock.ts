import type { ClockState } from '../protocol';

/**
 * The room clock as pure functions: where the media position is at a server time, and how each
 * presenter action changes the clock. Shared by the server's scheduler and the browser's painter,
 * so both compute the same position from the same state.
 */
export const MIN_RATE = 0.5;
export const MAX_RATE = 2;

export function positionAt(clock: ClockState, nowMs: number): number {
  if (clock.status !== 'playing') return clock.positionMs;
  const position = clock.positionMs + (nowMs - clock.anchorAtMs) * clock.rate;
  return Math.min(clock.durationMs, Math.max(0, position));
}

/** Server time at which a playing clock reaches `positionMs`. */
export function serverTimeAt(clock: ClockState, positionMs: number): number {
  return clock.anchorAtMs + (positionMs - clock.positionMs) / clock.rate;
}

export function initialClock(durationMs: number, nowMs: number, options: { playing: boolean; loop: boolean }): ClockState {
  return {
    status: options.playing ? 'playing' : 'paused',
    positionMs: 0,
    anchorAtMs: nowMs,
    rate: 1,
    loop: options.loop,
    epoch: 0,
    durationMs,
  };
}

/** Re-anchors the clock at `nowMs` so that later changes start from the current position. */
function anchored(clock: ClockState, nowMs: number): ClockState {
  return { ...clock, positionMs: positionAt(clock, nowMs), anchorAtMs: nowMs };
}

export function play(clock: ClockState, nowMs: number): ClockState {
  if (clock.status === 'playing') return clock;
  if (clock.status === 'ended') return { ...clock, status: 'playing', positionMs: 0, anchorAtMs: nowMs, epoch: clock.epoch + 1 };
  return { ...clock, status: 'playing', anchorAtMs: nowMs };
}

export function pause(clock: ClockState, nowMs: number): ClockState {
  if (clock.status !== 'playing') return clock;
  return { ...anchored(clock, nowMs), status: 'paused' };
}

/** Seeking starts a new epoch; an ended clock becomes paused at the new position. */
export function seek(clock: ClockState, nowMs: number, positionMs: number): ClockState {
  const position = Math.min(clock.durationMs, Math.max(0, Math.round(positionMs)));
  const status = clock.status === 'ended' ? 'paused' : clock.status;
  return { ...clock, status, positionMs: position, anchorAtMs: nowMs, epoch: clock.epoch + 1 };
}

export function setRate(clock: ClockState, nowMs: number, rate: number): ClockState {
  const clamped = Math.min(MAX_RATE, Math.max(MIN_RATE, rate));
  return { ...anchored(clock, nowMs), rate: clamped };
}

export function setLoop(clock: ClockState, loop: boolean): ClockState {
  return { ...clock, loop };
}

export function restart(clock: ClockState, nowMs: number): ClockState {
  return { ...clock, status: 'playing', positionMs: 0, anchorAtMs: nowMs, epoch: clock.epoch + 1 };
}

export function end(clock: ClockState, nowMs: number): ClockState {
  return { ...clock, status: 'ended', positionMs: clock.durationMs, anchorAtMs: nowMs };
}

/**
 * The clock as it should stand at `nowMs` after time passed without anyone watching (a server
 * restart): a playing clock that ran past its end has ended, or, when looping, has restarted as
 * many times as fitted, each restart a new epoch, each after `loopPauseMs`.
 */
export function fastForward(clock: ClockState, nowMs: number, loopPauseMs: number): ClockState {
  if (clock.status === 'paused') return clock;
  if (clock.status === 'ended') {
    if (!clock.loop || nowMs < clock.anchorAtMs + loopPauseMs) return clock;
    const restarted = restart(clock, clock.anchorAtMs + loopPauseMs);
    return fastForward(restarted, nowMs, loopPauseMs);
  }
  const endAt = serverTimeAt(clock, clock.durationMs);
  if (nowMs < endAt) return clock;
  if (!clock.loop) return end(clock, Math.round(endAt));
  const period = clock.durationMs / clock.rate + loopPauseMs;
  const cycles = Math.floor((nowMs - endAt) / period);
  const lastEnd = Math.round(endAt + cycles * period);
  const ended = { ...end(clock, lastEnd), epoch: clock.epoch + cycles };
  return nowMs >= lastEnd + loopPauseMs ? restart(ended, lastEnd + loopPauseMs) : ended;
}
