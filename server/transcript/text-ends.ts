/**
 * What a word or a line ends with, found by scanning back from its end. A regular expression
 * such as `/[,;:]+$/` tries every start position of a run and backtracks over the rest of it each
 * time, so a run of a million commas costs a million squared steps; these scans cost the run once.
 * Every character they look for is in the Basic Multilingual Plane, so UTF-16 units suffice.
 */

/** `text` without the characters of `chars` at its end. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the characters of `chars` at its start. */
export function trimStartOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start])) start++;
  return start === 0 ? text : text.slice(start);
}

const LETTER = /^\p{L}$/u;

/** Where the run of non-letters that ends `text` starts (code points: a letter outside the BMP is one). */
export function trailingNonLettersStart(text: string): number {
  let i = text.length;
  while (i > 0) {
    let j = i - 1;
    const unit = text.charCodeAt(j);
    if (unit >= 0xdc00 && unit <= 0xdfff && j > 0) {
      const high = text.charCodeAt(j - 1);
      if (high >= 0xd800 && high <= 0xdbff) j--;
    }
    if (LETTER.test(text.slice(j, i))) break;
    i = j;
  }
  return i;
}

/** `/[chars]\P{L}*$/u`: one of `chars` among the non-letters that end `text`. */
export function endsWithBefore(text: string, chars: string): boolean {
  for (let i = text.length - 1, from = trailingNonLettersStart(text); i >= from; i--) if (chars.includes(text[i])) return true;
  return false;
}
