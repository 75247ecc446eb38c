import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The platforms an output can send to. */
export const OUTPUT_TYPES = ['zoom', 'youtube', 'teams', 'obs', 'webhook'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** Most outputs one room may have (each holds a queue and a connection). */
export const MAX_OUTPUTS_PER_ROOM = 10;

const HttpUrl = z
  .string()
  .max(2_048, 'at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'an http:// or https:// URL');

const WsUrl = z
  .string()
  .max(2_048, 'at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'ws:' || url.protocol === 'wss:';
    } catch {
      return false;
    }
  }, 'a ws:// or wss:// address, e.g. ws://127.0.0.1:4455');

/** A BCP 47 tag as rooms name their languages (`en`, `ru`, `pt-BR`). */
const Lang = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/u, 'a language tag of the room, e.g. en or ru');
const Label = z.string().trim().max(60, 'at most 60 characters').optional();

/** What a presenter sends to add an output; secrets included (they stay on the server). */
export const NewOutputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('zoom'),
    lang: Lang,
    label: Label,
    /** The meeting's "API token" URL, copied from Zoom's closed-caption menu. */
    url: HttpUrl,
    /** The language code Zoom is told (`en-US`); derived from `lang` when absent. */
    platformLang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/u, 'a code such as en-US').optional(),
  }),
  z.strictObject({ type: z.literal('youtube'), lang: Lang, label: Label, url: HttpUrl }),
  z.strictObject({ type: z.literal('teams'), lang: Lang, label: Label, url: HttpUrl }),
  z.strictObject({
    type: z.literal('obs'),
    lang: Lang,
    label: Label,
    url: WsUrl,
    password: z.string().max(256, 'at most 256 characters').optional(),
  }),
  z.strictObject({
    type: z.literal('webhook'),
    lang: Lang,
    label: Label,
    url: HttpUrl,
    secret: z.string().min(16, 'at least 16 characters').max(256, 'at most 256 characters'),
  }),
]);
export type NewOutput = z.infer<typeof NewOutputSchema>;

/** An output's settings as kept on the server (never sent to a browser: see `publicView`). */
export type OutputConfig = NewOutput & { readonly id: string; readonly room: string };

export function newOutputConfig(room: string, input: NewOutput): OutputConfig {
  return { ...input, id: randomUUID(), room };
}

/** Zoom wants a region with the language (`en-US`); the usual one for each of the room's common languages. */
const ZOOM_LANGS: Record<string, string> = {
  en: 'en-US',
  ru: 'ru-RU',
  fr: 'fr-FR',
  de: 'de-DE',
  es: 'es-ES',
  it: 'it-IT',
  pt: 'pt-PT',
  ar: 'ar-SA',
  zh: 'zh-CN',
  ja: 'ja-JP',
  ko: 'ko-KR',
  hi: 'hi-IN',
  th: 'th-TH',
};

export function platformLang(config: OutputConfig): string {
  if (config.type === 'zoom' && config.platformLang) return config.platformLang;
  return config.lang.includes('-') ? config.lang : (ZOOM_LANGS[config.lang] ?? config.lang);
}

/**
 * A hint a presenter recognises an address by without it being usable: the host and the last
 * four characters (Zoom's and Teams' links carry their token in the query).
 */
export function maskUrl(value: string): string {
  let host = '';
  try {
    host = new URL(value).host;
  } catch {
    host = '';
  }
  return `${host}/…${value.slice(-4)}`;
}

export function maskSecret(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : `…${value.slice(-4)}`;
}
