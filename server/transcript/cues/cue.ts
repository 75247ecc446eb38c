import type { Lang } from '../caption-style';
import { joinerOf } from './text-units';

/** A span of time in ms on the transcript's time line. */
export interface TimeSpan {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * A pop-on caption cue in one language, as the exports write it and `check` measures it.
 * Times are whole milliseconds.
 */
export interface Cue {
  /** 1-based position among its language's cues: the number `check` reports. */
  readonly number: number;
  readonly lang: Lang;
  readonly kind: 'speech' | 'sound';
  readonly speakerId: string;
  /** The speaker as the audience knows them, for WebVTT voice spans: `Secretary Kerry`. */
  readonly voice: string;
  /**
   * What marks the first cue of a turn: `>> KERRY:` for text-only formats, shown at the start of
   * the first line (counted in its length, never in the reading speed); empty when the format
   * marks the turn without text in the line (a WebVTT voice span read back from a file).
   */
  readonly turnLabel?: string;
  readonly lines: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  /** When the words of this cue are spoken (or interpreted): what the sync rules measure against. */
  readonly speech?: TimeSpan;
  /** The segment the cue shows part of; consecutive cues of one segment split one sentence. */
  readonly segmentId: string;
  /** The text is the interpretation of speech in another language. */
  readonly interpreted: boolean;
}

/** The cue's text as read: its lines joined by spaces (by nothing in Chinese, Japanese, Thai), without labels or markup. */
export function cueText(cue: Pick<Cue, 'lines'> & Partial<Pick<Cue, 'lang'>>): string {
  return cue.lines.join(cue.lang === undefined ? ' ' : joinerOf(cue.lang));
}
