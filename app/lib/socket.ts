'use client';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol';
import { RECONNECT_OPTIONS } from './reconnect-policy';

export type BoothcastSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The one place the browser opens a socket (viewer, console and embed): WebSocket first (captions
 * need no polling round trips), long-polling only where WebSocket is blocked; after a drop, retries
 * soon and with jitter (reconnect-policy.ts). A presenter passes its proof as `auth`, which travels
 * in the handshake, never in the URL.
 */
export function createSocket(options: { auth?: HandshakeAuth } = {}): BoothcastSocket {
  return io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    ...RECONNECT_OPTIONS,
    ...(options.auth ? { auth: { ...options.auth } } : {}),
  });
}
