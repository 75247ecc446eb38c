/**
 * A load worker: opens its share of viewers as raw WebSocket clients (no socket.io-client), joins
 * each to its room, and measures for every caption it receives its lateness against the due time
 * computed from the room clock. Keeps one histogram, never raw samples. Driven over IPC
 * (load/protocol.ts); exits when its parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { latenessMs, wallNowMs, type WireClock } from '../lib/due-time';
import { Histogram } from '../lib/stats';
import { ENGINE_PONG, joinPacket, parseClockPacket, parseJoinAck, parseSegmentHead, SEGMENT_HEAD_BYTES, SIO_CONNECT } from '../lib/wire';
import type { Command, Reply, WorkerPlan } from './protocol';

/** However it is driven, a worker never outlives this. */
const MAX_LIFETIME_MS = 30 * 60_000;

const CH_0 = 0x30; // '0' Engine.IO open
const CH_2 = 0x32; // '2' ping, or the '2' of a Socket.IO event
const CH_3 = 0x33;
const CH_4 = 0x34; // '4' Engine.IO message

interface Viewer {
  ws: WebSocket;
  clock: WireClock | undefined;
  lastSeq: number;
  joined: boolean;
}

let viewers: Viewer[] = [];
let recording = false;
let hist = new Histogram();
let delivered = 0;
let late = 0;
let gaps = 0;
let stale = 0;
let dropped = 0;
let windowStart = 0;
let cpuStart = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });

function send(reply: Reply): void {
  process.send?.(reply);
}

function onSegment(v: Viewer, data: Buffer, receivedAt: number): void {
  const head = parseSegmentHead(data.toString('latin1', 0, Math.min(data.length, SEGMENT_HEAD_BYTES)));
  if (!head) return;
  if (v.lastSeq >= 0 && head.seq > v.lastSeq + 1 && recording) gaps += head.seq - v.lastSeq - 1;
  if (head.seq > v.lastSeq) v.lastSeq = head.seq;
  if (!v.clock || head.epoch !== v.clock.epoch) {
    if (recording) stale++;
    return;
  }
  if (!recording) return;
  const lateness = latenessMs(v.clock, head.dueMs, receivedAt);
  hist.record(lateness);
  delivered++;
  if (lateness > 0) late++;
}

function onClock(v: Viewer, text: string): boolean {
  const clock = parseClockPacket(text);
  if (!clock) return false;
  if (v.lastSeq >= 0 && clock.seq > v.lastSeq + 1 && recording) gaps += clock.seq - v.lastSeq - 1;
  if (clock.seq > v.lastSeq) v.lastSeq = clock.seq;
  v.clock = clock.clock;
  return true;
}

function openViewer(plan: WorkerPlan, room: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const base = plan.url.replace(/^http/u, 'ws');
    const url = plan.mode === 'socketio' ? `${base}/socket.io/?EIO=4&transport=websocket` : `${base}/?room=${encodeURIComponent(room)}`;
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: plan.localAddress, handshakeTimeout: plan.joinTimeoutMs });
    const v: Viewer = { ws, clock: undefined, lastSeq: -1, joined: false };
    const timer = setTimeout(() => fail(new Error('join timed out')), plan.joinTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!v.joined) {
        ws.terminate();
        reject(error);
      }
    };
    const joined = () => {
      clearTimeout(timer);
      v.joined = true;
      viewers.push(v);
      resolve();
    };
    ws.on('message', (data: Buffer) => {
      const receivedAt = wallNowMs();
      const c0 = data[0];
      if (c0 === CH_4 && data[1] === CH_2) {
        if (data[5] === 0x61 /* 42["caption:… rather than 42["clock:… */) return onSegment(v, data, receivedAt);
        if (onClock(v, data.toString()) && plan.mode === 'baseline' && !v.joined) joined();
        return;
      }
      if (c0 === CH_2 && data.length === 1) return ws.send(ENGINE_PONG);
      if (c0 === CH_0) return ws.send(SIO_CONNECT);
      if (c0 === CH_4 && data[1] === CH_0) return ws.send(joinPacket(room));
      if (c0 === CH_4 && data[1] === CH_3) {
        const ack = parseJoinAck(data.toString());
        if (!ack) return;
        if (!ack.ok) return fail(new Error(`join refused: ${ack.error}`));
        v.clock = ack.clock;
        v.lastSeq = ack.seq;
        return joined();
      }
      if (c0 === CH_4 && data[1] === CH_4) fail(new Error(`connect_error ${data.toString().slice(0, 100)}`));
    });
    ws.once('error', (error) => fail(error));
    ws.once('close', () => {
      if (v.joined && recording) dropped++;
      fail(new Error('closed before joining'));
    });
  });
}

async function connect(plan: WorkerPlan): Promise<Reply> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    while (next < plan.rooms.length) {
      const room = plan.rooms[next++];
      try {
        await openViewer(plan, room);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.concurrency) }, lane));
  return { type: 'connected', joined: viewers.length, failed, firstError, elapsedMs: performance.now() - started };
}

function start(): Reply {
  hist = new Histogram();
  delivered = late = gaps = stale = dropped = 0;
  loopDelay.reset();
  loopDelay.enable();
  cpuStart = process.cpuUsage();
  windowStart = performance.now();
  recording = true;
  return { type: 'started' };
}

function stop(): Reply {
  recording = false;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuStart);
  return {
    type: 'stopped',
    lateness: hist.toData(),
    delivered,
    late,
    gaps,
    stale,
    dropped,
    open: viewers.filter((v) => v.ws.readyState === WebSocket.OPEN).length,
    cpuUs: cpu.user + cpu.system,
    windowMs: performance.now() - windowStart,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

function close(): void {
  for (const v of viewers) v.ws.terminate();
  viewers = [];
  send({ type: 'closed' });
  setTimeout(() => process.exit(0), 100);
}

process.on('message', (command: Command) => {
  const run = async (): Promise<Reply | undefined> => {
    switch (command.type) {
      case 'connect':
        return connect(command.plan);
      case 'start':
        return start();
      case 'stop':
        return stop();
      case 'close':
        close();
        return undefined;
    }
  };
  run().then(
    (reply) => reply && send(reply),
    (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(2), MAX_LIFETIME_MS).unref();
