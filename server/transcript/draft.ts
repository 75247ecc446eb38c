import type { Lang } from './caption-style';
import type { SoundEvent } from './sound-events';

/**
 * What an importer produces: speakers and segments in speaking order, not yet timed.
 * `compile` turns a draft into a timed, validated `Transcript`.
 */
export interface DraftSpeaker {
  readonly id: string;
  /** Caption label per language: `Secretary Kerry`, `Госсекретарь Керри`. */
  readonly label: Partial<Record<Lang, string>>;
  /** Short name for text-only formats (SRT `>> KERRY:`), per language. */
  readonly short: Partial<Record<Lang, string>>;
  readonly role?: 'moderator' | 'journalist' | 'principal';
}

export type DraftSegment =
  | {
      readonly kind: 'speech';
      readonly turn: number;
      readonly speakerId: string;
      readonly sourceLang: Lang;
      readonly text: Partial<Record<Lang, string>>;
      readonly line: number;
      /** Timings from a timed source (SRT, WebVTT), in ms; absent for plain transcripts. */
      readonly startMs?: number;
      readonly endMs?: number;
      /** When a timed file of another language shows its text (paired imports): kept as it is. */
      readonly timing?: Partial<Record<Lang, { readonly startMs: number; readonly endMs: number }>>;
    }
  | {
      readonly kind: 'sound';
      readonly turn: number;
      readonly speakerId: string;
      readonly sourceLang: Lang;
      readonly sound: SoundEvent;
      readonly line: number;
      readonly startMs?: number;
      readonly endMs?: number;
    };

export interface TranscriptMeta {
  readonly title: string;
  readonly headline?: string;
  readonly place?: string;
  /** ISO date of the event, `YYYY-MM-DD`. */
  readonly date?: string;
  readonly beat?: string;
  readonly published?: string;
  readonly author?: string;
  readonly publisher?: string;
  readonly sourceUrl?: string;
  /** The file this transcript was imported from, relative to the repository. */
  readonly sourceFile: string;
  /** One line of credit shown wherever the transcript is shown. */
  readonly attribution: string;
  /** What the importer decided and why (dropped duplicates, joined paragraphs). */
  readonly notes: readonly string[];
}

export interface DraftTranscript {
  readonly id: string;
  readonly meta: TranscriptMeta;
  readonly languages: readonly Lang[];
  readonly speakers: readonly DraftSpeaker[];
  readonly segments: readonly DraftSegment[];
}
