import { describe, expect, it } from 'vitest';
import { numberRuns } from '../../../app/lib/bidi-runs';
import { speakerLabel } from '../../../app/lib/speaker-label';
import { interpretedMark } from '../../../app/embed/_client/embed-text';
import type { SpeakerInfo } from '../../../server/protocol';

/** The numbers a caption line isolates: at odd indices of numberRuns. */
const numbers = (text: string) => numberRuns(text).filter((_, i) => i % 2 === 1);

describe('numbers isolated in caption text', () => {
  it.each<[string, string[]]>([
    ['قُتل 129 شخصاً في 13 نوفمبر 2015.', ['129', '13', '2015']],
    ['بين 2-4 ملايين، أي -5 أو 3.5% في 14/11/2015 الساعة 10:30', ['2-4', '-5', '3.5%', '14/11/2015', '10:30']],
    ['نحو ٣٥٫٥٪ من السكان', ['٣٥٫٥٪']],
    ['17 countries and 3 organisations', ['17', '3']],
    // Part of a word: left with its word, which the bidi algorithm keeps together.
    ['COVID-19, 5G, A4 and 2015م', []],
    ['no figures at all', []],
  ])('%s', (text, expected) => {
    expect(numbers(text)).toEqual(expected);
    expect(numberRuns(text).join('')).toBe(text);
  });
});

describe('speaker labels in a lane', () => {
  const kerry: SpeakerInfo = { id: 'kerry', label: { en: 'Secretary Kerry', ar: 'الوزير كيري' }, short: { en: 'Kerry' }, colour: 0 } as SpeakerInfo;
  const guest: SpeakerInfo = { id: 'guest', label: { en: 'Guest' }, short: { en: 'Guest' }, colour: 1 } as SpeakerInfo;
  it.each<[SpeakerInfo | undefined, string, readonly string[], { text: string; lang: string | undefined }]>([
    [kerry, 'ar', ['en', 'ar'], { text: 'الوزير كيري', lang: 'ar' }],
    [guest, 'ar', ['en', 'ar'], { text: 'Guest', lang: 'en' }],
    [guest, 'fr', ['ar', 'fr'], { text: 'guest', lang: undefined }],
    [undefined, 'ar', ['en', 'ar'], { text: 'guest', lang: undefined }],
  ])('%j in the %s lane of a %j room', (speaker, lang, room, expected) => {
    expect(speakerLabel(speaker, lang, room, 'guest')).toEqual(expected);
  });
});

describe('the interpreted mark', () => {
  it.each([
    ['en', 'interpreted'],
    ['ru', 'перевод'],
    ['fr', 'interprétation'],
    ['fr-CA', 'interprétation'],
    ['ar', 'ترجمة فورية'],
    ['de', 'interpreted'],
  ])('in %s is "%s"', (lang, mark) => {
    expect(interpretedMark(lang)).toBe(mark);
  });
});
