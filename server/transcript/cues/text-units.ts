import { languageStyle, type Lang } from '../caption-style';
import { wordsOf } from '../text-words';

/**
 * Words and characters as the house style counts them, per language (docs/captions.md, "Per
 * language"). Languages written with spaces split at spaces; Chinese, Japanese, Thai and the other
 * languages written without them split where `Intl.Segmenter` finds words, punctuation staying
 * with the word before it (an opening bracket or quotation mark with the word after), so that no
 * line starts with a closing mark.
 */

const segmenters = new Map<string, Intl.Segmenter>();
function wordSegmenter(lang: Lang): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    // At most one per language tag in use; tags are validated upstream, so the map stays small.
    if (segmenters.size < 256) segmenters.set(lang, segmenter);
  }
  return segmenter;
}

/** Opening marks that belong to the word after them. */
const OPENING = /^[「『（《〈【〔“‘(\[«]+$/u;

/** What goes between two words of a line: a space, or nothing in a language written without spaces. */
export function joinerOf(lang: Lang): string {
  return languageStyle(lang).unspaced ? '' : ' ';
}

/** The words of `text` in `lang`, in order; joined with `joinerOf(lang)` they give the text back (spaces trimmed). */
export function tokensOf(text: string, lang: Lang): string[] {
  if (!languageStyle(lang).unspaced) return wordsOf(text);
  const tokens: string[] = [];
  let pendingOpen = '';
  for (const { segment, isWordLike } of wordSegmenter(lang).segment(text.trim())) {
    if (isWordLike) {
      tokens.push(pendingOpen + segment);
      pendingOpen = '';
    } else if (OPENING.test(segment.trim()) && segment.trim() !== '') {
      pendingOpen += segment.trim();
    } else if (tokens.length > 0 && pendingOpen === '') {
      tokens[tokens.length - 1] += segment;
    } else {
      pendingOpen += segment;
    }
  }
  if (pendingOpen.trim() !== '') tokens.push(pendingOpen);
  return tokens.map((t) => t.trim()).filter((t) => t !== '');
}

/** `tokens` as one line. */
export function joinTokens(tokens: readonly string[], lang: Lang): string {
  return tokens.join(joinerOf(lang));
}

/** Words that are words (not punctuation alone), for the 0.3 s a word rule. */
export function tokenWordCount(text: string, lang: Lang): number {
  return tokensOf(text, lang).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const SIMPLE = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u052f]*$/u;
const HALF_WIDTH = /^[\u0020-\u007e\u00a0-\u00ff\uff61-\uffdc\uffe8-\uffee]$/u;
let graphemes: Intl.Segmenter | undefined;

/**
 * Characters as the guides count them: each grapheme (an Arabic letter with its vowel marks, a
 * Thai consonant with its tone mark, an emoji), spaces and punctuation included; in languages whose
 * guide counts a half-width character as half (Chinese, Japanese, Korean), Latin letters, digits,
 * spaces and half-width punctuation count 0.5 (Netflix FAQ "How is reading speed measured?").
 */
export function displayLength(text: string, lang: Lang): number {
  const half = languageStyle(lang).halfWidthCountsHalf;
  if (!half && SIMPLE.test(text)) return text.length;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  let n = 0;
  for (const { segment } of graphemes.segment(text)) n += half && HALF_WIDTH.test(segment) ? 0.5 : 1;
  return n;
}
