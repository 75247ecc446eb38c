import type { CaptionSegment, Lang, SpeakerInfo } from '../../../server/protocol';

/** One block on the timeline: a segment's source speech, as percentages of the track's width. */
export interface TimelineBlock {
  readonly id: string;
  readonly leftPct: number;
  readonly widthPct: number;
  /** Spoken in another language than the room's first: its captions in that language are an interpretation. */
  readonly interpreted: boolean;
  readonly kind: CaptionSegment['kind'];
}

export interface TimelineLane {
  readonly speaker: SpeakerInfo;
  readonly blocks: readonly TimelineBlock[];
}

/** A block narrower than this would vanish on a phone; a short "[laughter]" still shows. */
export const MIN_BLOCK_PCT = 0.3;

/** One lane per speaker who speaks, in the room's speaker order. */
export function timelineLanes(
  segments: readonly CaptionSegment[],
  speakers: readonly SpeakerInfo[],
  durationMs: number,
  primaryLang: Lang,
): TimelineLane[] {
  const blocksBySpeaker = new Map<string, TimelineBlock[]>();
  for (const segment of segments) {
    const leftPct = percentOf(segment.startMs, durationMs);
    const widthPct = Math.min(100 - leftPct, Math.max(MIN_BLOCK_PCT, percentOf(segment.endMs, durationMs) - leftPct));
    const block: TimelineBlock = {
      id: segment.id,
      leftPct,
      widthPct,
      interpreted: segment.kind === 'speech' && segment.sourceLang !== primaryLang,
      kind: segment.kind,
    };
    const blocks = blocksBySpeaker.get(segment.speakerId) ?? [];
    blocks.push(block);
    blocksBySpeaker.set(segment.speakerId, blocks);
  }
  return speakers.filter((s) => blocksBySpeaker.has(s.id)).map((speaker) => ({ speaker, blocks: blocksBySpeaker.get(speaker.id)! }));
}

/** Where `positionMs` falls on a track, from 0 to 100. */
export function percentOf(positionMs: number, durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(100, Math.max(0, (positionMs / durationMs) * 100));
}

/** The media position under a pointer at `clientX` on a track spanning `left` to `left + width`. */
export function positionAtPointer(clientX: number, track: { left: number; width: number }, durationMs: number): number {
  if (track.width <= 0) return 0;
  const fraction = Math.min(1, Math.max(0, (clientX - track.left) / track.width));
  return Math.round(fraction * durationMs);
}

/** Small and large steps of the timeline as a slider (WAI-ARIA slider pattern: arrows, Page Up/Down, Home/End). */
export const SLIDER_STEP_MS = 5_000;
export const SLIDER_PAGE_MS = 60_000;

/** Where a key pressed on the timeline slider seeks to; `undefined` for any other key. */
export function sliderTarget(key: string, positionMs: number, durationMs: number): number | undefined {
  const clamp = (ms: number) => Math.round(Math.min(durationMs, Math.max(0, ms)));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(positionMs - SLIDER_STEP_MS);
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(positionMs + SLIDER_STEP_MS);
    case 'PageDown':
      return clamp(positionMs - SLIDER_PAGE_MS);
    case 'PageUp':
      return clamp(positionMs + SLIDER_PAGE_MS);
    case 'Home':
      return 0;
    case 'End':
      return durationMs;
    default:
      return undefined;
  }
}
