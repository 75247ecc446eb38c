import { z } from 'zod';
import { canonicalLanguageTag, MAX_LANGUAGE_TAG_CHARS } from '../../../server/language-tags';

/** Starting a room on a bundled transcript: the same fields as the socket's `room:create`. */
export const BundledRoomRequestSchema = z.strictObject({
  transcriptId: z.string().min(1).max(64),
  loop: z.boolean().optional(),
  autoplay: z.boolean().optional(),
});

/** A checkbox posts "on" (or "true" from script) when ticked and nothing when not. */
const formFlag = z
  .enum(['true', 'false', 'on', '1', '0'])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === 'true' || value === 'on' || value === '1'));

/** The text fields that travel with an upload. */
export const UploadFieldsSchema = z.strictObject({
  loop: formFlag,
  autoplay: formFlag,
  /** The language spoken, any BCP 47 tag (`fr`, `zh-hans` is taken as `zh-Hans`); empty or absent lets the importer tell. */
  sourceLang: z
    .string()
    .max(MAX_LANGUAGE_TAG_CHARS, `a language tag has at most ${MAX_LANGUAGE_TAG_CHARS} characters`)
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const tag = canonicalLanguageTag(value);
      if (tag === undefined) ctx.addIssue({ code: 'custom', message: `"${value}" is not a BCP 47 language tag (en, ru, fr, ar, zh-Hans, pt-BR)` });
      return tag;
    }),
});

/** The first issue of a failed parse, as `{ field, message }` for the error body. */
export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : undefined;
  return { field, message: issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid request' };
}
