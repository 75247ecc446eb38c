import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Lang } from './caption-style';
import { LangSchema } from './model';

/**
 * Hand-written translations live beside the compiled transcripts, one file per transcript and
 * language (`data/translations/<id>.<lang>.json`), keyed by segment id. Each entry keeps the source
 * text it was translated from, so re-importing the source never loses a translation, and a changed
 * source sentence is caught instead of shown with a stale translation.
 */
export const TranslationFileSchema = z.strictObject({
  transcript: z.string(),
  lang: LangSchema,
  title: z.string().min(1).optional(),
  segments: z.record(z.string(), z.strictObject({ source: z.string().min(1), text: z.string().min(1) })),
});
export type TranslationFile = z.infer<typeof TranslationFileSchema>;

export interface TranslationProblem {
  readonly segmentId: string;
  readonly lang: Lang;
  readonly code: 'missing' | 'stale' | 'orphan';
  readonly message: string;
}

export function translationPath(dir: string, transcriptId: string, lang: Lang): string {
  return path.join(dir, `${transcriptId}.${lang}.json`);
}

export function loadTranslations(dir: string, transcriptId: string, langs: readonly Lang[]): Partial<Record<Lang, TranslationFile>> {
  const found: Partial<Record<Lang, TranslationFile>> = {};
  for (const lang of langs) {
    const file = translationPath(dir, transcriptId, lang);
    if (!existsSync(file)) continue;
    const parsed = TranslationFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
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
