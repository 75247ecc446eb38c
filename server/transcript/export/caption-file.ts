import type { Lang } from '../caption-style';

/** A written caption file: what a route serves and the CLI writes. */
export interface CaptionFile {
  readonly body: string;
  /** `vienna-2015-11-14.en.vtt` */
  readonly fileName: string;
  readonly contentType: string;
  readonly cues: readonly WrittenCue[];
}

/** One cue as written: its payload is exactly the cue text a player's parser reads back. */
export interface WrittenCue {
  readonly id: string;
  readonly lang: Lang;
  readonly startMs: number;
  readonly endMs: number;
  readonly payload: string;
}

export const VTT_CONTENT_TYPE = 'text/vtt; charset=utf-8';
export const SRT_CONTENT_TYPE = 'application/x-subrip; charset=utf-8';
