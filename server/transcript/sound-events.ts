import type { Lang } from './caption-style';

/**
 * Non-speech events a transcript can state, with their caption labels in each language
 * (CAPTION-STYLE.md, "Speakers and events") and how long each holds the screen.
 * Labels are never invented: only what the transcript says becomes an event.
 */
export const SOUND_EVENTS = {
  laughter: { label: { en: '[laughter]', ru: '[смех]' }, durationMs: 1_500 },
  applause: { label: { en: '[applause]', ru: '[аплодисменты]' }, durationMs: 2_000 },
  inaudible: { label: { en: '[inaudible]', ru: '[неразборчиво]' }, durationMs: 1_200 },
  crosstalk: { label: { en: '[crosstalk]', ru: '[говорят одновременно]' }, durationMs: 1_500 },
  'speaks-russian': {
    label: { en: '[speaks Russian]', ru: '[говорит по-русски]' },
    // The journalist's aside in Russian is not transcribed; a short remark.
    durationMs: 2_500,
  },
  'speaks-english': {
    label: { en: '[speaks English]', ru: '[говорит по-английски]' },
    durationMs: 2_500,
  },
} as const satisfies Record<string, { label: { en: string } & Partial<Record<Lang, string>>; durationMs: number }>;

export type SoundEvent = keyof typeof SOUND_EVENTS;

/** The events' names, for schemas. */
export const SOUND_EVENT_NAMES = Object.keys(SOUND_EVENTS) as [SoundEvent, ...SoundEvent[]];

/**
 * A sound event's label in a language: the built-in table's (English and Russian), else the one
 * the language's translation file gives, else the English label, so an event is never silent in
 * a booth whose file has no label for it.
 */
export function soundLabel(sound: SoundEvent, lang: Lang, fromTranslation?: Partial<Record<SoundEvent, string>>): string {
  const table: Partial<Record<Lang, string>> = SOUND_EVENTS[sound].label;
  return table[lang] ?? fromTranslation?.[sound] ?? SOUND_EVENTS[sound].label.en;
}

/** Stage directions as transcripts write them, lower-cased and without the final full stop. */
const DIRECTION_TO_EVENT: Record<string, SoundEvent> = {
  laughter: 'laughter',
  laughs: 'laughter',
  applause: 'applause',
  inaudible: 'inaudible',
  crosstalk: 'crosstalk',
  'in russian': 'speaks-russian',
  'speaks russian': 'speaks-russian',
  'in english': 'speaks-english',
  'speaks english': 'speaks-english',
};

/** `(Laughter.)` → `laughter`; `undefined` for directions that are not sound events. */
export function soundEventFromDirection(direction: string): SoundEvent | undefined {
  const key = direction
    .trim()
    .replace(/[.\s]+$/u, '')
    .toLowerCase();
  return DIRECTION_TO_EVENT[key];
}

export function isSoundEvent(value: string): value is SoundEvent {
  return Object.hasOwn(SOUND_EVENTS, value);
}
