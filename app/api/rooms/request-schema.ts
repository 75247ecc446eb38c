import { z } from 'zod';

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
  /** The language spoken; empty or absent lets the importer tell. */
  sourceLang: z
    .enum(['en', 'ru', ''])
    .optional()
    .transform((value) => (value ? value : undefined)),
});

/** The first issue of a failed parse, as `{ field, message }` for the error body. */
export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : undefined;
  return { field, message: issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid request' };
}
