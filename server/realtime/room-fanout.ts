import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { PacketType } from 'socket.io-parser';
import { WebSocket, WebSocketServer } from 'ws';
import type { ServerToClientEvents } from '../protocol';
import type { IoServer, IoSocket } from './types';

/**
 * A viewer with more than this many bytes not yet handed to its TCP connection is skipped for room
 * messages until it has caught up. 64 KiB is about a hundred captions (a `caption:segment` is
 * 0.3–1 KiB), minutes of a talk at its real pace, and more than the largest join reply (a
 * snapshot of the latest segments): a viewer on a slow but moving link is never skipped, while one
 * that stopped reading holds at most this much in the server instead of every caption of the talk.
 * What the viewer missed is not lost: its next message shows a gap in `seq` and it rejoins for
 * exactly that (docs/protocol.md, "Rejoining"). `SLOW_VIEWER_BYTES` changes it.
 */
export const SLOW_VIEWER_BYTES = 64 * 1024;

/** What a viewer has queued in Engine.IO, counted from Engine.IO's public socket events. */
interface Backlog {
  readonly conn: EngineSocket;
  readonly id: string;
  /** Bytes created since the last flush: waiting in Engine.IO's write buffer. */
  queued: number;
  /** Bytes of the last flush: handed to the transport, written once it is writable again. */
  inFlight: number;
  /** The viewer's WebSocket, when it connected over one (not upgraded from long-polling). */
  readonly ws: WebSocket | undefined;
}

/** Engine.IO's socket under a Socket.IO socket (`socket.conn`). */
type EngineSocket = IoSocket['conn'];

export interface FanoutStats {
  /** Room messages sent (one per message, however many viewers it reached). */
  sent: number;
  /** Times a viewer was left out of a room message because its backlog was over the limit. */
  skipped: number;
  /** Deliveries (one viewer, one message) written straight to the viewer's WebSocket. */
  direct: number;
  /** Deliveries through Socket.IO and Engine.IO's own path (long-polling, upgraded, or Engine.IO mid-write). */
  throughEngine: number;
  /** The largest backlog any viewer had, in bytes: at most the limit plus the message that crossed it. */
  largestBacklog: number;
}

/**
 * Engine.IO's `wsEngine` (a public server option: "what WebSocket server implementation to use,
 * conforming to the ws interface"): `ws`'s own server, which also notes the WebSocket it opens for
 * each upgrade request, so that the fan-out can send a room message to a viewer's WebSocket with
 * `ws`'s public `send`. Pass `engine` as `wsEngine`; `socketFor` finds the WebSocket of a
 * connection's request (Socket.IO's `socket.request`, read before it is let go of).
 */
export function webSocketEngine() {
  const sockets = new WeakMap<IncomingMessage, WebSocket>();
  class Engine extends WebSocketServer {
    override handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, callback: (ws: WebSocket, request: IncomingMessage) => void): void {
      super.handleUpgrade(request, socket, head, (ws, req) => {
        sockets.set(request, ws);
        callback(ws, req);
      });
    }
  }
  return { engine: Engine, socketFor: (request: IncomingMessage | null | undefined) => (request ? sockets.get(request) : undefined) };
}

/**
 * Sends room messages to the room's viewers on this node (local: in a cluster every node plays
 * every room for its own viewers), and bounds what a viewer that stops reading can pile up in this
 * process.
 *
 * A message is encoded once (Socket.IO's own encoder, the Engine.IO message prefix: the bytes
 * `io.to(room).emit` writes, `42[event,message]`). A viewer that connected over a WebSocket and
 * whose Engine.IO transport is writable (so Engine.IO holds nothing queued for it that this message
 * could overtake) is sent it with `ws`'s `send` on its WebSocket; every other viewer (long-polling,
 * upgraded from long-polling, a write of Engine.IO's still in progress) through Socket.IO's
 * `io.local.to(ids).emit`, behind what Engine.IO already holds. Either way one frame per viewer, in
 * the order the server made them. Engine.IO's own path costs about 1.5× the bare `ws` baseline's
 * CPU per caption (a packet object, four events, a write callback and its tick per viewer and
 * message: bench/README.md); the WebSocket path is the baseline's.
 *
 * The backlog: bytes in Engine.IO's write buffer, counted from its public socket events
 * (`packetCreate` adds a packet's size, `flush` moves everything queued to the transport), plus
 * what is in flight: `ws`'s public `bufferedAmount` for a WebSocket viewer (everything handed to
 * the WebSocket, by either path, that the TCP socket has not passed to the kernel), or for a
 * long-polling one nothing (it answers each poll at once; a viewer that stops polling backs up in
 * the queue). Data already in the kernel's socket buffer is not counted: it costs this process
 * nothing.
 */
