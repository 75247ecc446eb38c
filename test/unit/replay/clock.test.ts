import { describe, expect, it } from 'vitest';
import type { ClockState } from '../../../server/protocol';
import {
  end,
  fastForward,
  initialClock,
  MAX_RATE,
  MIN_RATE,
  pause,
  play,
  positionAt,
  restart,
  seek,
  serverTimeAt,
  setLoop,
  setRate,
} from '../../../server/replay/clock';

const T0 = 1_000_000;
/** A one-minute transcript playing since T0 at normal speed. */
const playing: ClockState = { status: 'playing', positionMs: 0, anchorAtMs: T0, rate: 1, loop: false, epoch: 0, durationMs: 60_000 };

describe('room clock: where the media is', () => {
  it.each([
    ['at its anchor', playing, T0, 0],
    ['10 s later', playing, T0 + 10_000, 10_000],
    ['10 s later at double speed', { ...playing, rate: 2 }, T0 + 10_000, 20_000],
    ['10 s later at half speed, from 5 s in', { ...playing, rate: 0.5, positionMs: 5_000 }, T0 + 10_000, 10_000],
    ['past the end: held at the end', playing, T0 + 90_000, 60_000],
    ['before its anchor: held at the start', playing, T0 - 5_000, 0],
    ['paused, however long after', { ...playing, status: 'paused' as const, positionMs: 7_000 }, T0 + 50_000, 7_000],
    ['ended', { ...playing, status: 'ended' as const, positionMs: 60_000 }, T0 + 50_000, 60_000],
  ])('%s', (_what, clock, nowMs, expected) => {
    expect(positionAt(clock, nowMs)).toBe(expected);
  });

  it('tells when a playing clock reaches a position, at any rate', () => {
    expect(serverTimeAt(playing, 30_000)).toBe(T0 + 30_000);
    expect(serverTimeAt({ ...playing, rate: 2, positionMs: 10_000 }, 30_000)).toBe(T0 + 10_000);
    expect(serverTimeAt({ ...playing, rate: 0.5 }, 30_000)).toBe(T0 + 60_000);
  });

  it('starts at the beginning, playing or paused as asked, at normal speed, in epoch 0', () => {
    expect(initialClock(60_000, T0, { playing: true, loop: true })).toEqual({ ...playing, loop: true });
    expect(initialClock(60_000, T0, { playing: false, loop: false })).toEqual({ ...playing, status: 'paused' });
  });
});

describe('room clock: presenter actions', () => {
  it('pauses where the media is and stays there', () => {
    const paused = pause({ ...playing, rate: 2 }, T0 + 5_000);
    expect(paused).toMatchObject({ status: 'paused', positionMs: 10_000, anchorAtMs: T0 + 5_000, epoch: 0 });
    expect(positionAt(paused, T0 + 60_000)).toBe(10_000);
  });

  it('ignores pause when not playing, and play when playing', () => {
    const paused = { ...playing, status: 'paused' as const, positionMs: 3_000 };
    expect(pause(paused, T0 + 9_000)).toBe(paused);
    expect(play(playing, T0 + 9_000)).toBe(playing);
  });

  it('plays on from where it was paused, same epoch', () => {
    const resumed = play({ ...playing, status: 'paused', positionMs: 3_000 }, T0 + 9_000);
    expect(resumed).toMatchObject({ status: 'playing', positionMs: 3_000, anchorAtMs: T0 + 9_000, epoch: 0 });
    expect(positionAt(resumed, T0 + 10_000)).toBe(4_000);
  });

  it('plays an ended clock from the start in a new epoch', () => {
    expect(play({ ...playing, status: 'ended', positionMs: 60_000, epoch: 4 }, T0 + 9_000)).toMatchObject({
      status: 'playing',
      positionMs: 0,
      anchorAtMs: T0 + 9_000,
      epoch: 5,
    });
  });

  it.each([
    ['within the transcript', 12_345.4, 12_345],
    ['before the start', -500, 0],
    ['past the end', 75_000, 60_000],
  ])('seeks %s: a new epoch, the position clamped and whole', (_what, to, expected) => {
    expect(seek(playing, T0 + 1_000, to)).toEqual({ ...playing, positionMs: expected, anchorAtMs: T0 + 1_000, epoch: 1 });
  });

  it('seeking an ended clock leaves it paused at the new position; a paused one stays paused', () => {
    expect(seek({ ...playing, status: 'ended', positionMs: 60_000 }, T0, 5_000)).toMatchObject({ status: 'paused', positionMs: 5_000 });
    expect(seek({ ...playing, status: 'paused' }, T0, 5_000)).toMatchObject({ status: 'paused', positionMs: 5_000 });
  });

  it.each([
    [1.5, 1.5],
    [MIN_RATE, 0.5],
    [MAX_RATE, 2],
    [0.1, 0.5],
    [9, 2],
  ])('sets rate %d as %d, without a jump in position', (asked, rate) => {
    const changed = setRate(playing, T0 + 4_000, asked);
    expect(changed).toMatchObject({ rate, positionMs: 4_000, anchorAtMs: T0 + 4_000, epoch: 0 });
    expect(positionAt(changed, T0 + 6_000)).toBe(4_000 + 2_000 * rate);
  });

  it('sets loop without touching the position', () => {
    expect(setLoop(playing, true)).toEqual({ ...playing, loop: true });
  });

  it('restarts from the start, playing, in a new epoch, whatever its state', () => {
    expect(restart({ ...playing, status: 'paused', positionMs: 40_000, epoch: 2 }, T0 + 7_000)).toEqual({
      ...playing,
      anchorAtMs: T0 + 7_000,
      epoch: 3,
    });
  });

  it('ends at the duration, same epoch', () => {
    expect(end({ ...playing, epoch: 2 }, T0 + 60_000)).toEqual({ ...playing, status: 'ended', positionMs: 60_000, anchorAtMs: T0 + 60_000, epoch: 2 });
  });
});

