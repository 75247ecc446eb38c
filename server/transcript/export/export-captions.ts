import { canonicalLanguageTag } from '../../language-tags';
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

/** `?lang=both` (its name from when a transcript had two languages at most) asks for every language of the transcript. */
export const ALL_LANGUAGES = 'both';

/** What `lang` may be for a format: one of the transcript's languages; for WebVTT also a comma list of them, or `both` for all. */
export function exportLanguages(transcript: Transcript, format: CaptionExportFormat): string[] {
  return format === 'vtt' && transcript.languages.length > 1 ? [...transcript.languages, ALL_LANGUAGES] : [...transcript.languages];
}

type LangChoice = { readonly ok: true; readonly langs: readonly Lang[] } | { readonly ok: false; readonly message: string };

/**
 * The languages `lang` asks for: a tag (in any case: `zh-hans` is `zh-Hans`), for WebVTT a comma
 * list of distinct tags (`en,ar`, in that order), or `both`. Each must be one of the transcript's.
 */
export function chooseLanguages(transcript: Transcript, format: CaptionExportFormat, lang: string | null | undefined): LangChoice {
  const allowed = exportLanguages(transcript, format);
  const oneOf = `one of ${allowed.join(', ')}${format === 'vtt' && transcript.languages.length > 1 ? ', or several separated by commas' : ''}`;
  if (!lang) return { ok: false, message: `lang: give a language, ${oneOf}` };
  if (format === 'vtt' && lang === ALL_LANGUAGES && transcript.languages.length > 1) return { ok: true, langs: transcript.languages };
  // Bounded before any work: never more parts than the transcript has languages.
  const parts = lang.split(',');
  if (parts.length > 1 && format === 'srt') return { ok: false, message: `lang: an SRT file holds one language, ${oneOf}; got "${lang.slice(0, 80)}"` };
  if (parts.length > transcript.languages.length) return { ok: false, message: `lang: this transcript has ${transcript.languages.length} language(s), ${oneOf}; got "${lang.slice(0, 80)}"` };
  const langs: Lang[] = [];
  for (const part of parts) {
    const tag = canonicalLanguageTag(part.trim());
    if (tag === undefined || !transcript.languages.includes(tag)) {
      return { ok: false, message: `lang: "${part.slice(0, 40)}" is not a language of this transcript, ${oneOf}` };
    }
    if (langs.includes(tag)) return { ok: false, message: `lang: "${tag}" is asked for twice` };
    langs.push(tag);
  }
  return { ok: true, langs };
}

/** A caption file of the transcript in `format` for `lang` (`en`; for WebVTT `en,ar` or `both` too). */
export function exportCaptions(transcript: Transcript, format: string, lang: string | null | undefined): ExportResult {
  if (!(CAPTION_FORMATS as readonly string[]).includes(format)) {
    return { ok: false, error: 'bad-format', message: `format must be one of ${CAPTION_FORMATS.join(', ')}` };
  }
  const choice = chooseLanguages(transcript, format as CaptionExportFormat, lang);
  if (!choice.ok) return { ok: false, error: 'bad-lang', message: choice.message };
  if (format === 'srt') return { ok: true, file: toSrt(transcript, choice.langs[0], cuesOf(transcript, choice.langs[0], 'srt')) };
  return { ok: true, file: toWebVtt(transcript, choice.langs.map((l) => [l, cuesOf(transcript, l, 'vtt')] as const)) };
}
