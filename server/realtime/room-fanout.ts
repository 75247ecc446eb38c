import type { Socket as NetSocket } from 'node:net';
import * as ws from 'ws';
import { PacketType } from 'socket.io-parser';
import type { ServerToClientEvents } from '../protocol';
import type { IoServer } from './create-realtime';

/**
 * Sends one room message to every member of a Socket.IO room on this node, framing it once.
 *
 * Socket.IO encodes a broadcast once per room, but then hands it to each socket's Engine.IO
 * layer: per viewer a packet object, a write buffer, a flush, a two-buffer writev and a chain of
 * write callbacks. With 10,000 viewers that per-viewer machinery cost a third more CPU than a bare
 * `ws` loop (bench/results). A viewer whose WebSocket is idle has nothing buffered above its TCP
 * socket, so the finished WebSocket frame can be written to that socket directly: the same bytes
 * Socket.IO would send, in the same order. Every other viewer (HTTP long-polling, an upgrade in
 * progress, Engine.IO packets still waiting) takes Socket.IO's own path.
 *
 * The checks read Engine.IO's and ws's internal fields (pinned versions; the fan-out test fails
 * if an upgrade renames them, because the direct path then stops being taken).
 *
 * With `SOCKET_ENGINE=uws` there is no `ws` underneath, and Socket.IO's own room broadcast is
 * already framed once (below).
 */
export function roomFanout(io: IoServer, engine: 'node' | 'uws' = 'node') {
  const stats = { direct: 0, socketIo: 0, published: 0 };

  if (engine === 'uws') {
    // Under µWebSockets.js, Socket.IO already does this: a room broadcast is encoded once and
    // published to the room's topic, which µWebSockets.js frames once and writes to every
    // WebSocket member in native code; long-polling members get Socket.IO's usual write. `local`:
    // in a cluster every node plays every room for its own viewers.
    const publish = <E extends keyof ServerToClientEvents>(channel: string, event: E, message: Parameters<ServerToClientEvents[E]>[0]) => {
      const members = io.of('/').adapter.rooms.get(channel);
      if (!members || members.size === 0) return;
      (io.local.to(channel).emit as (event: E, message: unknown) => boolean)(event, message);
      stats.published++;
    };
    return { send: publish, stats };
  }

  const send = <E extends keyof ServerToClientEvents>(channel: string, event: E, message: Parameters<ServerToClientEvents[E]>[0]) => {
    const members = io.of('/').adapter.rooms.get(channel);
    if (!members || members.size === 0) return;
    const encoded = frameOf(io, event, message);
    const sockets = io.of('/').sockets;
    for (const id of members) {
      const socket = sockets.get(id);
      if (!socket) continue;
      const tcp = encoded ? idleWebSocketOf(socket.conn) : undefined;
      if (tcp && encoded) {
        tcp.write(encoded);
        stats.direct++;
      } else {
        (socket.emit as (event: E, message: unknown) => boolean)(event, message);
        stats.socketIo++;
      }
    }
  };

  return { send, stats };
}

// ws frames the message (its types do not declare Sender, which its ES module exports).
const sender = (ws as unknown as { Sender?: { frame?(data: Buffer, options: FrameOptions): Buffer[] } }).Sender;
if (typeof sender?.frame !== 'function') throw new Error('room-fanout: the ws package no longer exports Sender.frame');
const frame = sender.frame.bind(sender);
interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}

/** The complete WebSocket text frame of a Socket.IO event, or undefined when it is not one text packet. */
function frameOf(io: IoServer, event: string, message: unknown): Buffer | undefined {
  const encoded = io.encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [event, message] });
  if (encoded.length !== 1 || typeof encoded[0] !== 'string') return undefined;
  // '4' is Engine.IO's "message" packet type; the frame is unmasked, as a server's must be.
  const data = Buffer.from(`4${encoded[0]}`);
  return Buffer.concat(frame(data, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
}

/** The parts of Engine.IO's socket and of ws that decide whether a direct write keeps the order. */
interface EngineSocketState {
  readonly readyState?: string;
  readonly upgrading?: boolean;
  readonly writeBuffer?: readonly unknown[];
  readonly transport?: {
    readonly name?: string;
    readonly writable?: boolean;
    readonly socket?: {
      readonly readyState?: number;
      readonly _socket?: NetSocket;
      readonly _sender?: { readonly _queue?: readonly unknown[]; readonly _state?: number };
    };
  };
}

/** The TCP socket under an open, idle WebSocket transport, or undefined when anything may be pending above it. */
export function idleWebSocketOf(conn: unknown): NetSocket | undefined {
  const engine = conn as EngineSocketState;
  if (engine.readyState !== 'open' || engine.upgrading !== false || engine.writeBuffer?.length !== 0) return undefined;
  const transport = engine.transport;
  // `writable` is false while Engine.IO's own last write has not completed.
  if (transport?.name !== 'websocket' || transport.writable !== true) return undefined;
  const socket = transport.socket;
  if (socket?.readyState !== ws.WebSocket.OPEN || socket._sender?._queue?.length !== 0 || socket._sender._state !== 0) return undefined;
  const tcp = socket._socket;
  if (!tcp || tcp.destroyed || !tcp.writable) return undefined;
  return tcp;
}
