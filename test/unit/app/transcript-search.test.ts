import { describe, expect, it } from 'vitest';
import { matchesQuery } from '../../../app/lib/transcript-search';

const line = { en: 'We are convinced that coordination is in the interests of us and all humanity.', ru: 'Мы убеждены, что координация отвечает интересам и нашим, и всего человечества. Ещё «ИГИЛ»', ar: 'نحن مقتنعون بأنَّ التنسيقَ يخدم مصالحنا ومصالح البشرية جمعاء.' };

describe('transcript search', () => {
  it.each([
    ['coordination', true],
    ['COORDINATION humanity', true],
    ['координация', true],
    ['еще игил', true],
    ['بأن التنسيق', true],
    ['البشرية   جمعاء', true],
    ['الإرهاب', false],
    ['convinced ceasefire', false],
    ['', true],
  ])('"%s" → %s', (query, expected) => {
    expect(matchesQuery(line, query)).toBe(expected);
  });
});
