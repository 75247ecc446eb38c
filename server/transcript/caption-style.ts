/**
 * House caption style: every number the timing model, segmenter, exporters and `check` use.
 * One place, each with its unit and the standard it comes from (see ../shared/CAPTION-STYLE.md).
 */

import type { Lang } from '../protocol';
import { languageEntry } from '../language-tags';

export type { Lang };

/**
 * The numbers that differ by language (docs/captions.md, "Per language", cites each one).
 * Characters are counted as the guides count them (`displayLength`): every grapheme, spaces and
 * punctuation included; in Chinese, Japanese and Korean a half-width character counts half.
 */
export interface LanguageStyle {
  /** Hard limit, characters per line (Netflix Timed Text Style Guide of the language). */
  readonly maxCharsPerLine: number;
  /** What the line breaker aims at (BBC: 37 for English; the same 88 % of the limit elsewhere). */
  readonly aimCharsPerLine: number;
  /** Hard reading-speed limit, characters a second (Netflix guide of the language, adult programmes). */
  readonly maxReadingCps: number;
  /**
   * What timing aims at, characters a second: 85 % of the hard limit, as English's 17 of 20
   * (Netflix template), so that a sentence shared out over chained cues (each losing 83 ms) stays
   * under the hard limit.
   */
  readonly aimReadingCps: number;
  /** How fast the language is spoken, characters a second (speech-rate model, `speech-rate.ts`). */
  readonly speechCps: number;
  /** Characters of this language for one of English saying the same (estimates a missing text's length). */
  readonly lengthRatio: number;
  /** Written without spaces between words (Chinese, Japanese, Thai…): words are found with `Intl.Segmenter`. */
  readonly unspaced: boolean;
  /** A half-width character counts half (Netflix FAQ on reading speed: character-based languages). */
  readonly halfWidthCountsHalf: boolean;
}

type Row = Pick<LanguageStyle, 'maxCharsPerLine' | 'maxReadingCps' | 'speechCps' | 'lengthRatio'> & Partial<LanguageStyle>;

/** Aim at 85 % of a hard limit, to the half character: 20 → 17, 17 → 14.5, 9 → 7.5. */
const aim = (max: number): number => Math.round(max * 0.85 * 2) / 2;

/**
 * The table. `maxCharsPerLine` and `maxReadingCps`: Netflix Timed Text Style Guide of each
 * language (adult, non-SDH); speech rates: English and Russian from the press-conference model,
 * the others estimated as English's 14.5 characters a second times the language's length ratio.
 */
const ROWS: Readonly<Record<string, Row>> = {
  en: { maxCharsPerLine: 42, aimCharsPerLine: 37, maxReadingCps: 20, aimReadingCps: 17, speechCps: 14.5, lengthRatio: 1 },
  ru: { maxCharsPerLine: 39, aimCharsPerLine: 35, maxReadingCps: 17, speechCps: 13.5, lengthRatio: 1.1 },
  fr: { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 16.5, lengthRatio: 1.15 },
  de: { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 16.5, lengthRatio: 1.15 },
  es: { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 16, lengthRatio: 1.1 },
  it: { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 16, lengthRatio: 1.1 },
  pt: { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 16, lengthRatio: 1.1 },
  ar: { maxCharsPerLine: 42, maxReadingCps: 20, aimReadingCps: 17, speechCps: 13, lengthRatio: 0.9 },
  hi: { maxCharsPerLine: 42, maxReadingCps: 22, speechCps: 14.5, lengthRatio: 1 },
  zh: { maxCharsPerLine: 16, maxReadingCps: 9, speechCps: 4.5, lengthRatio: 0.3, unspaced: true, halfWidthCountsHalf: true },
  ja: { maxCharsPerLine: 13, maxReadingCps: 4, speechCps: 7, lengthRatio: 0.45, unspaced: true, halfWidthCountsHalf: true },
  ko: { maxCharsPerLine: 16, maxReadingCps: 12, speechCps: 7, lengthRatio: 0.45, halfWidthCountsHalf: true },
  th: { maxCharsPerLine: 35, maxReadingCps: 17, speechCps: 14.5, lengthRatio: 1, unspaced: true },
};

/**
 * Any other language: 42 characters a line and 17 a second, the numbers most Netflix guides give
 * (English, Arabic, Hindi and the character-based languages are the exceptions); English speech.
 */
const DEFAULT_ROW: Row = { maxCharsPerLine: 42, maxReadingCps: 17, speechCps: 14.5, lengthRatio: 1 };

/** Scripts written without spaces between words: `Intl.Segmenter` finds their words. */
const UNSPACED_SCRIPTS = new Set(['Hans', 'Hant', 'Jpan', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Tibt']);

function complete(row: Row, unspacedScript: boolean): LanguageStyle {
  return {
    aimCharsPerLine: Math.round(row.maxCharsPerLine * 0.88),
    aimReadingCps: aim(row.maxReadingCps),
    unspaced: unspacedScript,
    halfWidthCountsHalf: false,
    ...row,
  };
}

function scriptOf(lang: Lang): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined;
  }
}

const cache = new Map<string, LanguageStyle>();
/** How many tags' styles are kept: a tag is at most 35 characters, so this is a few kilobytes. */
const MAX_CACHED_STYLES = 256;

/**
 * The style for a language tag: its own entry, its primary language's (`pt-BR` → `pt`,
 * `zh-Hans` → `zh`), or the default; a tag whose likely script is written without spaces
 * (`yue`, `lo`, `km`) is segmented by words whatever its row.
 */
export function languageStyle(lang: Lang): LanguageStyle {
  const cached = cache.get(lang);
  if (cached) return cached;
  const script = scriptOf(lang);
  const style = complete(languageEntry(ROWS, lang) ?? DEFAULT_ROW, script !== undefined && UNSPACED_SCRIPTS.has(script));
  if (cache.size < MAX_CACHED_STYLES) cache.set(lang, style);
  return style;
}

/** The languages with a row of their own, for the documentation table and its tests. */
export const STYLED_LANGUAGES: readonly Lang[] = Object.keys(ROWS);
/** Netflix, BBC, GOST R 57763-2017: two lines per cue. */
export const MAX_LINES_PER_CUE = 2;
/** Netflix English (USA) adult reading speed, hard limit, characters per second (other languages: `languageStyle`). */
export const MAX_READING_CPS = 20;
/** Netflix English template: 17 cps aim (other languages: `languageStyle`). */
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
 * English's interpretation speed (the Netflix template's 17 cps). Each language's is
 * `languageStyle(lang).aimReadingCps`, which `compile.ts` uses; kept for code written against it.
 */
export const INTERPRETATION_MAX_CPS = AIM_READING_CPS;
/** CART / CEA-608 convention: `>>` marks a change of speaker in text-only captions (SRT). */
export const TURN_MARK = '>>';
