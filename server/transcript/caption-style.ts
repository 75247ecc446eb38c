/**
 * House caption style: every number the timing model, segmenter, exporters and `check` use.
 * One place, each with its unit and the standard it comes from (see ../shared/CAPTION-STYLE.md).
 */

import type { Lang } from '../protocol';

export type { Lang };

/** The numbers that differ by language. */
export interface LanguageStyle {
  /** Hard limit, characters per line (Netflix Timed Text Style Guide per language). */
  readonly maxCharsPerLine: number;
  /** What the line breaker aims at (BBC Subtitle Guidelines: 37 for English). */
  readonly aimCharsPerLine: number;
}

/** Netflix Timed Text Style Guide: English 42, Russian 39 characters per line; BBC aims at 37. */
const LANGUAGE_STYLES: Readonly<Record<string, LanguageStyle>> = {
  en: { maxCharsPerLine: 42, aimCharsPerLine: 37 },
  ru: { maxCharsPerLine: 39, aimCharsPerLine: 35 },
};
/** Any other language: the English numbers, the most widely used default (Netflix, BBC). */
const DEFAULT_LANGUAGE_STYLE = LANGUAGE_STYLES.en;

/** The style for a language tag: its own entry, its primary language's (`pt-BR` → `pt`), or the default. */
export function languageStyle(lang: Lang): LanguageStyle {
  return LANGUAGE_STYLES[lang] ?? LANGUAGE_STYLES[lang.split('-')[0].toLowerCase()] ?? DEFAULT_LANGUAGE_STYLE;
}
/** Netflix, BBC, GOST R 57763-2017: two lines per cue. */
export const MAX_LINES_PER_CUE = 2;
/** Netflix English (USA) adult reading speed, hard limit, characters per second. */
export const MAX_READING_CPS = 20;
/** Netflix template and Russian guide: 17 cps aim. */
export const AIM_READING_CPS = 17;
/** Netflix minimum duration: 5/6 s (20 frames at 24 fps). */
export const MIN_CUE_MS = 833;
/** Netflix maximum duration. */
export const MAX_CUE_MS = 7_000;
/** BBC: at least 0.3 s per word. */
export const MIN_MS_PER_WORD = 300;
/** A sound label stays up at least 1 s (Netflix SDH, DCMP). */
export const MIN_SOUND_LABEL_MS = 1_000;
/** Netflix: two frames at 24 fps between consecutive cues. */
export const MIN_GAP_MS = 83;
/** Netflix chaining: gaps shorter than this are closed to MIN_GAP_MS. */
export const CHAIN_GAP_BELOW_MS = 500;
/** BBC: real pauses of at least 1 s stay empty. */
export const KEEP_PAUSE_FROM_MS = 1_000;
/** Netflix out-time: a cue may end up to 0.5 s after its speech. */
export const MAX_TAIL_MS = 500;

/** Interpreter ear-voice span: research mean about 3 s (Lee 2002); adjustable 2 to 4 s. */
export const DEFAULT_EVS_MS = 3_000;
export const MIN_EVS_MS = 2_000;
export const MAX_EVS_MS = 4_000;

/**
 * An interpretation is shown over at least the time its text needs at the aim reading speed, so
 * that after splitting into cues (each chained cue loses MIN_GAP_MS) every cue stays under the
 * hard limit. Netflix template: 17 cps.
 */
export const INTERPRETATION_MAX_CPS = AIM_READING_CPS;
/** CART / CEA-608 convention: `>>` marks a change of speaker in text-only captions (SRT). */
export const TURN_MARK = '>>';
