/**
 * A viewer that reconnects exactly as the browser's socket does (socket.io-client's own reconnection
 * with RECONNECT_OPTIONS, the same transports) and writes down every room message as it came off
 * the wire, before any rule of the protocol has dropped or merged one: the join replies (snapshot
 * or resume) and each `caption:segment` and `clock:changed`, with the time it arrived. The tests
 * judge that record, not a cleaned-up state.
 */
import { io, type Socket } from 'socket.io-client';
import { RECONNECT_OPTIONS } from '../../app/lib/reconnect-policy';
import type { HistoryEntry } from './doc-client';

interface WireSegment {
  seq: number;
  epoch: number;
  segment: { index: number };
}
interface WireClock {
  seq: number;
  clock: { epoch: number };
}
type RoomMessage = { type: 'segment'; message: WireSegment } | { type: 'clock'; message: WireClock };
type JoinData =
  | { mode: 'snapshot'; snapshot: { stream: string; seq: number; clock: { epoch: number }; segments: WireSegment[] } }
  | { mode: 'resume'; stream: string; clock: { epoch: number }; messages: RoomMessage[] };

/** One thing the viewer received, `atMs` on `performance.now()`. */
export type WireEntry =
  | { kind: 'join'; atMs: number; connection: number; data: JoinData }
  | { kind: 'segment'; atMs: number; connection: number; message: WireSegment }
  | { kind: 'clock'; atMs: number; connection: number; message: WireClock };

export class WireViewer {
  readonly socket: Socket;
  readonly record: WireEntry[] = [];
  /** How many times the socket connected. */
  connections = 0;
  private stream: string | undefined;
  private lastSeq = 0;

  constructor(url: string, room: string) {
    // As app/lib/socket.ts opens it in a browser, but pointed at `url`.
    this.socket = io(url, { transports: ['websocket', 'polling'], tryAllTransports: true, forceNew: true, ...RECONNECT_OPTIONS });
    this.socket.on('connect', () => {
      const connection = ++this.connections;
      const request = { room, protocolVersion: 2, ...(this.stream === undefined ? {} : { lastSeq: this.lastSeq, stream: this.stream }) };
      this.socket.emit('room:join', request, (reply: { ok: boolean; data?: JoinData; error?: unknown }) => {
        if (!reply.ok || !reply.data) throw new Error(`join failed: ${JSON.stringify(reply.error)}`);
        this.record.push({ kind: 'join', atMs: performance.now(), connection, data: reply.data });
        this.lastSeq = reply.data.mode === 'snapshot' ? reply.data.snapshot.seq : (reply.data.messages.at(-1)?.message.seq ?? this.lastSeq);
        this.stream = reply.data.mode === 'snapshot' ? reply.data.snapshot.stream : reply.data.stream;
      });
    });
    this.socket.on('caption:segment', (message: WireSegment) => {
      this.record.push({ kind: 'segment', atMs: performance.now(), connection: this.connections, message });
      this.lastSeq = Math.max(this.lastSeq, message.seq);
    });
    this.socket.on('clock:changed', (message: WireClock) => {
      this.record.push({ kind: 'clock', atMs: performance.now(), connection: this.connections, message });
      this.lastSeq = Math.max(this.lastSeq, message.seq);
    });
  }

  /** When this viewer first had a caption to show after `sinceMs`: a join reply carrying one, or a live one. */
  captionsAt(sinceMs: number): number | undefined {
    return this.record.find((e) => e.atMs >= sinceMs && segmentsOf(e).length > 0)?.atMs;
  }

  close(): void {
    this.socket.disconnect();
  }
}

function segmentsOf(entry: WireEntry): WireSegment[] {
  if (entry.kind === 'segment') return [entry.message];
  if (entry.kind === 'clock') return [];
  if (entry.data.mode === 'snapshot') return entry.data.snapshot.segments;
  return entry.data.messages.flatMap((m) => (m.type === 'segment' ? [m.message] : []));
}

/**
 * Sequence problems on the wire, per connection: after its join reply, every room message must
 * carry the next `seq`, one more than the last (a snapshot's `seq`, or a resume's last message).
 * A number skipped is a gap; one seen again is a duplicate. Messages before a connection's join
 * reply cannot be placed and are reported as well.
 */
export function wireProblems(record: readonly WireEntry[]): string[] {
  const problems: string[] = [];
  let connection = 0;
  let lastSeq: number | undefined;
  for (const entry of record) {
    if (entry.kind === 'join') {
      connection = entry.connection;
      const d = entry.data;
      if (d.mode === 'snapshot') lastSeq = d.snapshot.seq;
      else {
        // A resume's messages follow on from the seq the viewer sent.
        for (const m of d.messages) {
          if (lastSeq !== undefined && m.message.seq !== lastSeq + 1) problems.push(`connection ${connection}: resume went from seq ${lastSeq} to ${m.message.seq}`);
          lastSeq = m.message.seq;
        }
      }
      continue;
    }
    if (entry.connection !== connection || lastSeq === undefined) {
      problems.push(`connection ${entry.connection}: seq ${entry.message.seq} before its join reply`);
      continue;
    }
    const seq = entry.message.seq;
    if (seq <= lastSeq) problems.push(`connection ${connection}: seq ${seq} again (duplicate)`);
    else if (seq > lastSeq + 1) problems.push(`connection ${connection}: gap from seq ${lastSeq} to ${seq}`);
    lastSeq = Math.max(lastSeq, seq);
  }
  return problems;
}

/**
 * The captions as they arrived, every one, in the shape doc-client's history checker reads: a
 * fresh snapshot opens its epoch, then each segment of the record (snapshot, resume, live) in
 * order, duplicates kept.
 */
export function rawHistory(record: readonly WireEntry[]): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  for (const entry of record) {
    if (entry.kind === 'join' && entry.data.mode === 'snapshot') {
      history.push({ kind: 'clock', seq: entry.data.snapshot.seq, epoch: entry.data.snapshot.clock.epoch });
    }
    if (entry.kind === 'clock') history.push({ kind: 'clock', seq: entry.message.seq, epoch: entry.message.clock.epoch });
    for (const m of segmentsOf(entry)) history.push({ kind: 'segment', seq: m.seq, epoch: m.epoch, index: m.segment.index });
  }
  return history;
}
