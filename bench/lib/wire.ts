import { PROTOCOL_VERSION, type ClockMessage, type RoomMessage, type SegmentMessage } from '../../server/protocol';
import type { WireClock } from './due-time';

/**
 * The Socket.IO v4 / Engine.IO v4 packets a viewer exchanges over a raw WebSocket, as text:
 * `0{…}` open, `40` connect, `420[…]` an event with ack id 0, `430[…]` its ack, `2`/`3` ping/pong,
 * `42[…]` an event. Building and cheap parsing; no socket.io-client.
 */
export const ENGINE_PONG = '3';
export const SIO_CONNECT = '40';

export function joinPacket(room: string, protocolVersion = PROTOCOL_VERSION, ackId = 0): string {
  return `42${ackId}${JSON.stringify(['room:join', { room, protocolVersion }])}`;
}

/** The join of a client that reconnects after a drop: it asks for what it missed after `lastSeq` of `stream`. */
export function rejoinPacket(room: string, lastSeq: number, stream: string, ackId = 0): string {
  return `42${ackId}${JSON.stringify(['room:join', { room, protocolVersion: PROTOCOL_VERSION, lastSeq, stream }])}`;
}

/** Exactly what Socket.IO writes for `io.to(room).emit('caption:segment', message)`. */
export function segmentPacket(message: SegmentMessage): string {
  return `42${JSON.stringify(['caption:segment', message])}`;
}

export function clockPacket(message: ClockMessage): string {
  return `42${JSON.stringify(['clock:changed', message])}`;
}

export interface SegmentHead {
  readonly seq: number;
  readonly epoch: number;
  readonly dueMs: number;
}

const SEGMENT_PREFIX = '42["caption:segment",';
const SEGMENT_HEAD = /^42\["caption:segment",\{"seq":(\d+),"epoch":(\d+),"dueMs":(\d+)/u;
/** Enough of a segment packet to read seq, epoch and dueMs (they come first, in this order). */
export const SEGMENT_HEAD_BYTES = 96;

export function isSegmentPacket(text: string): boolean {
  return text.startsWith(SEGMENT_PREFIX);
}

/** seq, epoch and dueMs of a `caption:segment` packet (or its first bytes), or null. */
export function parseSegmentHead(text: string): SegmentHead | null {
  const match = SEGMENT_HEAD.exec(text);
  if (!match) return null;
  return { seq: Number(match[1]), epoch: Number(match[2]), dueMs: Number(match[3]) };
}

/** The `clock:changed` packet's seq and clock, or null for any other packet. */
export function parseClockPacket(text: string): { seq: number; clock: WireClock } | null {
  if (!text.startsWith('42["clock:changed",')) return null;
  const [, message] = JSON.parse(text.slice(2)) as [string, ClockMessage];
  return { seq: message.seq, clock: message.clock };
}

export type JoinAck =
  /** `segmentSeqs`: the seq of each segment the snapshot carries, so a catch-up that re-sends can be counted. */
  | { readonly ok: true; readonly mode: 'snapshot'; readonly stream: string; readonly seq: number; readonly clock: WireClock; readonly segmentSeqs: readonly number[] }
  | { readonly ok: true; readonly mode: 'resume'; readonly stream: string; readonly clock: WireClock; readonly messages: readonly RoomMessage[] }
  | { readonly ok: false; readonly error: string };

/** The ack `43<id>[{ok, data}]` of a join sent as `42<id>…` (id 0, or more for a join sent again), in either mode (docs/protocol.md). */
export function parseJoinAck(text: string): JoinAck | null {
  const head = /^43\d+\[/u.exec(text.slice(0, 24));
  if (!head) return null;
  const [reply] = JSON.parse(text.slice(head[0].length - 1)) as [
    | { ok: true; data: { mode: 'snapshot'; snapshot: { stream: string; seq: number; clock: WireClock; segments: { seq: number }[] } } | { mode: 'resume'; stream: string; clock: WireClock; messages: RoomMessage[] } }
    | { ok: false; error: { code: string } },
  ];
  if (!reply.ok) return { ok: false, error: reply.error.code };
  const data = reply.data;
  if (data.mode === 'resume') return { ok: true, mode: 'resume', stream: data.stream, clock: data.clock, messages: data.messages };
  const { stream, seq, clock, segments } = data.snapshot;
  return { ok: true, mode: 'snapshot', stream, seq, clock, segmentSeqs: segments.map((m) => m.seq) };
}
