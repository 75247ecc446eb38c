import type { ClockState } from '../../../server/protocol';
import type { PresenterIntent } from './commands';
import { nextSegmentIndex, previousSegmentIndex } from './segments';

/**
 * A room driven by a recording: the console plays the event's recording, and its play, pause,
 * seek and speed become the room's commands, so every viewer's captions follow the teacher's
 * video. This module is the decision only (what the room must be told, given what the media
 * does); recording-panel.tsx wires it to a <video> element and the console's command sender.
 */

/** The caption delay's range and step: ±10 s in 100 ms steps (positive: captions later than the media). */
export const MAX_CAPTION_DELAY_MS = 10_000;
export const CAPTION_DELAY_STEP_MS = 100;

/** The speeds the room can take (server/realtime/schemas.ts); a recording played faster or slower than this cannot be followed exactly. */
export const MIN_ROOM_RATE = 0.5;
export const MAX_ROOM_RATE = 2;

/**
 * How far the room may drift from the media before it is sought again. While playing, a command
 * takes a round trip to apply and the media moves meanwhile, so a tighter bound would re-seek
 * forever; a quarter second is under a caption's reading time. Paused, the seek is exact.
 */
export const PLAYING_TOLERANCE_MS = 250;
export const PAUSED_TOLERANCE_MS = 40;

/** What the console reads from the media element. */
export interface MediaSample {
  /** Seconds (HTMLMediaElement.currentTime). */
  readonly currentTimeS: number;
  readonly paused: boolean;
  readonly ended: boolean;
  /** Stalled for data (the `waiting` event until `playing`): the room waits too. */
  readonly waiting: boolean;
  readonly playbackRate: number;
}

/** Rounds and bounds a caption delay as the console offers it. */
export function clampCaptionDelay(ms: number): number {
  if (!Number.isFinite(ms)) return 0;
  const stepped = Math.round(ms / CAPTION_DELAY_STEP_MS) * CAPTION_DELAY_STEP_MS;
  return Math.min(MAX_CAPTION_DELAY_MS, Math.max(-MAX_CAPTION_DELAY_MS, stepped)) || 0;
}

/** Where the room's captions should be for this media time: captions `delayMs` later than the media, within the transcript. */
export function roomTargetMs(sample: Pick<MediaSample, 'currentTimeS'>, delayMs: number, durationMs: number): number {
  const ms = Math.round(sample.currentTimeS * 1000 - delayMs);
  return Math.min(durationMs, Math.max(0, ms));
}

/** The media time that shows the room's position `positionMs` (the inverse of roomTargetMs), in seconds. */
export function mediaTimeFor(positionMs: number, delayMs: number): number {
  return Math.max(0, (positionMs + delayMs) / 1000);
}

export interface SyncPlan {
  /** Commands to send, in order (pause before a seek, a seek before play). */
  readonly intents: readonly PresenterIntent[];
  /** Set when the media's speed is outside what a room can take: the room plays at the nearest speed it can, and drifts. */
  readonly unfollowableRate?: number;
}

/**
 * The commands that bring the room to the media: its status, its speed, then its position.
 * `roomPositionMs` is the room's position now as the console estimates it from the clock.
 * Nothing when the room already matches, so a periodic check costs no command.
 */
export function planMediaSync(sample: MediaSample, clock: ClockState, roomPositionMs: number, delayMs: number): SyncPlan {
  const intents: PresenterIntent[] = [];
  const mediaPlays = !sample.paused && !sample.ended && !sample.waiting;
  const wantedRate = Math.min(MAX_ROOM_RATE, Math.max(MIN_ROOM_RATE, sample.playbackRate));
  const unfollowableRate = sample.playbackRate === wantedRate ? undefined : sample.playbackRate;
  const roomPlays = clock.status === 'playing';

  if (roomPlays && !mediaPlays) intents.push({ type: 'pause' });
  if (Math.abs(clock.rate - wantedRate) > 1e-6) intents.push({ type: 'rate', rate: wantedRate });

  const targetMs = roomTargetMs(sample, delayMs, clock.durationMs);
  // A room that stays playing moves while the command travels; one that is (or will be) paused does not.
  const tolerance = mediaPlays && roomPlays ? PLAYING_TOLERANCE_MS : PAUSED_TOLERANCE_MS;
  // Play on an ended room starts it from the beginning (server/replay/clock.ts), so an ended room
  // is always sought first: the seek leaves it paused at the media's position.
  const resumesEnded = clock.status === 'ended' && mediaPlays && targetMs < clock.durationMs;
  if (Math.abs(roomPositionMs - targetMs) > tolerance || resumesEnded) intents.push({ type: 'seek-to', positionMs: targetMs });

  if (!roomPlays && mediaPlays && targetMs < clock.durationMs) intents.push({ type: 'play' });
  return unfollowableRate === undefined ? { intents } : { intents, unfollowableRate };
}

/**
 * A transport intent from the console's buttons or keys, turned into what the media element
 * should do while the room follows a recording (the room then follows the media). `undefined`:
 * the intent is not about the media (loop), and goes to the room as usual.
 */
export type MediaAction =
  | { readonly kind: 'play' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'seek'; readonly timeS: number }
  | { readonly kind: 'rate'; readonly rate: number };

export function mediaActionFor(
  intent: PresenterIntent,
  media: Pick<MediaSample, 'currentTimeS' | 'paused' | 'playbackRate'>,
  context: { readonly delayMs: number; readonly segments: readonly { readonly id: string; readonly startMs: number }[]; readonly rates: readonly number[] },
): MediaAction | undefined {
  switch (intent.type) {
    case 'play':
      return { kind: 'play' };
    case 'pause':
      return { kind: 'pause' };
    case 'toggle':
      return { kind: media.paused ? 'play' : 'pause' };
    case 'restart':
      return { kind: 'seek', timeS: mediaTimeFor(0, context.delayMs) };
    case 'seek-by':
      return { kind: 'seek', timeS: Math.max(0, media.currentTimeS + intent.deltaMs / 1000) };
    case 'seek-to':
      return { kind: 'seek', timeS: mediaTimeFor(intent.positionMs, context.delayMs) };
    case 'seek-segment': {
      const segment = context.segments.find((s) => s.id === intent.segmentId);
      return segment ? { kind: 'seek', timeS: mediaTimeFor(segment.startMs, context.delayMs) } : undefined;
    }
    case 'previous-segment':
    case 'next-segment': {
      // The same rule as the room's own buttons (segments.ts), from the position the media shows.
      const here = media.currentTimeS * 1000 - context.delayMs;
      const index = intent.type === 'next-segment' ? nextSegmentIndex(context.segments, here) : previousSegmentIndex(context.segments, here);
      return index === undefined ? undefined : { kind: 'seek', timeS: mediaTimeFor(context.segments[index].startMs, context.delayMs) };
    }
    case 'rate':
      return { kind: 'rate', rate: intent.rate };
    case 'slower':
    case 'faster': {
      const rate =
        intent.type === 'faster'
          ? context.rates.find((r) => r > media.playbackRate + 1e-9)
          : [...context.rates].reverse().find((r) => r < media.playbackRate - 1e-9);
      return rate === undefined ? undefined : { kind: 'rate', rate };
    }
    case 'loop':
      return undefined;
  }
}
