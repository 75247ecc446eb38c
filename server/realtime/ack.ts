import type { z } from 'zod';
import type { Ack, ErrorCode, ProtocolError } from '../protocol';

export type AckFn<T> = (reply: Ack<T>) => void;

export function fail(code: ErrorCode, message: string, field?: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** The first schema problem as a typed error naming the field, never an internal message. */
export function invalidPayload(error: z.ZodError): { ok: false; error: ProtocolError } {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  return fail('invalid-payload', issue ? issue.message : 'invalid payload', field);
}

/**
 * Splits Socket.IO handler arguments into the payload and the ack, whatever a client sent: the
 * ack is the last argument only when it is a function.
 */
export function payloadAndAck(args: unknown[]): { payload: unknown; ack?: (reply: unknown) => void; arity: number } {
  const last = args.at(-1);
  if (typeof last === 'function') {
    return { payload: args[0], ack: last as (reply: unknown) => void, arity: args.length - 1 };
  }
  return { payload: args[0], arity: args.length };
}
