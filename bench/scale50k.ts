/**
 * Scale-out on one machine: 50,000 viewers of 101 rooms, measured, not extrapolated. The hard
 * limit of open files (20,000 here) is per process, so one deployment runs several socket-serving
 * processes (`SERVE_PAGES=0`, the Redis design: `REDIS_URL`, every node plays every room for its
 * own viewers), each below the limit, and the load workers bind their sockets to several loopback
 * addresses (127.0.0.2, .3, …) so that one address's ephemeral ports do not run out. The real
 * press conference at its real pace (`CLOCK_SPEED=1`, lookahead 1000 ms), 101 rooms at fixed
 * phases (the steady state's layout). Measures CPU per process and in all, heap and RSS per viewer
 * (after a full GC in every server process, before and after connecting), and on the raw wire:
 * captions late (received after due), sequence gaps and duplicates. No baseline: the question is
 * whether one machine holds the audience, and what it costs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io as ioClient } from 'socket.io-client';
import { startBenchRedis } from './lib/redis';
import { benchRoomPhase } from '../server/rooms/bench-rooms';
import { TranscriptSchema } from '../server/transcript/model';
import { DEFAULT_ROOM, fmt, LOOP_PAUSE_MS } from './fanout';
import { machineCpuTimes } from './lib/cpu-load';
import { metricsAfterGc, readMetrics, type ServerMetrics } from './lib/metrics';
import { processCpuUs } from './lib/proc-cpu';
import { ROOT, sleep, startNodeProcess, tempDir, type NodeProcess } from './lib/proc';
import type { Summary } from './lib/stats';
import { WorkerPool } from './load/spawn-workers';

export const SCALE_TARGET_VIEWERS = 50_000;
/** Viewers per server process: below the 20,000 descriptors a process may open, with room to spare. */
export const VIEWERS_PER_NODE = 15_000;
/** Viewers per load worker: below the same limit, and about 25,000 ephemeral ports per source address. */
export const VIEWERS_PER_WORKER = 6_500;
export const SCALE_LOOKAHEAD_MS = 1000;
export const SCALE_TRANSCRIPT = 'vienna-2015-11-14';
/** 100 created rooms plus the default room, as the steady state's layout. */
export const SCALE_EXTRA_ROOMS = 100;

export interface ScaleOptions {
  readonly viewers: number;
  /** Length of the measured window, ms. */
  readonly windowMs: number;
  readonly settleMs: number;
  readonly log: (line: string) => void;
}

export interface ScaleProcess {
  readonly role: string;
  readonly pid: number;
  /** CPU in the window, in cores (1 = one core busy all the time). */
  readonly cores: number;
  readonly viewers?: number;
}

export interface ScaleResult {
  readonly viewers: number;
  readonly nodes: number;
  readonly workers: number;
  readonly rooms: number;
  readonly lookaheadMs: number;
  readonly windowMs: number;
  readonly joined: number;
  readonly failed: number;
  readonly firstError: string | null;
  readonly connectMs: number;
  readonly sourceAddresses: readonly string[];
  readonly processes: readonly ScaleProcess[];
  /** Server processes together, in cores. */
  readonly serverCores: number;
  readonly loadgenCores: number;
  readonly redisCores: number;
  /** The machine's busy time in the window, in cores, and what was neither ours nor the load generator nor Redis. */
  readonly machineCores: number;
  readonly otherCores: number;
  readonly heapPerViewerBytes: number;
  readonly rssPerViewerBytes: number;
  readonly memory: readonly { readonly before: ServerMetrics; readonly after: ServerMetrics }[];
  readonly lateness: Summary;
  readonly delivered: number;
  readonly late: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly stale: number;
  readonly dropped: number;
  readonly loadgenLoopDelayP99Ms: number;
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
}

function transcriptDurationMs(): number {
  const file = path.join(ROOT, 'data', 'transcripts', `${SCALE_TRANSCRIPT}.json`);
  return TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).durationMs;
}

/**
 * Opens `count` rooms through the public protocol (`room:create`, then `playback:seek` to the
 * bench room's fixed phase), one socket per room, on the given node. Rooms live in Redis, so
 * every node serves them.
 */
