import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClockState } from '../../../server/protocol';
import type { PresenterIntent } from '../../../app/lib/presenter/commands';
import { RATES } from '../../../app/lib/presenter/commands';
import {
  PAUSED_TOLERANCE_MS,
  PLAYING_TOLERANCE_MS,
  clampCaptionDelay,
  mediaActionFor,
  mediaTimeFor,
  planMediaSync,
  roomTargetMs,
  type MediaSample,
} from '../../../app/lib/presenter/media-drive';

const DURATION = 665_915;
const clock = (over: Partial<ClockState> = {}): ClockState => ({
  status: 'paused',
  positionMs: 0,
  anchorAtMs: 0,
  rate: 1,
  loop: false,
  epoch: 0,
  durationMs: DURATION,
  ...over,
});
const media = (over: Partial<MediaSample> = {}): MediaSample => ({ currentTimeS: 0, paused: true, ended: false, waiting: false, playbackRate: 1, ...over });

describe('the caption delay', () => {
  it('is bounded to ±10 s in 100 ms steps', () => {
    expect(clampCaptionDelay(1_234)).toBe(1_200);
    expect(clampCaptionDelay(-1_250)).toBe(-1_200); // Math.round(-12.5) = -12
    expect(clampCaptionDelay(25_000)).toBe(10_000);
    expect(clampCaptionDelay(-25_000)).toBe(-10_000);
    expect(clampCaptionDelay(Number.NaN)).toBe(0);
    expect(Object.is(clampCaptionDelay(-0.01), 0)).toBe(true);
  });

  it('shows captions later when positive: the room is behind the media by the delay', () => {
    expect(roomTargetMs({ currentTimeS: 30 }, 2_000, DURATION)).toBe(28_000);
    expect(roomTargetMs({ currentTimeS: 30 }, -2_000, DURATION)).toBe(32_000);
    expect(roomTargetMs({ currentTimeS: 1 }, 2_000, DURATION)).toBe(0);
    expect(roomTargetMs({ currentTimeS: 10_000 }, 0, DURATION)).toBe(DURATION);
    expect(mediaTimeFor(28_000, 2_000)).toBe(30);
  });
});

describe('planMediaSync: what the room is told when the media moves', () => {
  it('plays the room from the media time when the media starts playing', () => {
    const plan = planMediaSync(media({ currentTimeS: 42.5, paused: false }), clock({ positionMs: 0 }), 0, 0);
    expect(plan.intents).toEqual([{ type: 'seek-to', positionMs: 42_500 }, { type: 'play' }]);
  });

  it('pauses the room, then puts it exactly at the media time, when the media pauses', () => {
    const plan = planMediaSync(media({ currentTimeS: 61.2, paused: true }), clock({ status: 'playing' }), 61_000, 0);
    expect(plan.intents).toEqual([{ type: 'pause' }, { type: 'seek-to', positionMs: 61_200 }]);
  });

  it('pauses the room while the media waits for data, and follows a seek', () => {
    expect(planMediaSync(media({ currentTimeS: 10, paused: false, waiting: true }), clock({ status: 'playing' }), 10_000, 0).intents).toEqual([{ type: 'pause' }]);
    expect(planMediaSync(media({ currentTimeS: 300, paused: false }), clock({ status: 'playing' }), 12_000, 0).intents).toEqual([
      { type: 'seek-to', positionMs: 300_000 },
    ]);
  });

  it('leaves a playing room alone while it is within the tolerance, and re-seeks past it', () => {
    const playing = clock({ status: 'playing' });
    expect(planMediaSync(media({ currentTimeS: 100, paused: false }), playing, 100_000 - PLAYING_TOLERANCE_MS, 0).intents).toEqual([]);
    expect(planMediaSync(media({ currentTimeS: 100, paused: false }), playing, 100_000 - PLAYING_TOLERANCE_MS - 1, 0).intents).toEqual([
      { type: 'seek-to', positionMs: 100_000 },
    ]);
    // Paused, the position is held to the paused tolerance.
    expect(planMediaSync(media({ currentTimeS: 100 }), clock(), 100_000 - PAUSED_TOLERANCE_MS - 1, 0).intents).toEqual([{ type: 'seek-to', positionMs: 100_000 }]);
  });

  it('follows the media speed, and says when the room cannot', () => {
    expect(planMediaSync(media({ currentTimeS: 5, paused: false, playbackRate: 1.5 }), clock({ status: 'playing' }), 5_000, 0)).toEqual({
      intents: [{ type: 'rate', rate: 1.5 }],
    });
    const fast = planMediaSync(media({ currentTimeS: 5, paused: false, playbackRate: 3 }), clock({ status: 'playing', rate: 2 }), 5_000, 0);
    expect(fast).toEqual({ intents: [], unfollowableRate: 3 });
  });

  it('seeks an ended room before playing it, since play would start it from 0', () => {
    const nearEnd = (DURATION - 20) / 1000;
    expect(planMediaSync(media({ currentTimeS: nearEnd, paused: false }), clock({ status: 'ended', positionMs: DURATION }), DURATION, 0).intents).toEqual([
      { type: 'seek-to', positionMs: DURATION - 20 },
      { type: 'play' },
    ]);
  });

  it('does not play an ended room past the end of the transcript', () => {
    const end = DURATION / 1000 + 30;
    expect(planMediaSync(media({ currentTimeS: end, paused: false }), clock({ status: 'ended', positionMs: DURATION }), DURATION, 0).intents).toEqual([]);
  });

  it('applies the caption delay', () => {
    expect(planMediaSync(media({ currentTimeS: 20 }), clock(), 0, 1_500).intents).toEqual([{ type: 'seek-to', positionMs: 18_500 }]);
  });

  // The room as the server applies these commands (server/replay/clock.ts), without time passing.
  const apply = (state: { clock: ClockState; positionMs: number }, intent: PresenterIntent) => {
    switch (intent.type) {
      case 'play':
        // Play on an ended clock restarts it from 0.
        return { positionMs: state.clock.status === 'ended' ? 0 : state.positionMs, clock: { ...state.clock, status: 'playing' as const } };
      case 'pause':
        return { ...state, clock: { ...state.clock, status: 'paused' as const } };
      case 'rate':
        return { ...state, clock: { ...state.clock, rate: intent.rate } };
      case 'seek-to':
        return { clock: { ...state.clock, status: state.clock.status === 'ended' ? ('paused' as const) : state.clock.status }, positionMs: intent.positionMs };
      default:
        throw new Error(`planMediaSync sent ${intent.type}`);
    }
  };

  it('brings any room to any media state in one plan: planning again sends nothing', () => {
    fc.assert(
      fc.property(
        fc.record({
          currentTimeS: fc.double({ min: 0, max: 700, noNaN: true }),
          paused: fc.boolean(),
          ended: fc.boolean(),
          waiting: fc.boolean(),
          playbackRate: fc.constantFrom(0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4),
        }),
        fc.record({ status: fc.constantFrom('playing' as const, 'paused' as const, 'ended' as const), rate: fc.constantFrom(...RATES) }),
        fc.integer({ min: 0, max: DURATION }),
        fc.integer({ min: -100, max: 100 }).map((n) => n * 100),
        (sample, room, positionMs, delayMs) => {
          let state = { clock: clock(room), positionMs };
          for (const intent of planMediaSync(sample, state.clock, state.positionMs, delayMs).intents) state = apply(state, intent);
          expect(planMediaSync(sample, state.clock, state.positionMs, delayMs).intents).toEqual([]);
          const target = roomTargetMs(sample, delayMs, DURATION);
          const plays = !sample.paused && !sample.ended && !sample.waiting;
          expect(Math.abs(state.positionMs - target)).toBeLessThanOrEqual(plays ? PLAYING_TOLERANCE_MS : PAUSED_TOLERANCE_MS);
          if (!plays) expect(state.clock.status).not.toBe('playing');
          if (plays && target < DURATION) expect(state.clock.status).toBe('playing');
        },
      ),
    );
  });
});

