'use client';
import type { HandshakeAuth } from '../../../server/protocol';
import { createSocket, type BoothcastSocket } from '../socket';

/**
 * The console's socket: the viewer's socket plus the presenter's proof in the handshake `auth`.
 * No reconnection after `forbidden`: Socket.IO stops on a middleware refusal by itself.
 */
export function createPresenterSocket(room: string, secret: string): BoothcastSocket {
  const auth: HandshakeAuth = { presenter: { room, secret } };
  return createSocket({ auth });
}
