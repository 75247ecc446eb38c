import { cleanLine } from './clean-text';

/**
 * Cue text may carry markup (`<i>`, `<b>`, `<font color>`, `<c.x>`, `<lang>`, karaoke timestamps,
 * SSA overrides such as `{\an8}`) and character references. Captions keep only the text: every
 * tag is removed, then references are decoded, so no raw HTML survives into a transcript.
 */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  // Kept: right-to-left text places neutral characters with them (clean-text.ts).
  lrm: '\u200E',
  rlm: '\u200F',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

/** References decoded; whatever invisible character they spelled (`&#x202E;`) removed again. */
export function decodeEntities(text: string): string {
  return cleanLine(decodeReferences(text));
}

function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (match, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED[ref.toLowerCase()] ?? match;
  });
}

/** Tags and SSA overrides go; a script or style element goes with its content. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/giu, ' ')
    .replace(/<[^>]*>/gu, '')
    .replace(/\{\\[^}]*\}/gu, '');
}

/** Markup that was escaped (`&lt;b&gt;`) is still markup once decoded; `a < b` is text. */
const DECODED_TAG = /<\/?[a-z][a-z0-9]*\b[^<>]*>/giu;

/** Markup removed, references decoded, markup they spelled removed, white space collapsed (a no-break space is kept). */
export function plainText(text: string): string {
  return decodeEntities(stripMarkup(text))
    .replace(DECODED_TAG, '')
    .replace(/[ \t\r\n]+/gu, ' ')
    .trim();
}
