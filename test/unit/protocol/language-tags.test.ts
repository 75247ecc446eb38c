import { describe, expect, it } from 'vitest';
import { MAX_LANGUAGE_TAG_CHARS, canonicalLanguageTag, languageName, textDirection } from '../../../server/language-tags';

describe('canonicalLanguageTag', () => {
  it.each([
    ['en', 'en'],
    ['zh-hans', 'zh-Hans'],
    ['EN-us', 'en-US'],
    ['pt-br', 'pt-BR'],
    ['iw', 'he'],
  ])('reads %s as %s', (input, canonical) => {
    expect(canonicalLanguageTag(input)).toBe(canonical);
  });

  it.each(['', 'en_US', 'english!', 'e', '12'])('refuses %j', (input) => {
    expect(canonicalLanguageTag(input)).toBeUndefined();
  });

  it('accepts a tag of exactly the limit and refuses one character more', () => {
    const atLimit = 'en-aaaaaaaa-bbbbbbbb-cccccccc-ddddd';
    expect(atLimit).toHaveLength(MAX_LANGUAGE_TAG_CHARS);
    expect(canonicalLanguageTag(atLimit)).toBe(atLimit);
    expect(canonicalLanguageTag(atLimit + 'f')).toBeUndefined();
  });
});

describe('textDirection', () => {
  it.each(['ar', 'he', 'fa', 'ur', 'yi', 'ckb', 'pa-PK', 'az-Arab', 'dv', 'ar-EG'])('%s runs right to left', (tag) => {
    expect(textDirection(tag)).toBe('rtl');
  });

  it.each(['en', 'ru', 'fr', 'de', 'zh-Hans', 'pa', 'ku', 'tr', 'sr-Latn'])('%s runs left to right', (tag) => {
    expect(textDirection(tag)).toBe('ltr');
  });
});

describe('languageName', () => {
  it('names a language in itself, capitalised as a label', () => {
    expect(languageName('fr')).toBe('Français');
    expect(languageName('ar')).toBe('العربية');
    expect(languageName('ru')).toBe('Русский');
  });

  it('names a language in the interface language', () => {
    expect(languageName('ar', 'en')).toBe('Arabic');
    expect(languageName('de', 'ru')).toBe('Немецкий');
  });
});