describe('mediaActionFor: the console’s buttons drive the recording, which drives the room', () => {
  const segments = [
    { id: 's1', startMs: 0 },
    { id: 's2', startMs: 10_000 },
    { id: 's3', startMs: 20_000 },
  ];
  const context = { delayMs: 1_000, segments, rates: RATES };
  const playingAt = (s: number) => ({ currentTimeS: s, paused: false, playbackRate: 1 });

  it('toggles, plays and pauses the media', () => {
    expect(mediaActionFor({ type: 'toggle' }, playingAt(3), context)).toEqual({ kind: 'pause' });
    expect(mediaActionFor({ type: 'toggle' }, { ...playingAt(3), paused: true }, context)).toEqual({ kind: 'play' });
    expect(mediaActionFor({ type: 'pause' }, playingAt(3), context)).toEqual({ kind: 'pause' });
  });

  it('seeks the media to the time that shows a room position, with the delay', () => {
    expect(mediaActionFor({ type: 'seek-to', positionMs: 20_000 }, playingAt(3), context)).toEqual({ kind: 'seek', timeS: 21 });
    expect(mediaActionFor({ type: 'seek-by', deltaMs: -10_000 }, playingAt(3), context)).toEqual({ kind: 'seek', timeS: 0 });
    expect(mediaActionFor({ type: 'seek-segment', segmentId: 's2' }, playingAt(3), context)).toEqual({ kind: 'seek', timeS: 11 });
    expect(mediaActionFor({ type: 'seek-segment', segmentId: 'nope' }, playingAt(3), context)).toBeUndefined();
    expect(mediaActionFor({ type: 'restart' }, playingAt(30), context)).toEqual({ kind: 'seek', timeS: 1 });
  });

  it('steps segments from what the media shows, as the room buttons do', () => {
    // Media 12.5 s with a 1 s delay shows room 11.5 s: in s2, 1.5 s in.
    expect(mediaActionFor({ type: 'next-segment' }, playingAt(12.5), context)).toEqual({ kind: 'seek', timeS: 21 });
    expect(mediaActionFor({ type: 'previous-segment' }, playingAt(12.5), context)).toEqual({ kind: 'seek', timeS: 1 });
    expect(mediaActionFor({ type: 'previous-segment' }, playingAt(16), context)).toEqual({ kind: 'seek', timeS: 11 });
    expect(mediaActionFor({ type: 'next-segment' }, playingAt(25), context)).toBeUndefined();
  });

  it('changes the media speed, and leaves loop to the room', () => {
    expect(mediaActionFor({ type: 'faster' }, playingAt(3), context)).toEqual({ kind: 'rate', rate: 1.25 });
    expect(mediaActionFor({ type: 'slower' }, { ...playingAt(3), playbackRate: 0.5 }, context)).toBeUndefined();
    expect(mediaActionFor({ type: 'rate', rate: 2 }, playingAt(3), context)).toEqual({ kind: 'rate', rate: 2 });
    expect(mediaActionFor({ type: 'loop', loop: true }, playingAt(3), context)).toBeUndefined();
  });
});
