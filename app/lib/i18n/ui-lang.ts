/** Languages of the interface (not of the captions): English and Russian. */
export const UI_LANGS = ['en', 'ru'] as const;
export type UiLang = (typeof UI_LANGS)[number];

export const UI_LANG_COOKIE = 'ui-lang';

export function isUiLang(value: unknown): value is UiLang {
  return value === 'en' || value === 'ru';
}

/** The interface language: the visitor's choice (cookie) first, else the browser's preference. */
export function pickUiLang(cookie: string | undefined, acceptLanguage: string | null | undefined): UiLang {
  if (isUiLang(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1');
      return { base: tag.split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.base)
    .sort((a, b) => b.q - a.q);
  for (const { base } of ranked) if (isUiLang(base)) return base;
  return 'en';
}

/** Remembers the visitor's choice of interface language for a year (browser only). */
export function rememberUiLang(lang: UiLang): void {
  document.cookie = `${UI_LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}
