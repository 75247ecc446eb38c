import type { Lang } from '../../../server/protocol';
import type { UiLang } from './ui-lang';

/**
 * A language's name as it reads inside a sentence of the interface (CLDR's own casing: "English",
 * "английский"), where `languageName` (server/language-tags.ts) gives the capitalised label form.
 * Falls back to the tag.
 */
export function languageInText(tag: Lang, ui: UiLang): string {
  try {
    return new Intl.DisplayNames([ui], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Languages joined as a sentence says "this or that" ("English, French or Arabic"). */
export function languagesInText(tags: readonly Lang[], ui: UiLang): string {
  return new Intl.ListFormat(ui, { type: 'disjunction' }).format(tags.map((tag) => languageInText(tag, ui)));
}
