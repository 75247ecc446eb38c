import { PROTOCOL_VERSION, type Ack, type JoinResult, type ProtocolError } from '../../server/protocol';
import { startClockSync, type SyncSocket } from './clock-sync-loop';
import { JOIN_REPLY_TIMEOUT_MS } from './reconnect-policy';

/** What the connection needs of a Socket.IO client socket (socket.ts); a test passes a fake. */
export interface ConnectionSocket extends SyncSocket {
  /** False once Socket.IO has given up (a refused handshake, or `disconnect()`): no retry is coming. */
  readonly active: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  emit(event: 'room:join', request: { room: string; protocolVersion: number; lastSeq?: number; stream?: string }, ack: (reply: Ack<JoinResult>) => void): unknown;
  removeAllListeners(): unknown;
  disconnect(): unknown;
}

export interface RoomConnectionHandlers {
  /**
   * Where the client is in the room's message stream (docs/protocol.md, "Rejoin"): asked at every
   * join, so a rejoin after a drop or a gap resumes from the last applied `seq`. Left out (or
   * `undefined`, as before the first join) for a fresh snapshot every time.
   */
  resumeFrom?(): { lastSeq: number; stream: string } | undefined;
  joined(result: JoinResult): void;
  joinFailed(error: ProtocolError): void;
  /** The socket dropped or could not connect: `reconnecting` while Socket.IO retries, else `offline`. */
  dropped(status: 'reconnecting' | 'offline', error?: Error): void;
  /** A new estimate of server time minus client time (clock-sync-loop.ts). */
  offset(offsetMs: number): void;
}

export interface RoomConnection {
  /** Joins again now, from `resumeFrom()`: after a gap in the sequence. Does nothing while disconnected. */
  rejoin(): void;
  /** Stops the clock sync, forgets every listener and closes the socket. */
  close(): void;
}

/**
 * The one connection of the browser's viewer, console and embed to a room: joins on every
 * (re)connect, resuming from the last applied sequence number, keeps the server-clock estimate
 * fresh while connected, and reports drops. Reconnection itself is Socket.IO's, with the backoff of
 * reconnect-policy.ts (socket.ts). Room messages (`caption:segment`, `clock:changed`, …) stay the
 * caller's: it adds its own listeners to the socket.
 */
export function connectRoom(socket: ConnectionSocket, room: string, handlers: RoomConnectionHandlers): RoomConnection {
  let stopSync: (() => void) | undefined;
  // A join is awaiting its reply while `awaiting` is set; the first reply to arrive for this
  // connection's latest joins is applied, any later one ignored (docs/protocol.md, "Rejoining").
  let awaiting = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const stopRetry = () => {
    clearTimeout(retry);
    retry = undefined;
  };
  const join = () => {
    awaiting = true;
    stopRetry();
    // An overloaded server (a reconnect storm) may answer late, or a reply may be lost with a
    // server that restarts between our connect and our join: ask again rather than wait forever.
    retry = setTimeout(() => {
      retry = undefined;
      if (awaiting && socket.connected) join();
    }, JOIN_REPLY_TIMEOUT_MS);
    socket.emit('room:join', { room, protocolVersion: PROTOCOL_VERSION, ...handlers.resumeFrom?.() }, (reply) => {
      if (!awaiting) return;
      awaiting = false;
      stopRetry();
      if (reply.ok) handlers.joined(reply.data);
      else handlers.joinFailed(reply.error);
    });
  };
  const dropped = (error?: Error) => handlers.dropped(socket.active ? 'reconnecting' : 'offline', error);
  socket.on('connect', () => {
    join();
    stopSync?.();
    stopSync = startClockSync(socket, handlers.offset);
  });
  socket.on('disconnect', () => {
    // A reply to a join of the old connection would describe a socket that is gone.
    awaiting = false;
    stopRetry();
    dropped();
  });
  socket.on('connect_error', dropped);
  return {
    rejoin: () => {
      if (socket.connected) join();
    },
    close: () => {
      awaiting = false;
      stopRetry();
      stopSync?.();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
