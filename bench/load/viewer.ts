/**
 * One raw-WebSocket viewer of a load worker: its socket (Engine.IO v4 by hand for our server,
 * `/?room=CODE` for the baseline), the room clock, the `stream` and last `seq` it applied, and the
 * protocol's sequence rules (docs/protocol.md). What a message means for a measurement is the
 * worker's business: the viewer hands it to a ViewerSink.
 */
import WebSocket from 'ws';
import { wallNowMs, type WireClock } from '../lib/due-time';
import { ENGINE_PONG, joinPacket, parseClockPacket, parseJoinAck, parseSegmentHead, rejoinPacket, SEGMENT_HEAD_BYTES, SIO_CONNECT, type JoinAck, type SegmentHead } from '../lib/wire';
import type { WorkerPlan } from './protocol';

const CH_0 = 0x30; // '0' Engine.IO open
const CH_2 = 0x32; // '2' ping, or the '2' of a Socket.IO event
const CH_3 = 0x33;
const CH_4 = 0x34; // '4' Engine.IO message

export interface Viewer {
  readonly room: string;
  /** The current socket; undefined while the viewer is dropped. */
  ws: WebSocket | undefined;
  clock: WireClock | undefined;
  /** The `stream` of the last join reply (our server only); a rejoin sends it with `lastSeq`. */
  stream: string | undefined;
  lastSeq: number;
  joined: boolean;
}

/**
 * How a join was answered: our server's two modes. The baseline has no resume: its clock packet
 * on connect is a fresh start, counted as a snapshot.
 */
export type JoinMode = 'resume' | 'snapshot';

/**
 * A join's mode, how many missed messages a resume carried (0 for a snapshot), the size of the
 * reply that was applied (bytes of its frame; 0 for the baseline), and how many times the join
 * was sent again because its reply had not come (app/lib/room-connection.ts does the same).
 */
export interface Joined {
  readonly mode: JoinMode;
  readonly resumed: number;
  readonly replyBytes: number;
  readonly resends: number;
}

export interface ViewerSink {
  /** `count` sequence numbers skipped: messages the viewer never received, live or in a join reply. */
  gap(count: number): void;
  /** A message whose seq the viewer had already applied (the protocol ignores it). */
  duplicate(): void;
  /** A live caption, in order or after a gap, never a duplicate. */
  segment(v: Viewer, head: SegmentHead, receivedAt: number): void;
  /** The socket of a joined viewer closed (not one the worker dropped on purpose). */
  closed(v: Viewer): void;
}

export function newViewer(room: string): Viewer {
  return { room, ws: undefined, clock: undefined, stream: undefined, lastSeq: -1, joined: false };
}

/** The protocol's rules for a room message: false for a duplicate; a skip is counted, then applied (the bench does not rejoin on a gap). */
function inSequence(v: Viewer, seq: number, sink: ViewerSink): boolean {
  if (v.lastSeq >= 0 && seq <= v.lastSeq) {
    sink.duplicate();
    return false;
  }
  if (v.lastSeq >= 0 && seq > v.lastSeq + 1) sink.gap(seq - v.lastSeq - 1);
  v.lastSeq = seq;
  return true;
}

/**
 * Segments an epoch catch-up re-sent: a snapshot of the viewer's own stream and epoch must carry
 * only the segments after its last seq (docs/protocol.md); a fresh snapshot (another stream or
 * epoch) replaces what the viewer had, so nothing in it is a duplicate.
 */
export function resentInCatchUp(v: Pick<Viewer, 'stream' | 'clock' | 'lastSeq'>, ack: Extract<JoinAck, { mode: 'snapshot' }>): number {
  if (v.lastSeq < 0 || v.stream !== ack.stream || v.clock?.epoch !== ack.clock.epoch) return 0;
  return ack.segmentSeqs.filter((seq) => seq <= v.lastSeq).length;
}

/** Applies our server's join reply: a snapshot starts from its seq; a resume's messages count as received, in order. */
function applyReply(v: Viewer, ack: Extract<JoinAck, { ok: true }>, sink: ViewerSink): Joined {
  if (ack.mode === 'snapshot') {
    for (let n = resentInCatchUp(v, ack); n > 0; n--) sink.duplicate();
    v.stream = ack.stream;
    v.clock = ack.clock;
    v.lastSeq = ack.seq;
    return { mode: 'snapshot', resumed: 0, replyBytes: 0, resends: 0 };
  }
  v.stream = ack.stream;
  v.clock = ack.clock;
  for (const { message } of ack.messages) inSequence(v, message.seq, sink);
  return { mode: 'resume', resumed: ack.messages.length, replyBytes: 0, resends: 0 };
}

/**
 * The baseline's clock packet on connect carries the room's last seq, not a new one: the state,
 * not a message. Whatever the room sent since the viewer's last seq is lost.
 */
function applyBaselineState(v: Viewer, seq: number, clock: WireClock, sink: ViewerSink): void {
  if (v.lastSeq >= 0 && seq > v.lastSeq) sink.gap(seq - v.lastSeq);
  v.lastSeq = seq;
  v.clock = clock;
}

