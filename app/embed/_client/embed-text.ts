/** The few words the embed itself shows, in both interface languages (captions are never translated here). */
export const EMBED_TEXT = {
  en: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', paused: 'Paused', ended: 'Ended', interpreted: 'interpreted' },
  ru: { connecting: 'Подключение…', live: 'В эфире', reconnecting: 'Переподключение…', offline: 'Нет связи', paused: 'Пауза', ended: 'Завершено', interpreted: 'перевод' },
} as const;
