import type { Lang } from '../../../server/protocol';
import type { UiLang } from './ui-lang';

/**
 * A room's or transcript's title in the interface language when the transcript has one of its own
 * there (`titles`, protocol v2), else its own title; with the language it is written in, when that
 * differs from the interface's, for the element's `lang`.
 */
export function titleIn(
  source: { readonly title: string; readonly titles?: Partial<Record<Lang, string>> },
  uiLang: UiLang,
  ownLang: Lang | undefined,
): { readonly title: string; readonly lang: Lang | undefined } {
  const translated = source.titles?.[uiLang];
  if (translated) return { title: translated, lang: undefined };
  return { title: source.title, lang: ownLang === uiLang ? undefined : ownLang };
}
