import type { UiLang } from './ui-lang';

/** Interface text shared by every page. Each face keeps its own dictionary beside this one. */
export const COMMON = {
  en: {
    appName: 'Boothcast',
    tagline: 'Live captions with their interpretation, in sync for everyone watching.',
    language: 'Interface language',
    english: 'English',
    russian: 'Русский',
    backHome: 'Back to the rooms playing now',
    notFoundTitle: 'Not found',
    notFoundText: 'There is no room or page at this address. Room codes are {min} to {max} letters and digits (no 0, O, 1, I or L), like PRESS.',
    skipToCaptions: 'Skip to captions',
  },
  ru: {
    appName: 'Boothcast',
    tagline: 'Субтитры в реальном времени вместе с переводом, синхронно у всех зрителей.',
    language: 'Язык интерфейса',
    english: 'English',
    russian: 'Русский',
    backHome: 'К списку трансляций',
    notFoundTitle: 'Страница не найдена',
    notFoundText: 'По этому адресу нет ни комнаты, ни страницы. Код комнаты состоит из {min}–{max} латинских букв и цифр (без 0, O, 1, I и L), например PRESS.',
    skipToCaptions: 'Перейти к субтитрам',
  },
} as const satisfies Record<UiLang, Record<string, string>>;

export type CommonText = (typeof COMMON)['en'];
