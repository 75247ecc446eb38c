import type { UiLang } from './ui-lang';

/** Words of the language picker (viewer settings and the console's embed snippet); `{lang}` is a language's name. */
export const LANG_PICKER = {
  en: {
    hint: 'Tick up to three; they are shown top to bottom in this order.',
    moveUp: 'Move {lang} up',
    moveDown: 'Move {lang} down',
  },
  ru: {
    hint: 'Отметьте до трёх; они идут сверху вниз в этом порядке.',
    moveUp: '{lang}: выше',
    moveDown: '{lang}: ниже',
  },
} as const satisfies Record<UiLang, Record<string, string>>;
