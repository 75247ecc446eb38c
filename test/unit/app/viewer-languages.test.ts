import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, laneOrder, MAX_LANES, MAX_LANG_PARAM_TAGS, parseLangList, parseSettings, settingsToParams, withLanes } from '../../../app/lib/viewer-settings';

/** Which lanes a viewer sees, in what order, from the URL, from storage and from the settings panel. */
const lanes = (query: string, room: readonly string[], stored?: Record<string, string>) =>
  laneOrder(parseSettings(new URLSearchParams(query), stored ? parseSettings(stored) : DEFAULT_SETTINGS), room);

describe('lanes from the lang parameter', () => {
  it.each<[string, readonly string[], readonly string[]]>([
    ['', ['en', 'ru'], ['en', 'ru']],
    ['lang=both', ['en', 'ru'], ['en', 'ru']],
    ['lang=both', ['en', 'ru', 'fr', 'ar'], ['en', 'ru', 'fr']],
    ['lang=ru', ['en', 'ru'], ['ru']],
    ['lang=en,ar', ['en', 'ru', 'fr', 'ar'], ['en', 'ar']],
    ['lang=ar,en', ['en', 'ar'], ['ar', 'en']],
    ['lang=ru,fr,en', ['en', 'ru', 'fr', 'ar'], ['ru', 'fr', 'en']],
    ['lang=ar,ru,fr,en', ['en', 'ru', 'fr', 'ar'], ['ar', 'ru', 'fr']],
    // Tags the room does not carry are skipped and the rest kept, in order.
    ['lang=de,ar,en', ['en', 'ar'], ['ar', 'en']],
    // Nothing chosen is in the room: the room's own languages.
    ['lang=de', ['en', 'ar'], ['en', 'ar']],
    // Any spelling of a tag, and repeats, as one canonical tag.
    ['lang=AR, pt-br ,ar', ['en', 'ar', 'pt-BR'], ['ar', 'pt-BR']],
    ['lang=zh-hans,en', ['en', 'zh-Hans'], ['zh-Hans', 'en']],
    // Malformed values change nothing.
    ['lang=english,,;', ['en', 'ar'], ['en', 'ar']],
    ['lang=', ['en', 'ar'], ['en', 'ar']],
    // A one-language room is one lane whatever is asked.
    ['lang=en,ar', ['de'], ['de']],
    ['', ['de'], ['de']],
    // The old lead parameter.
    ['lang=both&lead=ru', ['en', 'ru'], ['ru', 'en']],
    ['lead=ar', ['en', 'fr', 'ar'], ['ar', 'en', 'fr']],
    ['lead=de', ['en', 'ru'], ['en', 'ru']],
  ])('?%s in a room of %j shows %j', (query, room, expected) => {
    expect(lanes(query, room)).toEqual(expected);
  });

  it('never shows more than three lanes', () => {
    expect(MAX_LANES).toBe(3);
    expect(lanes('lang=en,ru,fr,ar,de', ['en', 'ru', 'fr', 'ar', 'de'])).toHaveLength(3);
  });

  it('reads a bounded number of tags from a hand-made URL', () => {
    // 676 distinct well-formed three-letter tags (aaa … azz … zzz), then one the room has.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const many = Array.from({ length: 676 }, (_, i) => `q${letters[Math.floor(i / 26)]}${letters[i % 26]}`).join(',');
    const read = parseLangList(`${many},ar`) ?? [];
    expect(read).toHaveLength(MAX_LANG_PARAM_TAGS);
    expect(read).not.toContain('ar');
  });
});

describe('the remembered choice', () => {
  it('is stored as the URL writes it and read back in order', () => {
    const chosen = withLanes(DEFAULT_SETTINGS, ['ru', 'fr', 'en']);
    const stored = settingsToParams(chosen);
    expect(stored).toEqual({ lang: 'ru,fr,en' });
    expect(lanes('', ['en', 'ru', 'fr', 'ar'], stored)).toEqual(['ru', 'fr', 'en']);
  });

  it('gives way to the URL, and a choice from the panel replaces an old lead', () => {
    expect(lanes('lang=ar', ['en', 'ar'], { lang: 'en,ar' })).toEqual(['ar']);
    expect(lanes('', ['en', 'ru'], { lang: 'both', lead: 'ru' })).toEqual(['ru', 'en']);
    const picked = withLanes(parseSettings({ lang: 'both', lead: 'ru' }), ['en', 'ru']);
    expect(laneOrder(picked, ['en', 'ru'])).toEqual(['en', 'ru']);
    expect(settingsToParams(picked)).toEqual({ lang: 'en,ru' });
  });

  it('keeps the old single-language values that were stored before', () => {
    expect(lanes('', ['en', 'ru'], { lang: 'ru' })).toEqual(['ru']);
    expect(lanes('', ['en', 'ru'], { lang: 'both' })).toEqual(['en', 'ru']);
  });
});
