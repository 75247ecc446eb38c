import { z } from 'zod';

/** Client payloads, checked before any logic runs. Strict: unknown keys are an error, not ignored. */
export const JoinRequestSchema = z.strictObject({
  room: z.string().min(1).max(16),
  protocolVersion: z.int().positive(),
  lastSeq: z.int().nonnegative().optional(),
});

export const TimeSyncRequestSchema = z.strictObject({});
