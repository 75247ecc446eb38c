import type { Paragraph } from './paragraphs';

/** Header and credits of a press-office transcript: metadata, never captions. */
export interface HeaderMeta {
  headline?: string;
  place?: string;
  date?: string;
  beat?: string;
  published?: string;
}

export interface TrailerMeta {
  author?: string;
  publisher?: string;
  sourceUrl?: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** `VIENNA, AUSTRIA - NOVEMBER 14, 2015` */
const DATELINE = /^(.+?)\s+[-–—]\s+([A-Za-z]+)\s+(\d{1,2}),\s+(\d{4})$/u;
const URL_LINE = /^<?(https?:\/\/[^\s>]+)>?$/u;
const BOLD_ONLY = /^\*\*[^*]+\*\*$/u;

function plain(text: string): string {
  return text.replace(/\*\*/gu, '').replace(/^#+\s*/u, '').replace(/\s+/gu, ' ').trim();
}

function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s,(-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

const MONTH_NAMES = `(?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;
const WEEKDAY = '(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)?';
/**
 * A line that is only a date: `November 14, 2015`, `Saturday, November 14, 2015`, `14 November
 * 2015`, `14 ноября 2015 г.`, `2015-11-14`, `11/14/2015`, `14.11.2015`.
 */
const DATE_ONLY = new RegExp(
  `^${WEEKDAY}(?:${MONTH_NAMES}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\.?\\s+\\p{L}{3,12}\\.?,?\\s+\\d{4}(?:\\s*г\\.?)?|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4})\\.?$`,
  'iu',
);
/** A line that is only a time of day: `2:01 p.m. EDT`, `14:05`, `2 PM`, `10:32 a.m. (local)`. */
const TIME_ONLY = /^\d{1,2}(?:[:.]\d{2}){0,2}\s*(?:[ap]\.?\s?m\.?)?\s*(?:\(?[A-Za-z]{1,5}\)?\.?)?$/iu;

/** The longest date or time line ("Wednesday, September 30, 2015", "10:32 a.m. (local)") has some 30 characters. */
const MAX_DATE_LINE_CHARS = 60;

/** A date or a time, not a title. Only short lines are tried, so the patterns never read far. */
export function isDateOrTime(line: string): boolean {
  if (line.length > MAX_DATE_LINE_CHARS * 4) return false;
  const text = line.replace(/\s+/gu, ' ').trim();
  if (text.length > MAX_DATE_LINE_CHARS) return false;
  return DATE_ONLY.test(text) || (/\d/u.test(text) && TIME_ONLY.test(text));
}

/**
 * The header's metadata. The title (`headline`) is the first `# ` heading, or else the first line
 * that is neither a date nor a time (`2:01 p.m. EDT` is when the briefing began, not what it is),
 * nor a dateline, a beat or a publication stamp.
 */
export function parseHeader(paragraphs: readonly Paragraph[]): HeaderMeta {
  const meta: HeaderMeta = {};
  let firstLine: string | undefined;
  for (const paragraph of paragraphs) {
    const text = plain(paragraph.text);
    const beat = /^Beat:\s*(.+)$/iu.exec(text);
    const dateline = DATELINE.exec(text);
    if (beat) meta.beat = beat[1];
    else if (/^#/u.test(paragraph.text) && !meta.headline) meta.headline = text;
    else if (dateline && MONTHS.includes(dateline[2].toLowerCase())) {
      const month = MONTHS.indexOf(dateline[2].toLowerCase()) + 1;
      meta.place = titleCase(dateline[1]);
      meta.date = `${dateline[4]}-${String(month).padStart(2, '0')}-${dateline[3].padStart(2, '0')}`;
    } else if (!meta.published && /\d{1,2}\.\d{1,2}\.\d{4}/u.test(text) && !isDateOrTime(text)) meta.published = text;
    else firstLine ??= paragraph.lines.map(plain).find((line) => line !== '' && !isDateOrTime(line) && !URL_LINE.test(line));
  }
  if (!meta.headline && firstLine) meta.headline = firstLine;
  return meta;
}

/** `(The briefing was concluded at 2:14 p.m.)`: the State Department's closing note, not speech. */
const CLOSING_NOTE = /^\((?:the\s+)?(?:briefing|press\s+(?:briefing|conference)|meeting|session)\s+(?:was\s+)?(?:concluded|ended|adjourned)\b[^()]*\)$/iu;

/** Credits start at the first unlabelled paragraph with a bare URL line, a bold-only heading or a closing note. */
export function isTrailerParagraph(paragraph: Paragraph): boolean {
  const text = paragraph.text.trim();
  return paragraph.lines.some((line) => URL_LINE.test(line.trim())) || BOLD_ONLY.test(text) || CLOSING_NOTE.test(text);
}

export function parseTrailer(paragraphs: readonly Paragraph[]): TrailerMeta {
  const meta: TrailerMeta = {};
  paragraphs.forEach((paragraph, i) => {
    const heading = BOLD_ONLY.test(paragraph.text.trim()) ? plain(paragraph.text).toLowerCase() : undefined;
    const next = paragraphs[i + 1];
    if (i === 0 && !heading) {
      const name = paragraph.lines.map((l) => l.trim()).find((l) => l && !URL_LINE.test(l));
      if (name && name.split(/\s+/u).length <= 5) meta.author = name;
    }
    if (!heading || !next) return;
    if (heading.startsWith('article online')) {
      const url = next.lines.map((l) => URL_LINE.exec(l.trim())?.[1]).find(Boolean);
      if (url) meta.sourceUrl = url;
    } else if (heading.includes('news agency') || heading.includes('publisher')) {
      meta.publisher = next.lines[0].trim();
    }
  });
  return meta;
}