export function roomFanout(io: IoServer, limitBytes: number = SLOW_VIEWER_BYTES, socketFor: (request: IncomingMessage | null | undefined) => WebSocket | undefined = () => undefined) {
  const stats: FanoutStats = { sent: 0, skipped: 0, direct: 0, throughEngine: 0, largestBacklog: 0 };
  const backlogs = new WeakMap<EngineSocket, Backlog>();
  /** The same records by socket id, for the room loop (one lookup per viewer and message). */
  const byId = new Map<string, Backlog>();

  const unsent = (conn: EngineSocket, backlog: Backlog) => {
    const engine = conn.transport.writable || conn.transport.name === 'polling' ? 0 : backlog.inFlight;
    return backlog.queued + (backlog.ws ? Math.max(backlog.ws.bufferedAmount, engine) : engine);
  };
  const note = (bytes: number) => {
    if (bytes > stats.largestBacklog) stats.largestBacklog = bytes;
  };

  // Shared listeners (Engine.IO calls them with the socket as `this`): a viewer costs no closures.
  function onPacketCreate(this: EngineSocket, packet: { data?: unknown }) {
    const backlog = backlogs.get(this);
    if (!backlog) return;
    backlog.queued += byteLength(packet.data);
    note(unsent(this, backlog));
  }
  function onClose(this: EngineSocket) {
    const backlog = backlogs.get(this);
    if (backlog) byId.delete(backlog.id);
  }
  function onFlush(this: EngineSocket) {
    const backlog = backlogs.get(this);
    if (!backlog) return;
    backlog.inFlight = backlog.queued;
    backlog.queued = 0;
  }

  /**
   * Starts counting a new socket's backlog; call once, from the connection handler, before the
   * handshake's request is let go of (it finds the viewer's WebSocket).
   */
  const track = (socket: IoSocket) => {
    const conn = socket.conn;
    const ws = conn.transport.name === 'websocket' ? socketFor(socket.request) : undefined;
    const backlog: Backlog = { conn, id: socket.id, queued: 0, inFlight: 0, ws };
    backlogs.set(conn, backlog);
    byId.set(socket.id, backlog);
    conn.on('packetCreate', onPacketCreate);
    conn.on('flush', onFlush);
    conn.once('close', onClose);
  };

  const send = <E extends keyof ServerToClientEvents>(channel: string, event: E, message: Parameters<ServerToClientEvents[E]>[0]) => {
    const members = io.of('/').adapter.rooms.get(channel);
    if (!members || members.size === 0) return;
    let frame: Buffer | undefined;
    let rest: string[] | undefined;
    let skipped = 0;
    let direct = 0;
    for (const id of members) {
      const backlog = byId.get(id);
      if (!backlog) {
        // Not tracked (it joined before track ran, or is closing): Engine.IO's path, as any socket.
        (rest ??= []).push(id);
        continue;
      }
      const conn = backlog.conn;
      if (unsent(conn, backlog) > limitBytes) {
        skipped++;
        continue;
      }
      const ws = backlog.ws;
      if (ws && conn.transport.writable && conn.readyState === 'open' && ws.readyState === WebSocket.OPEN) {
        frame ??= encode(io, event, message);
        ws.send(frame, TEXT);
        direct++;
        note(ws.bufferedAmount);
      } else {
        (rest ??= []).push(id);
      }
    }
    // Every socket is in a room named by its id.
    if (rest) (io.local.to(rest).emit as (event: E, message: unknown) => boolean)(event, message);
    stats.sent++;
    stats.skipped += skipped;
    stats.direct += direct;
    stats.throughEngine += rest?.length ?? 0;
  };

  return { send, track, stats };
}

const TEXT = { binary: false } as const;

/** Exactly what Engine.IO writes for a Socket.IO event in the main namespace: `4` (message) and Socket.IO's encoding. */
function encode(io: IoServer, event: string, message: unknown): Buffer {
  const [packet] = io.encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [event, message] }) as unknown[];
  if (typeof packet !== 'string') throw new Error(`room message ${event} has binary data; room messages are JSON`);
  return Buffer.from(`4${packet}`);
}

/** One-entry cache: a room message is the same string for every viewer it goes to. */
let lastText: string | undefined;
let lastBytes = 0;

/** The size on the wire of an Engine.IO packet's data (a string, or binary). */
function byteLength(data: unknown): number {
  if (typeof data === 'string') {
    if (data !== lastText) {
      lastText = data;
      lastBytes = Buffer.byteLength(data);
    }
    return lastBytes;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
