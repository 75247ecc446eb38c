import type { CaptionSegment, ClockState, CommandBase, SeekRequest } from '../../../server/protocol';
import { nextSegmentIndex, previousSegmentIndex } from './segments';

/** The speeds the console offers (the server accepts anything from 0.5 to 2). */
export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** J / L and the ±10 s buttons: the step YouTube and most players use. */
export const SEEK_STEP_MS = 10_000;

/** What the presenter asked for, before it is resolved against the room's clock and transcript. */
export type PresenterIntent =
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'toggle' }
  | { readonly type: 'restart' }
  | { readonly type: 'rate'; readonly rate: number }
  | { readonly type: 'slower' }
  | { readonly type: 'faster' }
  | { readonly type: 'loop'; readonly loop: boolean }
  | { readonly type: 'seek-by'; readonly deltaMs: number }
  | { readonly type: 'seek-to'; readonly positionMs: number }
  | { readonly type: 'seek-segment'; readonly segmentId: string }
  | { readonly type: 'previous-segment' }
  | { readonly type: 'next-segment' };

/** One wire command, ready to emit: the event and its payload, with the command id that makes a retry safe. */
export type PresenterCommand =
  | { readonly event: 'playback:play' | 'playback:pause' | 'playback:restart'; readonly payload: CommandBase }
  | { readonly event: 'playback:rate'; readonly payload: CommandBase & { readonly rate: number } }
  | { readonly event: 'playback:loop'; readonly payload: CommandBase & { readonly loop: boolean } }
  | { readonly event: 'playback:seek'; readonly payload: SeekRequest };

export interface CommandContext {
  readonly room: string;
  readonly clock: ClockState;
  /** The media position now, as the console estimates it. */
  readonly positionMs: number;
  readonly segments: readonly Pick<CaptionSegment, 'id' | 'startMs'>[];
}

/** Resolves an intent to the command to send; `undefined` when there is nothing to do (already at 2×, no next segment). */
export function buildCommand(intent: PresenterIntent, context: CommandContext, commandId: string): PresenterCommand | undefined {
  const base = { room: context.room, commandId };
  const { clock, positionMs, segments } = context;
  switch (intent.type) {
    case 'play':
      return { event: 'playback:play', payload: base };
    case 'pause':
      return { event: 'playback:pause', payload: base };
    case 'toggle':
      return { event: clock.status === 'playing' ? 'playback:pause' : 'playback:play', payload: base };
    case 'restart':
      return { event: 'playback:restart', payload: base };
    case 'rate':
      return intent.rate === clock.rate ? undefined : { event: 'playback:rate', payload: { ...base, rate: intent.rate } };
    case 'slower':
    case 'faster': {
      const rate = stepRate(clock.rate, intent.type === 'faster' ? 1 : -1);
      return rate === undefined ? undefined : { event: 'playback:rate', payload: { ...base, rate } };
    }
    case 'loop':
      return { event: 'playback:loop', payload: { ...base, loop: intent.loop } };
    case 'seek-by':
      return seekTo(base, clock, positionMs + intent.deltaMs);
    case 'seek-to':
      return seekTo(base, clock, intent.positionMs);
    case 'seek-segment':
      return { event: 'playback:seek', payload: { ...base, segmentId: intent.segmentId } };
    case 'previous-segment':
    case 'next-segment': {
      const index = intent.type === 'next-segment' ? nextSegmentIndex(segments, positionMs) : previousSegmentIndex(segments, positionMs);
      return index === undefined ? undefined : { event: 'playback:seek', payload: { ...base, segmentId: segments[index].id } };
    }
    default:
      return assertNever(intent);
  }
}

/** The next offered speed above or below `rate`; `undefined` past either end. */
export function stepRate(rate: number, direction: 1 | -1): number | undefined {
  if (direction > 0) return RATES.find((r) => r > rate + 1e-9);
  return [...RATES].reverse().find((r) => r < rate - 1e-9);
}

function seekTo(base: CommandBase, clock: ClockState, positionMs: number): PresenterCommand {
  const clamped = Math.round(Math.min(clock.durationMs, Math.max(0, positionMs)));
  return { event: 'playback:seek', payload: { ...base, positionMs: clamped } };
}

function assertNever(value: never): never {
  throw new Error(`unhandled presenter intent ${JSON.stringify(value)}`);
}
