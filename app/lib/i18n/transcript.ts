import type { UiLang } from './ui-lang';

/** Interface text of the transcript page. */
export const TRANSCRIPT = {
  en: {
    transcript: 'Transcript',
    search_one: 'Search the transcript',
    search_two: 'Search both languages',
    search_many: 'Search all languages',
    searchPlaceholder: 'Word or phrase, in {langs}',
    matches: '{n} of {total} lines match',
    noMatch: 'No line matches.',
    downloads: 'Downloads',
    vttBoth: 'WebVTT, both languages',
    vttAll: 'WebVTT, all languages',
    vttOne: 'WebVTT, {lang}',
    srtOne: 'SRT, {lang}',
    jsonOne: 'JSON, {lang}',
    jsonAll: 'JSON, everything',
    time: 'Time',
    speaker: 'Speaker',
    spokenIn: 'spoken in {lang}; the other language is the interpretation',
    source: 'Source',
    watchLive: 'Rooms playing it',
  },
  ru: {
    transcript: 'Стенограмма',
    search_one: 'Поиск по стенограмме',
    search_two: 'Поиск на обоих языках',
    search_many: 'Поиск на всех языках',
    searchPlaceholder: 'Слово или фраза (язык: {langs})',
    matches: 'Найдено строк: {n} из {total}',
    noMatch: 'Ничего не найдено.',
    downloads: 'Скачать',
    vttBoth: 'WebVTT, оба языка',
    vttAll: 'WebVTT, все языки',
    vttOne: 'WebVTT, {lang}',
    srtOne: 'SRT, {lang}',
    jsonOne: 'JSON, {lang}',
    jsonAll: 'JSON, целиком',
    time: 'Время',
    speaker: 'Говорящий',
    spokenIn: 'сказано на языке: {lang}; второй язык — перевод',
    source: 'Источник',
    watchLive: 'Где идёт трансляция',
  },
} as const satisfies Record<UiLang, Record<string, string>>;

export type TranscriptText = (typeof TRANSCRIPT)[UiLang];
