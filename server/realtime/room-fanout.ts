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
  readonly id: string;
  /** Bytes created since the last flush: waiting in Engine.IO's write buffer. */
  queued: number;
  /** Bytes of the last flush: handed to the transport, written once it is writable again. */
  inFlight: number;
}

/** Engine.IO's socket under a Socket.IO socket (`socket.conn`). */
type EngineSocket = IoSocket['conn'];

export interface FanoutStats {
  /** Room messages sent (one per message, however many viewers it reached). */
  sent: number;
  /** Times a viewer was left out of a room message because its backlog was over the limit. */
  skipped: number;
  /** The largest backlog any viewer had, in bytes: at most the limit plus the message that crossed it. */
  largestBacklog: number;
}

/**
 * Sends room messages to the room's viewers on this node through Socket.IO's own local broadcast
 * (`io.local.to(room).emit`: one encoding and one WebSocket frame per message, whatever the number
 * of viewers; `local` because in a cluster every node plays every room for its own viewers), and
 * bounds what a viewer that stops reading can pile up in this process.
 *
 * The backlog is counted from Engine.IO's public socket events, not read from its internals:
 * `packetCreate` adds a packet's size, `flush` moves everything queued to the transport, and the
 * transport's public `writable` says whether that last flush is still being written (Engine.IO
 * flushes again, the whole buffer, as soon as it is); a long-polling viewer that stops polling
 * backs up in the queue. Data already in the kernel's socket buffer
 * is not counted: it costs this process nothing.
 */
export function roomFanout(io: IoServer, limitBytes: number = SLOW_VIEWER_BYTES) {
  const stats: FanoutStats = { sent: 0, skipped: 0, largestBacklog: 0 };
  const backlogs = new WeakMap<EngineSocket, Backlog>();
  /** Viewers whose backlog went over the limit, checked again at each room message. */
  const over = new Map<string, EngineSocket>();

  // A WebSocket transport is writable again once its last write has left the process. Long-polling
  // answers each poll at once and is not writable until the next poll: its last answer is not
  // waiting here, so only what is queued for the next poll counts.
  const unsent = (conn: EngineSocket, backlog: Backlog) =>
    backlog.queued + (conn.transport.writable || conn.transport.name === 'polling' ? 0 : backlog.inFlight);

  // Shared listeners (Engine.IO calls them with the socket as `this`): a viewer costs no closures.
  function onPacketCreate(this: EngineSocket, packet: { data?: unknown }) {
    const backlog = backlogs.get(this);
    if (!backlog) return;
    backlog.queued += byteLength(packet.data);
    const bytes = unsent(this, backlog);
    if (bytes > stats.largestBacklog) stats.largestBacklog = bytes;
    if (bytes > limitBytes) over.set(backlog.id, this);
  }
  function onFlush(this: EngineSocket) {
    const backlog = backlogs.get(this);
    if (!backlog) return;
    backlog.inFlight = backlog.queued;
    backlog.queued = 0;
  }
  function onClose(this: EngineSocket) {
    const backlog = backlogs.get(this);
    if (backlog) over.delete(backlog.id);
  }

  /** Starts counting a new socket's backlog; call once, from the connection handler. */
  const track = (socket: IoSocket) => {
    const conn = socket.conn;
    backlogs.set(conn, { id: socket.id, queued: 0, inFlight: 0 });
    conn.on('packetCreate', onPacketCreate);
    conn.on('flush', onFlush);
    conn.on('close', onClose);
  };

  const send = <E extends keyof ServerToClientEvents>(channel: string, event: E, message: Parameters<ServerToClientEvents[E]>[0]) => {
    const members = io.of('/').adapter.rooms.get(channel);
    if (!members || members.size === 0) return;
    let skip: string[] | undefined;
    for (const [id, conn] of over) {
      const backlog = backlogs.get(conn);
      if (!backlog || unsent(conn, backlog) <= limitBytes) {
        over.delete(id);
      } else if (members.has(id)) {
        (skip ??= []).push(id);
      }
    }
    // Every socket is in a room named by its id, so `except` leaves out exactly those viewers.
    const target = skip ? io.local.to(channel).except(skip) : io.local.to(channel);
    (target.emit as (event: E, message: unknown) => boolean)(event, message);
    stats.sent++;
    stats.skipped += skip?.length ?? 0;
  };

  return { send, track, stats };
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
