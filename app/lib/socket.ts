'use client';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol';

export type BoothcastSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The one place the browser opens a socket: WebSocket first (captions need no polling round
 * trips), long-polling only where WebSocket is blocked. A presenter passes its proof as `auth`,
 * which travels in the handshake, never in the URL.
 */
export function createSocket(options: { auth?: HandshakeAuth } = {}): BoothcastSocket {
  return io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    ...(options.auth ? { auth: { ...options.auth } } : {}),
  });
}
