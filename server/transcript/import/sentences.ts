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

const BOUNDARY = /([.!?…]+["”»’')\]]*)\s+(?=["“«(\[]?[\p{Lu}\d])/gu;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[1].length;
    const before = text.slice(start, match.index + 1);
    const lastWord = /([\p{L}.]+)\.$/u.exec(before)?.[1]?.toLowerCase();
    if (match[1] === '.' && lastWord && ABBREVIATIONS.has(lastWord)) continue;
    sentences.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  const tail = text.slice(start).trim();
  if (tail) sentences.push(tail);
  return sentences.filter((s) => s.length > 0);
}

/** True when the text ends a sentence (so a following paragraph is not its continuation). */
export function endsSentence(text: string): boolean {
  return /[.!?…]["”»’')\]]*$/u.test(text.trim()) && !/,\s*\.{3,}$|,\s*…$/u.test(text.trim());
}
