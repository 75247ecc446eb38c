import { describe, expect, it } from 'vitest';
import type { ClockState } from '../../../server/protocol';
import { buildCommand, stepRate, type CommandContext, type PresenterIntent } from '../../../app/lib/presenter/commands';

const clock: ClockState = { status: 'playing', positionMs: 0, anchorAtMs: 0, rate: 1, loop: false, epoch: 0, durationMs: 60_000 };
const segments = [
  { id: 's0', startMs: 1_000 },
  { id: 's1', startMs: 10_000 },
  { id: 's2', startMs: 20_000 },
];
const context = (over: Partial<CommandContext> = {}, clockOver: Partial<ClockState> = {}): CommandContext => ({
  room: 'K7QX2',
  clock: { ...clock, ...clockOver },
  positionMs: 15_000,
  segments,
  ...over,
});
const base = { room: 'K7QX2', commandId: 'cmd-00000001' };

describe('buildCommand', () => {
  it.each<[string, PresenterIntent, CommandContext, unknown]>([
    ['play', { type: 'play' }, context(), { event: 'playback:play', payload: base }],
    ['pause', { type: 'pause' }, context(), { event: 'playback:pause', payload: base }],
    ['toggle while playing pauses', { type: 'toggle' }, context(), { event: 'playback:pause', payload: base }],
    ['toggle while paused plays', { type: 'toggle' }, context({}, { status: 'paused' }), { event: 'playback:play', payload: base }],
    ['toggle when ended plays (from the start)', { type: 'toggle' }, context({}, { status: 'ended' }), { event: 'playback:play', payload: base }],
    ['restart', { type: 'restart' }, context(), { event: 'playback:restart', payload: base }],
    ['rate', { type: 'rate', rate: 1.5 }, context(), { event: 'playback:rate', payload: { ...base, rate: 1.5 } }],
    ['rate already set: nothing', { type: 'rate', rate: 1 }, context(), undefined],
    ['faster from 1×', { type: 'faster' }, context(), { event: 'playback:rate', payload: { ...base, rate: 1.25 } }],
    ['slower from 1×', { type: 'slower' }, context(), { event: 'playback:rate', payload: { ...base, rate: 0.75 } }],
    ['faster at 2×: nothing', { type: 'faster' }, context({}, { rate: 2 }), undefined],
    ['slower at 0.5×: nothing', { type: 'slower' }, context({}, { rate: 0.5 }), undefined],
    ['loop on', { type: 'loop', loop: true }, context(), { event: 'playback:loop', payload: { ...base, loop: true } }],
    ['+10 s', { type: 'seek-by', deltaMs: 10_000 }, context(), { event: 'playback:seek', payload: { ...base, positionMs: 25_000 } }],
    ['−10 s near the start stops at 0', { type: 'seek-by', deltaMs: -10_000 }, context({ positionMs: 4_000 }), { event: 'playback:seek', payload: { ...base, positionMs: 0 } }],
    ['+10 s near the end stops at the end', { type: 'seek-by', deltaMs: 10_000 }, context({ positionMs: 55_000 }), { event: 'playback:seek', payload: { ...base, positionMs: 60_000 } }],
    ['seek to a fractional position is rounded', { type: 'seek-to', positionMs: 1234.6 }, context(), { event: 'playback:seek', payload: { ...base, positionMs: 1235 } }],
    ['seek to a segment', { type: 'seek-segment', segmentId: 's2' }, context(), { event: 'playback:seek', payload: { ...base, segmentId: 's2' } }],
    ['next segment', { type: 'next-segment' }, context(), { event: 'playback:seek', payload: { ...base, segmentId: 's2' } }],
    ['next segment after the last: nothing', { type: 'next-segment' }, context({ positionMs: 25_000 }), undefined],
    ['previous, well into a segment: its start', { type: 'previous-segment' }, context(), { event: 'playback:seek', payload: { ...base, segmentId: 's1' } }],
    ['previous, just after a start: the one before', { type: 'previous-segment' }, context({ positionMs: 10_500 }), { event: 'playback:seek', payload: { ...base, segmentId: 's0' } }],
    ['previous before the first: the first', { type: 'previous-segment' }, context({ positionMs: 0 }), { event: 'playback:seek', payload: { ...base, segmentId: 's0' } }],
  ])('%s', (_name, intent, ctx, expected) => {
    expect(buildCommand(intent, ctx, base.commandId)).toEqual(expected);
  });
});

describe('stepRate', () => {
  it.each([
    [1, 1, 1.25],
    [1, -1, 0.75],
    [1.1, 1, 1.25],
    [1.1, -1, 1],
    [2, 1, undefined],
    [0.5, -1, undefined],
    [0.5, 1, 0.75],
  ] as const)('from %s× by %i → %s', (rate, direction, expected) => {
    expect(stepRate(rate, direction)).toBe(expected);
  });
});
