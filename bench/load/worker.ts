/**
 * A load worker: opens its share of viewers as raw WebSocket clients (no socket.io-client), joins
 * each to its room, and measures for every caption it receives its lateness against the due time
 * computed from the room clock; or drops them all at once and measures how they come back (a
 * reconnect storm). Keeps histograms, never raw samples. Driven over IPC (load/protocol.ts);
 * exits when its parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { latenessMs } from '../lib/due-time';
import { Histogram } from '../lib/stats';
import type { Command, Reply, WorkerPlan } from './protocol';
import { reconnectStorm } from './reconnect-storm';
import { checkSync, newestPositions } from './sync-check';
import { newViewer, openViewer, type Viewer, type ViewerSink } from './viewer';

/** However it is driven, a worker never outlives this. */
const MAX_LIFETIME_MS = 30 * 60_000;

let plan: WorkerPlan | undefined;
let viewers: Viewer[] = [];
let recording = false;
let hist = new Histogram();
let delivered = 0;
let late = 0;
let gaps = 0;
let stale = 0;
let dropped = 0;
/** Messages received again in the window (the protocol ignores them; the raw wire must show none). */
let duplicates = 0;
let windowStart = 0;
let cpuStart = process.cpuUsage();
/** Sequence errors from the start of the last storm on. */
let stormGaps = 0;
let stormDuplicates = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });

const sink: ViewerSink = {
  gap(count) {
    if (recording) gaps += count;
    stormGaps += count;
  },
  duplicate() {
    if (recording) duplicates++;
    stormDuplicates++;
  },
  segment(v, head, receivedAt) {
    if (!v.clock || head.epoch !== v.clock.epoch) {
      if (recording) stale++;
      return;
    }
    if (!recording) return;
    const lateness = latenessMs(v.clock, head.dueMs, receivedAt);
    hist.record(lateness);
    delivered++;
    if (lateness > 0) late++;
  },
  closed() {
    if (recording) dropped++;
  },
};

function send(reply: Reply): void {
  process.send?.(reply);
}

async function connect(next: WorkerPlan): Promise<Reply> {
  plan = next;
  const started = performance.now();
  let index = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    while (index < next.rooms.length) {
      const v = newViewer(next.rooms[index++]);
      try {
        await openViewer(next, v, sink, next.joinTimeoutMs);
        viewers.push(v);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, next.concurrency) }, lane));
  return { type: 'connected', joined: viewers.length, failed, firstError, elapsedMs: performance.now() - started };
}

function start(): Reply {
  hist = new Histogram();
  delivered = late = gaps = stale = dropped = duplicates = 0;
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
    duplicates,
    stale,
    dropped,
    open: viewers.filter((v) => v.ws?.readyState === WebSocket.OPEN).length,
    cpuUs: cpu.user + cpu.system,
    windowMs: performance.now() - windowStart,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

async function storm(deadlineMs: number): Promise<Reply> {
  if (!plan) throw new Error('storm before connect');
  stormGaps = stormDuplicates = 0;
  loopDelay.reset();
  loopDelay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await reconnectStorm(plan, viewers, sink, deadlineMs);
  const cpu = process.cpuUsage(cpu0);
  loopDelay.disable();
  return { type: 'stormed', ...outcome, cpuUs: cpu.user + cpu.system, windowMs: performance.now() - t0, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 };
}

function close(): void {
  for (const v of viewers) v.ws?.terminate();
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
      case 'storm':
        return storm(command.deadlineMs);
      case 'sync-mark':
        return { type: 'sync-marked', rooms: newestPositions(viewers) };
      case 'sync-check':
        return { type: 'sync-checked', ...checkSync(viewers, command.required), gaps: stormGaps, duplicates: stormDuplicates };
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
