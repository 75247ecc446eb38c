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

/**
 * Tags and SSA overrides go; a script or style element goes with its content. Written as scans
 * rather than `/<[^>]*>/g` and `/<(script|style)…>[\s\S]*?<\/\1>/g`: on text with a million `<`
 * and no `>` those read the rest of the text from every `<`. These find the same tags and read
 * each character a bounded number of times.
 */
export function stripMarkup(text: string): string {
  return removeBetween(withoutTags(withoutElements(text)), '{\\', '}');
}

/** Every tag removed, as `/<[^>]*>/g` would, in linear time. */
export function withoutTags(text: string): string {
  return removeBetween(text, '<', '>');
}

/** Every `open…close` removed, shortest first and left to right (as `/open[^close]*close/g`). */
function removeBetween(text: string, open: string, close: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, from)) {
    const end = text.indexOf(close, at + open.length);
    // No `close` after this `open` means none after any later one either.
    if (end < 0) break;
    out += text.slice(from, at);
    from = end + close.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

const ELEMENT_START = /<(script|style)\b/giu;
const SPACE = /^\s$/u;

/**
 * `<script …>…</script>` and `<style …>…</style>` (in any case, white space allowed before the
 * closing `>`) replaced by a space. Once no closing tag follows an opening one, that name is not
 * looked for again: a later opening tag could only find a closing one in less of the text.
 */
function withoutElements(text: string): string {
  const unclosed = new Set<string>();
  const pattern = new RegExp(ELEMENT_START);
  let out = '';
  let from = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const name = folded(match[1]);
    if (unclosed.has(name)) continue;
    const openEnd = text.indexOf('>', match.index + match[0].length);
    if (openEnd < 0) break;
    const closeEnd = closingTagEnd(text, name, openEnd + 1);
    if (closeEnd === undefined) {
      unclosed.add(name);
      continue;
    }
    out += `${text.slice(from, match.index)} `;
    from = closeEnd;
    pattern.lastIndex = closeEnd;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A tag name as a case-insensitive Unicode pattern compares it: ASCII letters in lower case, and
 * the long s (ſ), which folds to `s`.
 */
function folded(name: string): string {
  return name.toLowerCase().replace(/ſ/gu, 's');
}

/** The end of the first `</name` + white space + `>` in `text` from `from`. */
function closingTagEnd(text: string, name: string, from: number): number | undefined {
  for (let at = text.indexOf('</', from); at >= 0; at = text.indexOf('</', at + 1)) {
    let end = at + 2 + name.length;
    if (folded(text.slice(at + 2, end)) !== name) continue;
    while (end < text.length && SPACE.test(text[end])) end++;
    if (text[end] === '>') return end + 1;
  }
  return undefined;
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
