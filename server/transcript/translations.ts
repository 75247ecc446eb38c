import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_EVS_MS, MIN_EVS_MS, type Lang } from './caption-style';
import { LangSchema } from './model';
import { SOUND_EVENT_NAMES } from './sound-events';

/**
 * Hand-written translations live beside the compiled transcripts, one file per transcript and
 * language (`data/translations/<id>.<lang>.json`), keyed by segment id: one file is one booth.
 * Each entry keeps the source text it was translated from, so re-importing the source never loses
 * a translation, and a changed source sentence is caught instead of shown with a stale translation.
 * The booth may also bring its own ear-voice span, its speakers' labels and its sound labels in
 * its language.
 */
export const TranslationFileSchema = z.strictObject({
  transcript: z.string(),
  lang: LangSchema,
  title: z.string().min(1).optional(),
  /** This booth's ear-voice span: how far its interpretation trails the source (2–4 s). */
  evsMs: z.int().min(MIN_EVS_MS).max(MAX_EVS_MS).optional(),
  /** Speaker labels in this language, by speaker id: the caption label and the short name for `>> NAME:`. */
  speakers: z
    .record(z.string(), z.strictObject({ label: z.string().min(1).optional(), short: z.string().min(1).optional() }))
    .optional(),
  /** Sound-event labels in this language (`"laughter": "[rires]"`), for events the built-in table has no label for in it. */
  sounds: z.partialRecord(z.enum(SOUND_EVENT_NAMES), z.string().min(1)).optional(),
  segments: z.record(z.string(), z.strictObject({ source: z.string().min(1), text: z.string().min(1) })),
});
export type TranslationFile = z.infer<typeof TranslationFileSchema>;

export interface TranslationProblem {
  /** The segment at fault, or `speakers.<id>` for a speaker label. */
  readonly segmentId: string;
  readonly lang: Lang;
  readonly code: 'missing' | 'stale' | 'orphan';
  readonly message: string;
}

export function translationPath(dir: string, transcriptId: string, lang: Lang): string {
  return path.join(dir, `${transcriptId}.${lang}.json`);
}

/**
 * Every translation file of a transcript in `dir` (`<id>.<lang>.json`), by language, in the order of
 * their tags. A file that is not valid, names another transcript or language, or spells its tag
 * in a form that is not canonical (`zh-hans`) is an error naming the file.
 */
export function loadTranslations(dir: string, transcriptId: string): Partial<Record<Lang, TranslationFile>> {
  const found: Partial<Record<Lang, TranslationFile>> = {};
  if (!existsSync(dir)) return found;
  const prefix = `${transcriptId}.`;
  const names = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json') && name.length > prefix.length + '.json'.length)
    .sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const lang = name.slice(prefix.length, -'.json'.length);
    if (!LangSchema.safeParse(lang).success) {
      throw new Error(`${file}: the file name must end in .<language>.json with a BCP 47 tag in canonical form (en, ru, zh-Hans), not "${lang}"`);
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = TranslationFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    if (parsed.data.lang !== lang || parsed.data.transcript !== transcriptId) {
      throw new Error(`${file}: says it is "${parsed.data.transcript}" in "${parsed.data.lang}"`);
    }
    found[lang] = parsed.data;
  }
  return found;
}
