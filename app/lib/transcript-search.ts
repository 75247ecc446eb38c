/**
 * Search that forgives what people type: case, ё/е, Arabic short-vowel marks and tatweel (rarely
 * typed, often in edited text), and typographic quotes and dashes do not matter; every word of the
 * query must appear, in any language of the line.
 */
export function normaliseForSearch(text: string): string {
  return text
    .toLocaleLowerCase('ru')
    .replace(/ё/gu, 'е')
    .replace(/[\u064B-\u065F\u0670\u0640]/gu, '')
    .replace(/[«»“”„"']/gu, '')
    .replace(/[—–-]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function matchesQuery(text: Partial<Record<string, string>>, query: string): boolean {
  const words = normaliseForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normaliseForSearch(Object.values(text).join(' '));
  return words.every((word) => haystack.includes(word));
}
