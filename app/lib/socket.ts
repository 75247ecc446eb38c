'use client';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/protocol';

export type BoothcastSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The one place the browser opens a socket: WebSocket first (captions need no polling round
 * trips), long-polling only where WebSocket is blocked.
 */
export function createSocket(): BoothcastSocket {
  return io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}
