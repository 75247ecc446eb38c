import { languageStyle, type Lang } from './caption-style';
import { wordCount } from './text-words';
import { tokenWordCount } from './cues/text-units';

/**
 * Speech-rate model for transcripts without timings (CAPTION-STYLE.md, "Speech-rate model").
 *
 * Duration is estimated from characters, not words, so that it carries across languages:
 * press-conference English runs 150–180 words a minute; at about 5.3 characters a word
 * (spaces included) 165 wpm is 14.5 characters a second. Russian radio speech runs about
 * 13.5 cps (caption-standards.md §4.3). Pauses come on top, within the Campione–Véronis bands.
 * Each language's rate is `languageStyle(lang).speechCps` (docs/captions.md, "Per language").
 */
export function speechCps(lang: Lang): number {
  return languageStyle(lang).speechCps;
}
/** A short pause at a comma, semicolon, colon or dash inside a sentence. */
export const CLAUSE_PAUSE_MS = 150;
/** Between two sentences of one speaker. */
export const SENTENCE_PAUSE_MS = 400;
/** Between two speakers: the floor passes. */
export const TURN_PAUSE_MS = 900;
/** Silence before the first words, so a viewer who opens the page at the start sees them arrive. */
export const LEAD_IN_MS = 1_000;
/**
 * When a language's text is missing, estimate its length from another language's: Russian runs
 * about 10% longer than English in characters (caption-standards.md §4.3); each language's ratio is
 * `languageStyle(lang).lengthRatio`.
 */
export function lengthRatio(lang: Lang): number {
  return languageStyle(lang).lengthRatio;
}

/**
 * The fastest a sentence is spoken: 180 words a minute, the top of the press-conference range
 * (CAPTION-STYLE.md). A run of short words ("I would like to add a couple of words") is slower
 * than its characters suggest; this floor also leaves every caption its 0.3 s a word (BBC).
 */
export const MAX_WORDS_PER_MINUTE = 180;
export const MIN_SPEECH_MS_PER_WORD = Math.ceil(60_000 / MAX_WORDS_PER_MINUTE);

const CLAUSE_MARKS = /[,;:—–]/gu;

/** How long it takes to say `text` in `lang`, pauses inside the sentence included, in ms. */
export function speechDurationMs(text: string, lang: Lang, measuredIn: Lang = lang): number {
  const chars = text.trim().length * (lengthRatio(lang) / lengthRatio(measuredIn));
  const clauses = text.match(CLAUSE_MARKS)?.length ?? 0;
  const byChars = Math.round((chars / speechCps(lang)) * 1000 + clauses * CLAUSE_PAUSE_MS);
  // Words of another language's text say little about this language's: the floor needs the spoken text.
  return measuredIn === lang ? Math.max(byChars, tokenWordCount(text, lang) * MIN_SPEECH_MS_PER_WORD) : byChars;
}

/**
 * The shortest time an interpretation may take to show `text`: at most the aim reading speed and
 * no faster than speech (MAX_WORDS_PER_MINUTE). The interpreter keeps pace with the speaker where
 * this allows and runs on into the following pause where it does not.
 */
export function interpretationMinimumMs(text: string, maxCps: number): number {
  return Math.max(Math.ceil((text.trim().length * 1000) / maxCps), wordCount(text) * MIN_SPEECH_MS_PER_WORD);
}
