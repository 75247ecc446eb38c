import type { Lang } from '../../server/protocol';
/**
 * What a viewer can set: which languages, which leads, the layout, rows, text size, font, theme,
 * background opacity and speaker labels. Remembered per device (localStorage) and settable by URL
 * parameters, which win, so a teacher can hand out a link that looks right on a projector.
 */
export const LANG_CHOICES = ['both', 'en', 'ru'] as const;
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
  readonly langs: (typeof LANG_CHOICES)[number];
  readonly lead: 'en' | 'ru';
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
  langs: 'both',
  lead: 'en',
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
    langs: oneOf(LANG_CHOICES, read(source, 'lang')) ?? base.langs,
    lead: oneOf(['en', 'ru'] as const, read(source, 'lead')) ?? base.lead,
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

/** The settings as URL parameters (or storage), only those that differ from the defaults. */
export function settingsToParams(settings: ViewerSettings): Record<string, string> {
  const all = settingsToParamsAll(settings);
  const defaults = settingsToParamsAll(DEFAULT_SETTINGS);
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => defaults[k] !== v));
}

function settingsToParamsAll(s: ViewerSettings): Record<string, string> {
  return {
    lang: s.langs,
    lead: s.lead,
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

/** The caption languages in display order. */
export function laneOrder(settings: ViewerSettings, available: readonly Lang[]): Lang[] {
  const chosen = settings.langs === 'both' ? available : available.filter((l) => l === settings.langs);
  const list = chosen.length > 0 ? [...chosen] : [...available];
  return list.sort((a, b) => (a === settings.lead ? -1 : b === settings.lead ? 1 : 0));
}
