import type { Lang } from '../caption-style';
import type { Cue } from '../cues/cue';
import { segmentCues, type TurnMarking } from '../cues/segment-cues';
import type { Transcript } from '../model';
import type { CaptionFile } from './caption-file';
import { toSrt } from './srt';
import { toWebVtt } from './webvtt';

export const CAPTION_FORMATS = ['vtt', 'srt'] as const;
export type CaptionExportFormat = (typeof CAPTION_FORMATS)[number];

export type ExportResult =
  | { readonly ok: true; readonly file: CaptionFile }
  | { readonly ok: false; readonly error: 'bad-lang' | 'bad-format'; readonly message: string };

// Transcripts are immutable once loaded: segment each language once.
const cache = new WeakMap<Transcript, Map<string, readonly Cue[]>>();

/** How each format marks a turn: SRT in the text (`>> KERRY:`), WebVTT with a voice span. */
export const TURN_MARKING: Record<CaptionExportFormat, TurnMarking> = { srt: 'text', vtt: 'voice' };

export function cuesOf(transcript: Transcript, lang: Lang, format: CaptionExportFormat): readonly Cue[] {
  const entry = cache.get(transcript) ?? new Map<string, readonly Cue[]>();
  cache.set(transcript, entry);
  const key = `${lang}:${format}`;
  if (!entry.has(key)) entry.set(key, segmentCues(transcript, lang, TURN_MARKING[format]));
  return entry.get(key)!;
}

/** The languages a format can be asked for: each of the transcript's, and `both` for a bilingual WebVTT. */
export function exportLanguages(transcript: Transcript, format: CaptionExportFormat): string[] {
  return format === 'vtt' && transcript.languages.length > 1 ? [...transcript.languages, 'both'] : [...transcript.languages];
}

/** A caption file of the transcript in `format` for `lang` (`en`, `ru`, or `both` for WebVTT). */
export function exportCaptions(transcript: Transcript, format: string, lang: string | null | undefined): ExportResult {
  if (!(CAPTION_FORMATS as readonly string[]).includes(format)) {
    return { ok: false, error: 'bad-format', message: `format must be one of ${CAPTION_FORMATS.join(', ')}` };
  }
  const allowed = exportLanguages(transcript, format as CaptionExportFormat);
  if (!lang || !allowed.includes(lang)) {
    return { ok: false, error: 'bad-lang', message: `lang must be one of ${allowed.join(', ')}${lang ? `; got "${lang}"` : ''}` };
  }
  if (format === 'srt') return { ok: true, file: toSrt(transcript, lang as Lang, cuesOf(transcript, lang as Lang, 'srt')) };
  const langs = lang === 'both' ? transcript.languages : [lang as Lang];
  return { ok: true, file: toWebVtt(transcript, Object.fromEntries(langs.map((l) => [l, cuesOf(transcript, l, 'vtt')]))) };
}