describe('room clock after time passed unwatched (server restart)', () => {
  const PAUSE = 5_000;

  it('leaves a paused clock, and a playing one not yet at its end, as they were', () => {
    const paused = { ...playing, status: 'paused' as const, positionMs: 3_000 };
    expect(fastForward(paused, T0 + 500_000, PAUSE)).toBe(paused);
    expect(fastForward(playing, T0 + 59_999, PAUSE)).toBe(playing);
  });

  it('ends a clock that is not looping exactly when it reached its end', () => {
    expect(fastForward(playing, T0 + 60_000, PAUSE)).toEqual(end(playing, T0 + 60_000));
    expect(fastForward({ ...playing, rate: 2 }, T0 + 500_000, PAUSE)).toEqual(end({ ...playing, rate: 2 }, T0 + 30_000));
  });

  it('leaves an ended clock as it is when not looping, or while its loop pause lasts', () => {
    const ended = end(playing, T0);
    expect(fastForward(ended, T0 + 500_000, PAUSE)).toBe(ended);
    const endedLooping = end({ ...playing, loop: true }, T0);
    expect(fastForward(endedLooping, T0 + PAUSE - 1, PAUSE)).toBe(endedLooping);
  });

  it('restarts an ended looping clock once its pause is over, and runs on from there', () => {
    const endedLooping = end({ ...playing, loop: true, epoch: 3 }, T0);
    expect(fastForward(endedLooping, T0 + PAUSE, PAUSE)).toEqual({ ...playing, loop: true, anchorAtMs: T0 + PAUSE, epoch: 4 });
    expect(fastForward(endedLooping, T0 + PAUSE + 10_000, PAUSE)).toEqual({ ...playing, loop: true, anchorAtMs: T0 + PAUSE, epoch: 4 });
  });

  it.each([
    // [ms after the first end, expected status, epoch, anchor relative to the first end]
    [0, 'ended', 0, 0],
    [PAUSE - 1, 'ended', 0, 0],
    [PAUSE, 'playing', 1, PAUSE],
    [PAUSE + 60_000 - 1, 'playing', 1, PAUSE],
    [PAUSE + 60_000, 'ended', 1, PAUSE + 60_000],
    [2 * PAUSE + 60_000, 'playing', 2, 2 * PAUSE + 60_000],
    [2 * (PAUSE + 60_000), 'ended', 2, 2 * (PAUSE + 60_000)],
  ] as const)('loops while down: %i ms after the end it is %s in epoch %i', (after, status, epoch, anchor) => {
    const looping = { ...playing, loop: true };
    const forwarded = fastForward(looping, T0 + 60_000 + after, PAUSE);
    expect(forwarded).toMatchObject({ status, epoch, anchorAtMs: T0 + 60_000 + anchor });
    expect(forwarded.positionMs).toBe(status === 'ended' ? 60_000 : 0);
  });

  it('loops at the clock rate: at double speed a loop lasts half as long', () => {
    const fast = { ...playing, loop: true, rate: 2 };
    // First end at T0 + 30 s; each loop then takes 5 s of pause and 30 s of playing.
    expect(fastForward(fast, T0 + 30_000 + 35_000 + 35_000 - 1, PAUSE)).toMatchObject({ status: 'playing', epoch: 2, anchorAtMs: T0 + 30_000 + 35_000 + PAUSE });
    expect(fastForward(fast, T0 + 30_000 + 35_000, PAUSE)).toMatchObject({ status: 'ended', epoch: 1, anchorAtMs: T0 + 30_000 + 35_000 });
  });
});
