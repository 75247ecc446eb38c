import { describe, expect, it } from 'vitest';
import { breakBefore } from '../../../server/transcript/cues/break-rules';
import { CUT_WINDOW_CHARS, MAX_SENTENCE_CHARS, cutLongSentence, splitSentences } from '../../../server/transcript/import/sentences';

/** `words` that count how many distinct positions were read. */
function counted(words: readonly string[]): { words: readonly string[]; read: Set<number> } {
  const read = new Set<number>();
  const proxy = new Proxy(words as string[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/u.test(key)) read.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
  return { words: proxy, read };
}

describe('the work per break does not grow with the sentence', () => {
  it.each([
    ['plain words', 'word'],
    ['open quotes', '"word'],
    ['closing quotes', 'word»'],
  ])('a break in the middle of 100,000 %s reads a handful of words around it', (_name, word) => {
    const { words, read } = counted(Array.from({ length: 100_000 }, () => word));
    breakBefore(words, 50_000, 'en');
    expect(read.size).toBeLessThanOrEqual(8);
    for (const at of read) expect(Math.abs(at - 50_000)).toBeLessThanOrEqual(4);
  });

  it('still sees a short quotation opened three words before the break', () => {
    const words = ['He', 'said', '"no', 'more', 'talks"', 'today'];
    expect(breakBefore(words, 4, 'en')).toMatchObject({ kind: 'forbidden', reason: 'a short quotation stays on one line' });
  });
});

describe('a sentence longer than the hard maximum', () => {
  const clause = 'the parties agreed on the next steps in Vienna, ';
  const long = clause.repeat(Math.ceil((2 * 1024 * 1024) / clause.length)).trim() + '.';

  it('is cut into pieces of at most MAX_SENTENCE_CHARS, each after a clause mark in the window before the limit', () => {
    const pieces = splitSentences(long);
    expect(pieces.length).toBeGreaterThan((2 * 1024 * 1024) / MAX_SENTENCE_CHARS);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.endsWith(',')).toBe(true);
      expect(piece.length).toBeGreaterThanOrEqual(MAX_SENTENCE_CHARS - CUT_WINDOW_CHARS);
    }
    expect(pieces.join(' ')).toBe(long);
  });

  it('is cut at the last space when no clause mark is near, and a 2 MiB word at the limit itself', () => {
    const plain = 'word '.repeat(1_000).trim();
    const spaced = cutLongSentence(plain);
    expect(spaced.join(' ')).toBe(plain);
    expect(spaced[0].length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(spaced[0].length).toBeGreaterThan(MAX_SENTENCE_CHARS - 5);

    const word = '𝐀'.repeat(1024 * 1024);
    const pieces = cutLongSentence(word);
    expect(pieces.join('')).toBe(word);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      // Never half a character written as two UTF-16 units.
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/u);
    }
  });

  it('leaves a sentence under the maximum, such as the press conference\'s longest (508), whole', () => {
    const sentence = `${'a'.repeat(MAX_SENTENCE_CHARS - 1)}.`;
    expect(splitSentences(sentence)).toEqual([sentence]);
  });
});
