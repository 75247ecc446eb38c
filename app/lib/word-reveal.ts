/**
 * Words appear as they are spoken: within a span, a word shows once the time line has passed the
 * share of the span that the characters before it take. Characters, not words, so long words take
 * longer, as in speech.
 */
export function visibleWordCount(text: string, startMs: number, endMs: number, positionMs: number): number {
  const words = text.split(' ');
  if (positionMs >= endMs) return words.length;
  if (positionMs < startMs) return 0;
  const reached = ((positionMs - startMs) / Math.max(1, endMs - startMs)) * text.length;
  let offset = 0;
  let count = 0;
  for (const word of words) {
    if (offset > reached) break;
    count++;
    offset += word.length + 1;
  }
  return count;
}

export function firstWords(text: string, count: number): string {
  return text.split(' ').slice(0, count).join(' ');
}