/**
 * Opens a socket for `v` and joins its room: a first join, or, once `v` has a stream, a rejoin
 * with `lastSeq` and `stream`. With `client` (the reconnect storm), as a browser's client does
 * (app/lib/reconnect-policy.ts): the connection (TCP, upgrade, Engine.IO open, Socket.IO connect)
 * must be up within `connectTimeoutMs` (Socket.IO's `timeout`), else the attempt fails and the
 * caller retries; a join whose reply has not come within `joinReplyTimeoutMs` is sent again on the
 * same socket, and the first reply is applied. Without it (connecting the viewers before a
 * measurement) an attempt may take all of `timeoutMs`. Resolves with how the join was answered;
 * rejects on an error, a refusal, a close, or when `timeoutMs` passes first (each rejection says
 * in which step).
 */
export function openViewer(
  plan: WorkerPlan,
  v: Viewer,
  sink: ViewerSink,
  timeoutMs: number,
  client: { readonly connectTimeoutMs: number; readonly joinReplyTimeoutMs: number } = { connectTimeoutMs: timeoutMs, joinReplyTimeoutMs: Infinity },
): Promise<Joined> {
  return new Promise((resolve, reject) => {
    const base = plan.url.replace(/^http/u, 'ws');
    const url = plan.mode === 'socketio' ? `${base}/socket.io/?EIO=4&transport=websocket` : `${base}/?room=${encodeURIComponent(v.room)}`;
    const connectTimeoutMs = Math.min(timeoutMs, client.connectTimeoutMs);
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: plan.localAddress, handshakeTimeout: connectTimeoutMs });
    v.ws = ws;
    v.joined = false;
    let step = 'connect (TCP and WebSocket upgrade)';
    let resends = 0;
    let joinsSent = 0;
    const timer = setTimeout(() => fail(new Error(`gave up at the deadline during: ${step}`)), timeoutMs);
    let stepTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => fail(new Error(`connect timed out (${connectTimeoutMs} ms) during: ${step}`)), connectTimeoutMs);
    const sendJoin = () => {
      const ackId = joinsSent++;
      ws.send(v.stream === undefined ? joinPacket(v.room, undefined, ackId) : rejoinPacket(v.room, v.lastSeq, v.stream, ackId));
      clearTimeout(stepTimer);
      stepTimer = undefined;
      if (!Number.isFinite(client.joinReplyTimeoutMs)) return;
      stepTimer = setTimeout(() => {
        if (v.ws !== ws || v.joined) return;
        resends++;
        sendJoin();
      }, client.joinReplyTimeoutMs);
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      clearTimeout(stepTimer);
      if (v.ws !== ws || v.joined) return;
      v.ws = undefined;
      ws.terminate();
      reject(error);
    };
    const joined = (how: Joined) => {
      clearTimeout(timer);
      clearTimeout(stepTimer);
      v.joined = true;
      resolve(how);
    };
    ws.once('open', () => {
      step = plan.mode === 'socketio' ? 'Engine.IO open and Socket.IO connect' : 'the room state packet';
    });
    ws.on('message', (data: Buffer) => {
      // A socket the worker dropped: what it had not read yet is lost, as for a browser.
      if (v.ws !== ws) return;
      const receivedAt = wallNowMs();
      const c0 = data[0];
      if (c0 === CH_4 && data[1] === CH_2) {
        if (data[5] === 0x61 /* 42["caption:… rather than 42["clock:… */) {
          const head = parseSegmentHead(data.toString('latin1', 0, Math.min(data.length, SEGMENT_HEAD_BYTES)));
          if (head && inSequence(v, head.seq, sink)) sink.segment(v, head, receivedAt);
          return;
        }
        const clock = parseClockPacket(data.toString());
        if (!clock) return;
        if (plan.mode === 'baseline' && !v.joined) {
          applyBaselineState(v, clock.seq, clock.clock, sink);
          return joined({ mode: 'snapshot', resumed: 0, replyBytes: 0, resends: 0 });
        }
        if (inSequence(v, clock.seq, sink)) v.clock = clock.clock;
        return;
      }
      if (c0 === CH_2 && data.length === 1) return ws.send(ENGINE_PONG);
      if (c0 === CH_0) return ws.send(SIO_CONNECT);
      if (c0 === CH_4 && data[1] === CH_0) {
        step = 'the room:join reply';
        return sendJoin();
      }
      if (c0 === CH_4 && data[1] === CH_3) {
        // A reply to a join sent again, after the first reply was applied: nothing new in it.
        if (v.joined) return;
        const ack = parseJoinAck(data.toString());
        if (!ack) return;
        if (!ack.ok) return fail(new Error(`join refused: ${ack.error}`));
        return joined({ ...applyReply(v, ack, sink), replyBytes: data.length, resends });
      }
      if (c0 === CH_4 && data[1] === CH_4) fail(new Error(`connect_error ${data.toString().slice(0, 100)}`));
    });
    ws.once('error', (error) => fail(error));
    ws.once('close', () => {
      if (v.ws === ws && v.joined) sink.closed(v);
      fail(new Error('closed before joining'));
    });
  });
}
