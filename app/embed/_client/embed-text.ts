import type { Lang } from '../../../server/protocol';
/** The few words the embed itself shows, in both interface languages (captions are never translated here). */
export const EMBED_TEXT = {
  en: { connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline', paused: 'Paused', ended: 'Ended' },
  ru: { connecting: 'Подключение…', reconnecting: 'Переподключение…', offline: 'Нет связи', paused: 'Пауза', ended: 'Завершено' },
} as const;

/**
 * The "interpreted" mark after a speaker's name, in the lane's own language, so a lane reads in one
 * language; English where a language has no word here yet.
 */
const INTERPRETED: Readonly<Record<string, string>> = { en: 'interpreted', ru: 'перевод', fr: 'interprétation', ar: 'ترجمة فورية' };

export function interpretedMark(lang: Lang): string {
  // The table holds primary languages only: `fr-CA` reads `fr`'s.
  return INTERPRETED[lang.split('-')[0]] ?? INTERPRETED.en;
}
