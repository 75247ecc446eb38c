import { describe, expect, it } from 'vitest';
import { pickUiLang } from '../../../app/lib/i18n/ui-lang';

describe('interface language', () => {
  it.each([
    [undefined, 'ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    [undefined, 'de-DE,de;q=0.9,en;q=0.5,ru;q=0.4', 'en'],
    [undefined, 'de-DE', 'en'],
    [undefined, null, 'en'],
    ['ru', 'en-US', 'ru'],
    ['xx', 'ru', 'ru'],
    [undefined, 'en;q=0.2, ru;q=0.8', 'ru'],
  ] as const)('cookie %s, Accept-Language %s → %s', (cookie, accept, expected) => {
    expect(pickUiLang(cookie, accept)).toBe(expected);
  });
});