async function createRooms(url: string, count: number, durationMs: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const socket = ioClient(url, { transports: ['websocket'], reconnection: false, timeout: 20_000 });
    try {
      const created = (await socket.timeout(20_000).emitWithAck('room:create', { transcriptId: SCALE_TRANSCRIPT, loop: true, autoplay: true })) as {
        ok: boolean;
        data?: { code: string };
        message?: string;
      };
      if (!created.ok || !created.data) throw new Error(`room:create: ${created.message ?? 'refused'}`);
      const code = created.data.code;
      const seek = (await socket
        .timeout(20_000)
        .emitWithAck('playback:seek', { room: code, commandId: randomUUID(), positionMs: benchRoomPhase(i, durationMs) })) as { ok: boolean; message?: string };
      if (!seek.ok) throw new Error(`playback:seek ${code}: ${seek.message ?? 'refused'}`);
      codes.push(code);
    } finally {
      socket.disconnect();
    }
  }
  return codes;
}

export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { viewers, log } = options;
  const nodes = Math.max(2, Math.ceil(viewers / VIEWERS_PER_NODE));
  // At least one worker per node, and one source address per worker.
  const workers = Math.max(nodes, Math.ceil(viewers / VIEWERS_PER_WORKER / nodes) * nodes);
  const sourceAddresses = Array.from({ length: workers }, (_, i) => `127.0.0.${2 + i}`);
  const state = tempDir('boothcast-bench-scale-');
  const servers: NodeProcess[] = [];
  let pool: WorkerPool | undefined;
  const redis = await startBenchRedis();
  try {
    const loadStart = (await import('node:os')).loadavg();
    log(`scale: ${viewers} viewers, ${nodes} server processes, ${workers} load workers from ${sourceAddresses[0]}…${sourceAddresses.at(-1)}, Redis ${redis.url}`);
    for (let n = 0; n < nodes; n++) {
      servers.push(
        await startNodeProcess({
          script: 'server/index.ts',
          inspect: true,
          // A busy machine (other engineers' test runs) may take a minute to start a server through tsx.
          startTimeoutMs: 240_000,
          env: {
            PORT: '0',
            HOST: '127.0.0.1',
            NODE_ENV: 'production',
            SERVE_PAGES: '0',
            BENCH_METRICS: '1',
            REDIS_URL: redis.url,
            DATA_DIR: path.join(ROOT, 'data'),
            STATE_DIR: path.join(state.dir, `node-${n}`),
            DEFAULT_TRANSCRIPT: SCALE_TRANSCRIPT,
            DEFAULT_ROOM,
            LOOKAHEAD_MS: String(SCALE_LOOKAHEAD_MS),
            LOOP_PAUSE_MS: String(LOOP_PAUSE_MS),
            CLOCK_SPEED: '1',
            // The bench opens its 100 rooms from one address, through the public protocol.
            MAX_ROOMS_PER_ADDRESS: String(SCALE_EXTRA_ROOMS + 10),
            ROOM_CREATE_BURST: String(SCALE_EXTRA_ROOMS + 10),
            LOG_LEVEL: 'info',
            NEXT_TELEMETRY_DISABLED: '1',
          },
        }),
      );
    }
    const durationMs = transcriptDurationMs();
    const rooms = [DEFAULT_ROOM, ...(await createRooms(servers[0].socketUrl, SCALE_EXTRA_ROOMS, durationMs))];
    log(`scale: ${rooms.length} rooms open (${rooms.slice(0, 4).join(', ')}, …)`);

    await sleep(options.settleMs);
    const before = await Promise.all(servers.map((s) => metricsAfterGc(s.url, s.inspectorUrl)));

    // Viewers dealt round-robin to rooms; worker w connects to node w % nodes from its own address.
    const perWorker: string[][] = Array.from({ length: workers }, () => []);
    for (let i = 0; i < viewers; i++) perWorker[i % workers].push(rooms[i % rooms.length]);
    pool = WorkerPool.start(workers);
    const connectStarted = performance.now();
    const reports = await pool.connect(
      perWorker.map((r, w) => ({ url: servers[w % nodes].socketUrl, mode: 'socketio', rooms: r, concurrency: 32, localAddress: sourceAddresses[w], joinTimeoutMs: 120_000 })),
      300_000 + viewers * 40,
    );
    const connectMs = performance.now() - connectStarted;
    const joined = reports.reduce((n, r) => n + r.joined, 0);
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    const firstError = reports.find((r) => r.firstError)?.firstError ?? null;
    log(`scale: ${joined} joined, ${failed} failed${firstError ? ` (${firstError})` : ''} in ${fmt(connectMs / 1000)} s`);
    if (joined === 0) throw new Error(`no viewer joined: ${firstError}`);

    await sleep(options.settleMs);
    const after = await Promise.all(servers.map((s) => metricsAfterGc(s.url, s.inspectorUrl)));
    await sleep(options.settleMs);

    const m0 = await Promise.all(servers.map((s) => readMetrics(s.url)));
    const redis0 = processCpuUs(redis.pid);
    const machine0 = machineCpuTimes();
    const t0 = performance.now();
    await pool.start();
    await sleep(options.windowMs);
    const totals = await pool.stop();
    const windowMs = performance.now() - t0;
    const machine1 = machineCpuTimes();
    const redis1 = processCpuUs(redis.pid);
    const m1 = await Promise.all(servers.map((s) => readMetrics(s.url)));

    const cores = (us: number) => us / 1000 / windowMs;
    const processes: ScaleProcess[] = servers.map((s, n) => ({ role: `server ${n + 1}`, pid: s.pid, cores: cores(m1[n].cpuUs - m0[n].cpuUs), viewers: after[n].sockets }));
    const serverCores = processes.reduce((sum, p) => sum + p.cores, 0);
    const redisCores = cores(redis1 - redis0);
    processes.push({ role: 'redis-server', pid: redis.pid, cores: redisCores });
    const machineCores = machine0 && machine1 ? ((machine1.busy - machine0.busy) * 1000) / windowMs : NaN;
    const heap = after.reduce((sum, m, n) => sum + m.heapUsed - before[n].heapUsed, 0);
    const rss = after.reduce((sum, m, n) => sum + m.rss - before[n].rss, 0);
    return {
      viewers,
      nodes,
      workers,
      rooms: rooms.length,
      lookaheadMs: SCALE_LOOKAHEAD_MS,
      windowMs,
      joined,
      failed,
      firstError,
      connectMs,
      sourceAddresses,
      processes,
      serverCores,
      loadgenCores: totals.cpuCores,
      redisCores,
      machineCores,
      otherCores: Math.max(0, machineCores - serverCores - totals.cpuCores - redisCores),
      heapPerViewerBytes: heap / joined,
      rssPerViewerBytes: rss / joined,
      memory: before.map((b, n) => ({ before: b, after: after[n] })),
      lateness: totals.lateness.summary(),
      delivered: totals.delivered,
      late: totals.late,
      gaps: totals.gaps,
      duplicates: totals.duplicates,
      stale: totals.stale,
      dropped: totals.dropped,
      loadgenLoopDelayP99Ms: totals.maxLoopDelayP99Ms,
      loadAverage: { start: loadStart, end: (await import('node:os')).loadavg() },
    };
  } finally {
    await pool?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
    state.cleanup();
  }
}

