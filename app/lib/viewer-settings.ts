import { canonicalLanguageTag } from '../../server/language-tags';
import type { Lang } from '../../server/protocol';
/**
 * What a viewer can set: which of the room's languages and in what order, the layout, rows, text
 * size, font, theme, background opacity and speaker labels. Remembered per device (localStorage)
 * and settable by URL parameters, which win, so a teacher can hand out a link that looks right on
 * a projector.
 */
/** Lanes on screen at once: three booths still leave each lane two readable rows on a phone. */
export const MAX_LANES = 3;
/**
 * Tags read from one `lang` parameter: more than a room could ever show after unknown ones are
 * dropped, and a bound on what a hand-made URL makes the page parse.
 */
export const MAX_LANG_PARAM_TAGS = 16;
/** The `lang` value for "the room's languages in the room's order" (the old two-language `both`). */
export const ALL_LANGS = 'both';
export const LAYOUTS = ['stacked', 'side'] as const;
export const SIZES = ['s', 'm', 'l', 'xl'] as const;
export const FONTS = ['sans', 'legible'] as const;
export const THEMES = ['dark', 'light', 'contrast', 'yellow'] as const;
/** Rows per language: CEA-608 roll-up shows 2 to 4. */
export const MIN_ROWS = 2;
export const MAX_ROWS = 4;
/** Caption background opacity, percent: from none to opaque. */
export const MIN_BG_PERCENT = 0;
export const MAX_BG_PERCENT = 100;

export interface ViewerSettings {
  /**
   * The languages to show, in lane order (`?lang=ru,fr,en`); empty for the room's own languages in
   * its order (`?lang=both`). Tags the room does not carry are skipped when the lanes are laid out.
   */
  readonly langs: readonly Lang[];
  /** The language put first when `langs` is empty: the old `lead=` parameter, still honoured. */
  readonly lead?: Lang;
  readonly layout: (typeof LAYOUTS)[number];
  /** Rows per language in the roll-up: CEA-608 roll-up shows 2 to 4. */
  readonly rows: 2 | 3 | 4;
  readonly size: (typeof SIZES)[number];
  readonly font: (typeof FONTS)[number];
  readonly theme: (typeof THEMES)[number];
  /** Caption background opacity, percent. */
  readonly bg: number;
  readonly labels: boolean;
  /** Embed only: no page background at all, so the host page shows through. */
  readonly transparent: boolean;
}

export const DEFAULT_SETTINGS: ViewerSettings = {
  langs: [],
  layout: 'stacked',
  rows: 3,
  size: 'm',
  font: 'sans',
  theme: 'dark',
  bg: 85,
  labels: true,
  transparent: false,
};

/** Text size multipliers for s, m, l, xl. */
export const SIZE_SCALE: Record<ViewerSettings['size'], number> = { s: 0.8, m: 1, l: 1.35, xl: 1.8 };

export const SETTINGS_STORAGE_KEY = 'boothcast:viewer-settings';

type Source = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function read(source: Source, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const value = source[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A `lang` value: `both`, one tag (`ru`) or a comma-separated list in lane order (`en,ar`), each tag
 * brought to its canonical form; malformed tags and repeats are dropped. Undefined when nothing
 * usable is left, so the previous choice stands.
 */
export function parseLangList(value: string | undefined): readonly Lang[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === ALL_LANGS) return [];
  const tags: Lang[] = [];
  for (const part of value.split(',', MAX_LANG_PARAM_TAGS)) {
    const tag = canonicalLanguageTag(part.trim());
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags.length > 0 ? tags : undefined;
}

function oneOf<T extends string>(options: readonly T[], value: string | undefined): T | undefined {
  return options.find((o) => o === value);
}

/** Reads settings from URL parameters (or a stored object), keeping `base` for anything absent or invalid. */
export function parseSettings(source: Source, base: ViewerSettings = DEFAULT_SETTINGS): ViewerSettings {
  const rows = Number(read(source, 'rows'));
  const bg = Number(read(source, 'bg'));
  const labels = read(source, 'labels');
  const transparent = read(source, 'transparent');
  return {
    ...langChoice(source, base),
    layout: oneOf(LAYOUTS, read(source, 'layout')) ?? base.layout,
    rows: Number.isInteger(rows) && rows >= MIN_ROWS && rows <= MAX_ROWS ? (rows as ViewerSettings['rows']) : base.rows,
    size: oneOf(SIZES, read(source, 'size')) ?? base.size,
    font: oneOf(FONTS, read(source, 'font')) ?? base.font,
    theme: oneOf(THEMES, read(source, 'theme')) ?? base.theme,
    bg: read(source, 'bg') !== undefined && Number.isFinite(bg) ? Math.min(MAX_BG_PERCENT, Math.max(MIN_BG_PERCENT, Math.round(bg))) : base.bg,
    labels: labels === '0' || labels === 'false' ? false : labels === '1' || labels === 'true' ? true : base.labels,
    transparent: transparent === '1' || transparent === 'true' ? true : transparent === '0' || transparent === 'false' ? false : base.transparent,
  };
}

/**
 * `lang`, and the old `lead` (`?lang=both&lead=ru`), which old links only paired with `both`: it is
 * kept for laneOrder, which knows the room's languages, and a list of languages replaces it.
 */
function langChoice(source: Source, base: ViewerSettings): Pick<ViewerSettings, 'langs' | 'lead'> {
  const given = read(source, 'lang');
  const langs = parseLangList(given) ?? base.langs;
  const lead = parseLangList(read(source, 'lead'))?.[0] ?? (given === undefined ? base.lead : undefined);
  return langs.length === 0 && lead ? { langs, lead } : { langs };
}

/** The settings as URL parameters (or storage), only those that differ from the defaults. */
export function settingsToParams(settings: ViewerSettings): Record<string, string> {
  const all = settingsToParamsAll(settings);
  const defaults = settingsToParamsAll(DEFAULT_SETTINGS);
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => defaults[k] !== v));
}

function settingsToParamsAll(s: ViewerSettings): Record<string, string> {
  return {
    lang: s.langs.length > 0 ? s.langs.join(',') : ALL_LANGS,
    lead: s.lead ?? '',
    layout: s.layout,
    rows: String(s.rows),
    size: s.size,
    font: s.font,
    theme: s.theme,
    bg: String(s.bg),
    labels: s.labels ? '1' : '0',
    transparent: s.transparent ? '1' : '0',
  };
}

/**
 * The caption languages in lane order, at most MAX_LANES: the chosen ones the room carries, in the
 * chosen order; when none of them is in the room (or none was chosen), the room's own languages in
 * its order, with the old `lead` first.
 */
export function laneOrder(settings: ViewerSettings, available: readonly Lang[]): Lang[] {
  const chosen = settings.langs.filter((lang) => available.includes(lang));
  if (chosen.length > 0) return chosen.slice(0, MAX_LANES);
  const lead = settings.lead && available.includes(settings.lead) ? [settings.lead] : [];
  return [...lead, ...available.filter((lang) => !lead.includes(lang))].slice(0, MAX_LANES);
}

/** The settings with these lanes chosen explicitly (the settings panel's order controls). */
export function withLanes(settings: ViewerSettings, lanes: readonly Lang[]): ViewerSettings {
  return { ...settings, langs: lanes.slice(0, MAX_LANES), lead: undefined };
}
