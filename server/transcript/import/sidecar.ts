import { z } from 'zod';
import { MAX_EVS_MS, MIN_EVS_MS } from '../caption-style';
import { LangSchema } from '../model';
import { cleanLine } from './clean-text';

/** Text shown to viewers: JSON escapes can spell invisible characters (`\u202e`), removed after parsing. */
const ShownText = z
  .string()
  .transform((text) => cleanLine(text).trim())
  .pipe(z.string().min(1, 'empty once invisible characters are removed'));
const TextByLang = z.partialRecord(LangSchema, ShownText);

/**
 * Optional `<name>.json` beside a source file: what the text itself cannot tell the importer.
 * Strict, so a misspelt key is reported instead of silently ignored.
 */
export const SidecarSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/u, 'lower-case letters, digits and hyphens').optional(),
  title: ShownText.optional(),
  languages: z.array(LangSchema).min(1).optional(),
  interpretedFrom: LangSchema.optional(),
  /** Timed captions: every speaker they name must be in `speakers`. */
  requireKnownSpeakers: z.boolean().optional(),
  evsMs: z.int().min(MIN_EVS_MS).max(MAX_EVS_MS).optional(),
  speakers: z
    .record(
      z.string(),
      z.strictObject({
        label: TextByLang.optional(),
        short: TextByLang.optional(),
        role: z.enum(['moderator', 'journalist', 'principal']).optional(),
      }),
    )
    .optional(),
});
export type Sidecar = z.infer<typeof SidecarSchema>;
