/**
 * Sentence splitting for transcript prose. A full stop ends a sentence unless it belongs to a
 * known abbreviation (`Mr.`, `U.S.`); the next sentence starts with a capital letter, a digit or an
 * opening quote or bracket.
 */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'prof',
  'gen',
  'sen',
  'rep',
  'gov',
  'amb',
  'no',
  'vs',
  'etc',
  'u.s',
  'u.n',
  'u.k',
  'e.u',
  'г',
  'т.е',
  'т.д',
  'т.п',
]);

// A match starts only where a run of end marks starts (the lookbehind): started inside the run it
// would reach the same end, so it finds the same sentences, and a run of a million full stops not
// followed by a space is read once instead of once from each of its marks.
const BOUNDARY = /(?<![.!?…])([.!?…]+["”»’')\]]*)\s+(?=["“«(\[]?[\p{Lu}\d])/gu;
/** The longest abbreviation above, in characters: only that much before a full stop is read for one. */
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));
const ABBREVIATION_AT_END = /([\p{L}.]+)\.$/u;

/**
 * The longest sentence kept in one piece, in characters: about 70 s of speech at 14.5 characters
 * a second, twice the longest sentence of the press conference (508). A longer one (a transcript
 * without full stops, a file of one word) is cut, so that every later step works on pieces of
 * bounded size.
 */
export const MAX_SENTENCE_CHARS = 1_000;
/** How far before that limit a cut is looked for: about three caption lines, room for a clause. */
export const CUT_WINDOW_CHARS = 120;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const add = (sentence: string) => {
    if (sentence.length <= MAX_SENTENCE_CHARS) sentences.push(sentence);
    else for (const piece of cutLongSentence(sentence)) sentences.push(piece);
  };
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[1].length;
    if (match[1] === '.' && endsInAbbreviation(text, start, match.index + 1)) continue;
    add(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  add(text.slice(start).trim());
  return sentences.filter((s) => s.length > 0);
}

const CLAUSE_MARK_BEFORE_CUT = /[,;:—–]["”»’')\]]?$/u;

/**
 * A sentence longer than MAX_SENTENCE_CHARS in pieces of at most that many characters, each cut
 * at the best place within the last CUT_WINDOW_CHARS before the limit: after a clause mark, else
 * at the last space, else (one enormous word) at the limit itself. Only the window is read for
 * each cut, never the whole sentence.
 */
export function cutLongSentence(sentence: string): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (sentence.length - at > MAX_SENTENCE_CHARS) {
    const cut = bestCut(sentence, at + MAX_SENTENCE_CHARS - CUT_WINDOW_CHARS, at + MAX_SENTENCE_CHARS);
    const piece = sentence.slice(at, cut).trim();
    if (piece) pieces.push(piece);
    at = cut;
  }
  const last = sentence.slice(at).trim();
  if (last) pieces.push(last);
  return pieces;
}

/** Where in `from..to` to cut: the last space after a clause mark, else the last space, else `to`. */
function bestCut(text: string, from: number, to: number): number {
  let space = -1;
  for (let p = to; p > from; p--) {
    if (!isSpace(text[p])) continue;
    if (CLAUSE_MARK_BEFORE_CUT.test(text.slice(Math.max(from, p - 2), p))) return p;
    if (space < 0) space = p;
  }
  if (space > 0) return space;
  // Never between the two halves of a character written as two UTF-16 units.
  const unit = text.charCodeAt(to);
  return unit >= 0xdc00 && unit <= 0xdfff ? to - 1 : to;
}

/**
 * Whether `text.slice(start, end)` ends in a known abbreviation and its full stop (`Mr.`): the
 * letters and stops before the final stop form one. Reads at most the longest abbreviation and
 * two characters more, so a sentence of a thousand `Mr.`s costs a thousand short reads.
 */
function endsInAbbreviation(text: string, start: number, end: number): boolean {
  let from = Math.max(start, end - LONGEST_ABBREVIATION - 2);
  // Never start the window inside a letter written as two UTF-16 units.
  const unit = text.charCodeAt(from);
  if (from > start && unit >= 0xdc00 && unit <= 0xdfff) from--;
  const tail = ABBREVIATION_AT_END.exec(text.slice(from, end))?.[1];
  // A run of letters that fills the whole window may go on before it: too long to be one.
  if (!tail || (from > start && tail.length + 1 === end - from)) return false;
  return ABBREVIATIONS.has(tail.toLowerCase());
}

const WHITE_SPACE = /^\s$/u;
const isSpace = (ch: string) => WHITE_SPACE.test(ch);
const CLOSING = '"”»’\')]';

/**
 * The ellipsis that ends `text` (`...` or more full stops, or `…`): `spaceFrom` is where it starts
 * with the white space before it, `comma` whether a comma comes right before that. Found by reading back
 * from the end: a `\s*(\.{3,}|…)$` pattern reads a long run of spaces or stops from each of its
 * characters, and paragraphs joined one by one would have it read the whole text each time.
 */
export function trailingEllipsis(
  text: string,
  end = text.length,
): { readonly spaceFrom: number; readonly comma: boolean } | undefined {
  let at = end;
  if (text[at - 1] === '…') at--;
  else {
    while (at > 0 && text[at - 1] === '.') at--;
    if (end - at < 3) return undefined;
  }
  while (at > 0 && isSpace(text[at - 1])) at--;
  return { spaceFrom: at, comma: text[at - 1] === ',' };
}

/** True when the text ends a sentence (so a following paragraph is not its continuation). */
export function endsSentence(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  let mark = end;
  while (mark > 0 && CLOSING.includes(text[mark - 1])) mark--;
  if (mark === 0 || !'.!?…'.includes(text[mark - 1])) return false;
  // `, ...` and `,…` trail off: the sentence goes on in the next paragraph.
  return !trailingEllipsis(text, end)?.comma;
}
