import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';
import type { SocketBuckets } from './rate-limit';

/**
 * The socket types every module of server/realtime shares. They live here, not in
 * create-realtime.ts, so that the handlers, the fan-out and presence import nothing back from the
 * module that wires them (test/unit/realtime/import-cycles.test.ts keeps it so).
 */
export interface SocketData {
  room?: string;
  /**
   * The rooms this socket presents, each with the secret hash it proved: the one its handshake
   * named, and every room it created (a teacher who opens a second room keeps the first).
   */
  presenting?: Map<string, string>;
  /** Who the client is, for per-address limits (client-address.ts). */
  address: string;
  buckets: SocketBuckets;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An event handler: answers at once or later with what the ack carries. */
export type Handler = (socket: IoSocket, payload: unknown) => unknown;
