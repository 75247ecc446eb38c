/**
 * The fan-out baseline: a minimal `ws` server that sends viewers the same bytes our server sends
 * (the Socket.IO packet text `42["caption:segment",{…}]`), on the same schedule: the same
 * transcript, lookahead, loop pause, rooms and phases (benchRoomCode/benchRoomPhase), each wake-up
 * computed from the room clock (server/replay/clock.ts), never from summed delays. No Engine.IO
 * handshake, no acks, no pings: a viewer names its room in the URL (`/?room=CODE`) and is sent a
 * `42["clock:changed",{…}]` at once, so it computes due times exactly as it does with our server.
 * GET /bench-metrics answers like server/app.ts with BENCH_METRICS=1.
 *
 * Environment: PORT (0), HOST (127.0.0.1), DATA_DIR, DEFAULT_TRANSCRIPT, DEFAULT_ROOM (PRESS),
 * LOOKAHEAD_MS (1000), LOOP_PAUSE_MS (8000), BENCH_ROOMS (0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { CaptionSegment, ClockChange, ClockState, SegmentMessage } from '../../server/protocol';
import { LISTEN_BACKLOG } from '../../server/config';
import * as clocks from '../../server/replay/clock';
import { SchedulingStats } from '../../server/replay/scheduling-stats';
import { systemTimeSource } from '../../server/replay/time-source';
import { benchRoomCode, benchRoomPhase } from '../../server/rooms/bench-rooms';
import { loadTranscripts } from '../../server/transcript/store';
import { clockPacket, segmentPacket } from '../lib/wire';

const env = process.env;
const port = Number(env.PORT ?? 0);
const host = env.HOST ?? '127.0.0.1';
const lookaheadMs = Number(env.LOOKAHEAD_MS ?? 1000);
const loopPauseMs = Number(env.LOOP_PAUSE_MS ?? 8000);
const benchRooms = Number(env.BENCH_ROOMS ?? 0);
const transcriptId = env.DEFAULT_TRANSCRIPT ?? 'vienna-2015-11-14';
const transcript = loadTranscripts(path.join(path.resolve(env.DATA_DIR ?? 'data'), 'transcripts')).get(transcriptId);
if (!transcript) throw new Error(`no transcript ${transcriptId}`);

/** The same wire shape and key order as the server's toWireSegment. */
const segments: CaptionSegment[] = transcript.segments.map(({ index, id, turn, speakerId, sourceLang, kind, text, startMs, endMs, timing }) => ({
  index,
  id,
  turn,
  speakerId,
  sourceLang,
  kind,
  text,
  startMs,
  endMs,
  timing,
}));
/** The server's clock reading, exactly (server/replay/time-source.ts). */
const now = systemTimeSource().now;

interface Room {
  clock: ClockState;
  seq: number;
  next: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly viewers: Set<WebSocket>;
}
const rooms = new Map<string, Room>();
const scheduling = new SchedulingStats();

function broadcast(room: Room, packet: string): void {
  if (room.viewers.size === 0) return;
  const frame = Buffer.from(packet);
  // A socket already closing is skipped, as any server would: ws.send on it builds an Error (with
  // a source-mapped stack under tsx) per socket, which stalled the baseline in the reconnect storm.
  for (const ws of room.viewers) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false });
}

function sendClock(room: Room, change: ClockChange): void {
  broadcast(room, clockPacket({ seq: ++room.seq, change, clock: room.clock }));
}

function firstAt(positionMs: number): number {
  const i = segments.findIndex((s) => s.startMs >= positionMs);
  return i < 0 ? segments.length : i;
}

/**
 * The schedule of RoomPlayer: emit what is due within the lookahead, then sleep until the next
 * wake-up, an absolute server time; the delay is taken from the clock when the timer is set (after
 * the broadcast, however long it took), never summed. As RoomPlayer, only what was due when the
 * tick began: what fell due meanwhile waits for the next turn of the event loop, so broadcasts
 * that outlast the spacing (10,000 dead sockets in the storm) cannot shut out every connection.
 */
function tick(room: Room): void {
  room.timer = undefined;
  const startedAt = now();
  for (;;) {
    const clock = room.clock;
    if (clock.status === 'ended') {
      const restartAt = clock.anchorAtMs + loopPauseMs;
      if (startedAt < restartAt) return wakeAt(room, restartAt);
      room.clock = clocks.restart(clock, restartAt);
      room.next = 0;
      sendClock(room, 'restart');
      continue;
    }
    const horizon = clocks.positionAt(clock, startedAt + lookaheadMs);
    while (room.next < segments.length && segments[room.next].startMs <= horizon) {
      // Scheduling error as the RoomPlayer reports it: emission minus the time it was due to go.
      scheduling.record(now() - Math.max(clock.anchorAtMs, clocks.serverTimeAt(clock, segments[room.next].startMs) - lookaheadMs));
      const message: SegmentMessage = { seq: ++room.seq, epoch: room.clock.epoch, dueMs: segments[room.next].startMs, segment: segments[room.next] };
      room.next++;
      broadcast(room, segmentPacket(message));
    }
    if (room.next < segments.length) {
      const at = clocks.serverTimeAt(clock, segments[room.next].startMs) - lookaheadMs;
      if (startedAt < at) return wakeAt(room, at);
      continue;
    }
    const endAt = clocks.serverTimeAt(clock, clock.durationMs);
    if (startedAt < endAt) return wakeAt(room, endAt);
    room.clock = clocks.end(clock, Math.round(endAt));
    sendClock(room, 'ended');
  }
}

function wakeAt(room: Room, atMs: number): void {
  room.timer = setTimeout(() => tick(room), Math.max(0, Math.ceil(atMs - now())));
}

function openRoom(code: string, positionMs: number, epoch: number): void {
  const clock = { ...clocks.initialClock(transcript!.durationMs, now(), { playing: true, loop: true }), positionMs, epoch };
  const room: Room = { clock, seq: 0, next: firstAt(positionMs), timer: undefined, viewers: new Set() };
  rooms.set(code, room);
  tick(room);
}

// As server/app.ts: the default room from 0, then each bench room seeked to its phase (a new epoch).
openRoom(env.DEFAULT_ROOM ?? 'PRESS', 0, 0);
for (let i = 0; i < benchRooms; i++) openRoom(benchRoomCode(i), benchRoomPhase(i, transcript.durationMs), 1);

const http = createServer((req, res) => {
  if (req.url === '/bench-metrics' || req.url === '/bench-metrics?reset') {
    if (req.url === '/bench-metrics?reset') scheduling.reset();
    const { heapUsed, rss } = process.memoryUsage();
    const cpu = process.cpuUsage();
    const body = { heapUsed, rss, cpuUs: cpu.user + cpu.system, sockets: wss.clients.size, scheduling: scheduling.summary() };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 16 * 1024 });
wss.on('connection', (ws, req) => {
  const code = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
  const room = rooms.get(code);
  if (!room) return ws.close(4404, 'unknown room');
  room.viewers.add(ws);
  ws.send(clockPacket({ seq: room.seq, change: 'play', clock: room.clock }));
  ws.on('close', () => room.viewers.delete(ws));
  ws.on('error', () => room.viewers.delete(ws));
});

// The same accept queue as our server (server/app.ts), so a storm of connections meets the same kernel limit.
http.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
  const { port: actual } = http.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'baseline ws server listening', url: `http://${host}:${actual}`, rooms: rooms.size }));
});

const shutdown = () => {
  for (const room of rooms.values()) clearTimeout(room.timer);
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
