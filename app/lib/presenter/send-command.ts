import type { Ack, CommandResult, ProtocolError } from '../../../server/protocol';

/** How long a command waits for its acknowledgement before it is sent again (once). */
export const COMMAND_TIMEOUT_MS = 5_000;
/** The first try and one retry with the same command id: the server applies it at most once. */
export const COMMAND_ATTEMPTS = 2;

export type CommandOutcome =
  | { readonly kind: 'applied'; readonly result: CommandResult }
  | { readonly kind: 'rejected'; readonly error: ProtocolError }
  /** Not sent: the socket is not connected. Never queued, so nothing stale plays out on reconnect. */
  | { readonly kind: 'offline' }
  | { readonly kind: 'timeout' };

export interface CommandTransport {
  /** Checked before every attempt: socket.io-client buffers emits while offline, and a buffered command would be stale. */
  isConnected(): boolean;
  /** One attempt; rejects when no acknowledgement came within the timeout. Always the same payload (same command id). */
  emit(): Promise<Ack<CommandResult>>;
}

export async function sendCommand(transport: CommandTransport, attempts = COMMAND_ATTEMPTS): Promise<CommandOutcome> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (!transport.isConnected()) return { kind: 'offline' };
    let reply: Ack<CommandResult>;
    try {
      reply = await transport.emit();
    } catch {
      continue;
    }
    return reply.ok ? { kind: 'applied', result: reply.data } : { kind: 'rejected', error: reply.error };
  }
  return { kind: 'timeout' };
}
