/** Splits text into words at spaces and line breaks; a no-break space (`2 000`) does not split. */
export function wordsOf(text: string): string[] {
  return text.split(/[ \t\r\n]+/u).filter((w) => w !== '');
}

/** Words that are words: a dash or other punctuation standing alone is not counted. */
export function wordCount(text: string): number {
  return wordsOf(text).filter((w) => /[\p{L}\d]/u.test(w)).length;
}
