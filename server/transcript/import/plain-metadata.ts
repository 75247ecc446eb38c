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

export function parseHeader(paragraphs: readonly Paragraph[]): HeaderMeta {
  const meta: HeaderMeta = {};
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
    } else if (!meta.published && /\d{1,2}\.\d{1,2}\.\d{4}/u.test(text)) meta.published = text;
    else if (!meta.headline) meta.headline = text;
  }
  return meta;
}

/** Credits start at the first unlabelled paragraph with a bare URL line or a bold-only heading. */
export function isTrailerParagraph(paragraph: Paragraph): boolean {
  return paragraph.lines.some((line) => URL_LINE.test(line.trim())) || BOLD_ONLY.test(paragraph.text.trim());
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