export function scaleLines(r: ScaleResult): string[] {
  const pct = (cores: number) => `${fmt(cores * 100)} %`;
  const l = r.lateness;
  return [
    `scale: ${r.joined} of ${r.viewers} viewers joined (${r.failed} failed) over ${r.rooms} rooms on ${r.nodes} server processes in ${fmt(r.connectMs / 1000)} s; window ${fmt(r.windowMs / 1000)} s at the real pace, lookahead ${r.lookaheadMs} ms`,
    ...r.processes.map((p) => `  ${p.role.padEnd(13)} pid ${p.pid}: ${pct(p.cores)} of a core${p.viewers !== undefined ? `, ${p.viewers} sockets` : ''}`),
    `  servers together ${pct(r.serverCores)} of a core; load generator ${pct(r.loadgenCores)}; Redis ${pct(r.redisCores)}; the whole machine busy ${pct(r.machineCores)} (others ${pct(r.otherCores)})`,
    `  heap ${fmt(r.heapPerViewerBytes / 1024, 2)} KiB, RSS ${fmt(r.rssPerViewerBytes / 1024, 2)} KiB per viewer (all server processes, after a full GC)`,
    `  ${r.delivered} captions delivered; late ${r.late}; lateness p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms; gaps ${r.gaps}; duplicates ${r.duplicates}; stale ${r.stale}; dropped ${r.dropped}; load-worker loop delay p99 ${fmt(r.loadgenLoopDelayP99Ms)} ms`,
    `  load average ${r.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at the start, ${r.loadAverage.end.map((x) => x.toFixed(2)).join(' ')} at the end`,
  ];
}
