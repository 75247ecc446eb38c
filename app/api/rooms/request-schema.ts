import { z } from 'zod';
import { canonicalLanguageTag, MAX_LANGUAGE_TAG_CHARS } from '../../../server/language-tags';
import { cleanLine } from '../../../server/transcript/import/clean-text';
import { MAX_SPEAKER_NAME_CHARS, MAX_TITLE_CHARS } from '../../../server/transcript/import/speaker-names';

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

/** Text a presenter typed, as viewers will see it: invisible characters removed (clean-text.ts), trimmed, bounded. */
const shownText = (max: number) =>
  z
    .string()
    .transform((text) => cleanLine(text).replace(/\s+/gu, ' ').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`));

/** Speaker ids as the importers make them (`kirby`, `de-mistura`, `question-olga-golovanova`). */
const SPEAKER_ID = /^[\p{Ll}\p{Lo}\d][\p{Ll}\p{Lo}\p{M}\d-]{0,79}$/u;
/** Speakers one upload may rename: far more than any briefing has, small enough to check at once. */
const MAX_RENAMED_SPEAKERS = 200;
/** The JSON of `speakerNames`: every name at its longest, with its id and quotes. */
const MAX_SPEAKER_NAMES_CHARS = MAX_RENAMED_SPEAKERS * (MAX_SPEAKER_NAME_CHARS + 100);

/** `{"kirby": "John Kirby"}`: the presenter's display name for each speaker id, as a form field. */
const SpeakerNamesField = z
  .string()
  .max(MAX_SPEAKER_NAMES_CHARS, `at most ${MAX_SPEAKER_NAMES_CHARS} characters`)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of speaker id to name' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string().regex(SPEAKER_ID, 'not a speaker id'), shownText(MAX_SPEAKER_NAME_CHARS))
      .refine((names) => Object.keys(names).length <= MAX_RENAMED_SPEAKERS, `at most ${MAX_RENAMED_SPEAKERS} speakers`),
  );

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
  /** Import and report (title, languages, speakers, warnings) without keeping anything or starting a room. */
  preview: formFlag,
  /** The room's title, as the presenter set it; else the importer's (the heading, or the file name). */
  title: shownText(MAX_TITLE_CHARS).optional(),
  speakerNames: SpeakerNamesField.optional(),
});

/** The first issue of a failed parse, as `{ field, message }` for the error body. */
export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : undefined;
  return { field, message: issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid request' };
}
