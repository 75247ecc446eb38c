import { z } from 'zod';
import { MAX_RATE, MIN_RATE } from '../replay/clock';

/** Client payloads, checked before any logic runs. Strict: unknown keys are an error, not ignored. */
const room = z.string().min(1).max(16);
/** A command id names one click for retries: long enough not to collide, short enough to keep 256 of them per room. */
export const MIN_COMMAND_ID_LENGTH = 8;
export const MAX_COMMAND_ID_LENGTH = 64;
const commandId = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9_-]{${MIN_COMMAND_ID_LENGTH},${MAX_COMMAND_ID_LENGTH}}$`, 'u'),
    `${MIN_COMMAND_ID_LENGTH} to ${MAX_COMMAND_ID_LENGTH} letters, digits, _ or -`,
  );

export const JoinRequestSchema = z.strictObject({
  room,
  protocolVersion: z.int().positive(),
  lastSeq: z.int().nonnegative().optional(),
  stream: z.string().max(64).optional(),
});

export const CreateRoomRequestSchema = z.strictObject({
  transcriptId: z.string().min(1).max(64),
  loop: z.boolean().optional(),
  autoplay: z.boolean().optional(),
});

export const TimeSyncRequestSchema = z.strictObject({});

export const CommandSchema = z.strictObject({ room, commandId });
export const SeekRequestSchema = z.union([
  z.strictObject({ room, commandId, positionMs: z.number().finite().nonnegative() }),
  z.strictObject({ room, commandId, segmentIndex: z.int().nonnegative() }),
  z.strictObject({ room, commandId, segmentId: z.string().min(1).max(64) }),
]);
export const RateRequestSchema = z.strictObject({ room, commandId, rate: z.number().min(MIN_RATE).max(MAX_RATE) });
export const LoopRequestSchema = z.strictObject({ room, commandId, loop: z.boolean() });

export const HandshakeAuthSchema = z.object({
  presenter: z.strictObject({ room, secret: z.string().min(1).max(128) }).optional(),
});
