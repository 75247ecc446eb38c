/**
 * Steady state: as many viewers as this machine lets one server process hold (the goal's 50,000
 * when it can), spread over 101 rooms, the real press conference playing at its real pace
 * (lookahead 1000 ms, looping). Our server and the minimal `ws` baseline, each on a fresh process
 * that is measured twice: server CPU with the rooms playing and no viewer connected, then with
 * every viewer joined. Also heap and RSS per viewer, and every caption's lateness. Below 50,000
 * viewers the CPU at 50,000 is extrapolated from the two windows (lib/extrapolate.ts), and the
 * report says so.
 */
import path from 'node:path';
import { readConfig } from '../server/config';
import { loadTranscripts } from '../server/transcript/store';
import { capacityProblem, connectTimeoutMs, describeLoadgen, fmt, joinOutcome, loadgenUse, LOOP_PAUSE_MS, roomsFor, serverEnv, viewerPlans, workerCount, type Layout, type LoadgenUse, type ServerKind } from './fanout';
import { machineCpuTimes } from './lib/cpu-load';
import { coresPerViewer, extrapolatedCores } from './lib/extrapolate';
import { metricsAfterGc, readMetrics, type ServerMetrics } from './lib/metrics';
import { ROOT, sleep, startNodeProcess, tempDir, type NodeProcess } from './lib/proc';
import type { Summary } from './lib/stats';
import { WorkerPool } from './load/spawn-workers';

/** The performance goal: "50,000 connected viewers on one node at ≤ 60 % of a core in steady state". */
export const STEADY_TARGET_VIEWERS = 50_000;
export const STEADY_GOAL_CORES = 0.6;
export const STEADY_LOOKAHEAD_MS = 1000;
/**
 * 101 rooms at fixed phases rather than one: the real transcript sends a caption every 7 s on
 * average but its gaps run from 1 s to 34 s, so one room's CPU in a minute depends on which minute
 * it is; 101 phases average the whole transcript into every window. It also costs the server more
 * per caption than one room (fan-out ×101 rooms, fewer viewers per serialised packet).
 */
export const STEADY_LAYOUT: Layout = 'spread';
/** The server's default transcript: what a server started without DEFAULT_TRANSCRIPT plays (NODE_ENV: the type of an environment requires it). */
export const STEADY_TRANSCRIPT = readConfig({ NODE_ENV: 'production' }).defaultTranscript;
const DATA_DIR = path.join(ROOT, 'data');

export interface SteadyOptions {
  readonly viewers: number;
  /** What set `viewers`: the goal's size, a limit of this machine, or the smoke run. */
  readonly limitedBy: string;
  /** Length of each measured window (idle, then loaded). */
  readonly measureMs: number;
  /** Wait after start, after connecting, and after each forced GC. */
  readonly settleMs: number;
  readonly log: (line: string) => void;
}

export interface CpuWindow {
  readonly windowMs: number;
  /** Server CPU in the window, in cores. */
  readonly serverCores: number;
  /** Everything else on the machine (busy time minus server and load generator), and hypervisor steal, in cores. */
  readonly otherCores: number;
  readonly stealCores: number;
}

export interface SteadySide extends LoadgenUse {
  readonly server: ServerKind;
  readonly joined: number;
  readonly failed: number;
  readonly firstError: string | null;
  readonly connectMs: number;
  /** Sockets the server itself counted once everyone had joined. */
  readonly serverSockets: number;
  /** No viewer connected, the rooms playing. */
  readonly idle: CpuWindow;
  /** Every viewer joined. */
  readonly loaded: CpuWindow;
  /** (loaded − idle) ÷ joined, in cores. */
  readonly coresPerViewer: number;
  /** Idle + per-viewer × STEADY_TARGET_VIEWERS, in cores: a measurement only when `joined` is that many. */
  readonly targetCores: number;
  readonly lateness: Summary;
  readonly delivered: number;
  readonly late: number;
  readonly gaps: number;
  readonly stale: number;
  readonly dropped: number;
  readonly heapPerViewerBytes: number;
  readonly rssPerViewerBytes: number;
  readonly memoryBefore: ServerMetrics;
  readonly memoryAfter: ServerMetrics;
}

export interface SteadyResult {
  readonly viewers: number;
  readonly limitedBy: string;
  readonly targetViewers: number;
  readonly rooms: number;
  readonly lookaheadMs: number;
  readonly loopPauseMs: number;
  readonly transcript: { readonly id: string; readonly durationMs: number; readonly segments: number };
  readonly measureMs: number;
  readonly settleMs: number;
  readonly ours: SteadySide | null;
  readonly baseline: SteadySide | null;
  /** Why it did not run, when it did not. */
  readonly skipped?: string;
  /** The error that stopped it, when it failed. */
  readonly error?: string;
}

/** Server CPU, and the rest of the machine's, while `during` runs; `loadgenCores` picks the load generator's share from its result. */
async function cpuWindow<T>(url: string, during: () => Promise<T>, loadgenCores: (result: T) => number): Promise<{ result: T; window: CpuWindow }> {
  const m0 = await readMetrics(url);
  const machine0 = machineCpuTimes();
  const t0 = performance.now();
  const result = await during();
  const windowMs = performance.now() - t0;
  const machine1 = machineCpuTimes();
  const m1 = await readMetrics(url);
  const serverCores = (m1.cpuUs - m0.cpuUs) / 1000 / windowMs;
  const machineBusyCores = machine0 && machine1 ? ((machine1.busy - machine0.busy) * 1000) / windowMs : NaN;
  return {
    result,
    window: {
      windowMs,
      serverCores,
      otherCores: Math.max(0, machineBusyCores - serverCores - loadgenCores(result)),
      stealCores: machine0 && machine1 ? ((machine1.steal - machine0.steal) * 1000) / windowMs : NaN,
    },
  };
}

async function runSide(kind: ServerKind, options: SteadyOptions): Promise<SteadySide> {
  const state = tempDir('boothcast-bench-state-');
  let server: NodeProcess | undefined;
  let pool: WorkerPool | undefined;
  try {
    server = await startNodeProcess({
      script: kind === 'ours' ? 'server/index.ts' : 'bench/baseline/ws-server.ts',
      env: serverEnv(kind, DATA_DIR, state.dir, STEADY_LAYOUT, STEADY_LOOKAHEAD_MS, STEADY_TRANSCRIPT),
      inspect: true,
    });
    const url = server.url;
    // Each window starts a settle time after a forced full GC, so neither inherits the other's garbage.
    await sleep(options.settleMs);
    const memoryBefore = await metricsAfterGc(url, server.inspectorUrl);
    await sleep(options.settleMs);
    const idle = await cpuWindow(url, () => sleep(options.measureMs), () => 0);

    const workers = workerCount(options.viewers);
    const load = WorkerPool.start(workers);
    pool = load;
    const connectStarted = performance.now();
    const reports = await load.connect(viewerPlans(server.socketUrl, kind, options.viewers, STEADY_LAYOUT, workers), connectTimeoutMs(options.viewers));
    const connectMs = performance.now() - connectStarted;
    const { joined, failed, firstError } = joinOutcome(kind, reports);

    await sleep(options.settleMs);
    const memoryAfter = await metricsAfterGc(url, server.inspectorUrl);
    await sleep(options.settleMs);
    const loaded = await cpuWindow(
      url,
      async () => {
        await load.start();
        await sleep(options.measureMs);
        return load.stop();
      },
      (totals) => totals.cpuCores,
    );
    const totals = loaded.result;
    const cpu = { idleCores: idle.window.serverCores, loadedCores: loaded.window.serverCores, viewers: joined };
    return {
      server: kind,
      joined,
      failed,
      firstError,
      connectMs,
      serverSockets: memoryAfter.sockets,
      idle: idle.window,
      loaded: loaded.window,
      coresPerViewer: coresPerViewer(cpu),
      targetCores: extrapolatedCores(cpu, STEADY_TARGET_VIEWERS),
      lateness: totals.lateness.summary(),
      delivered: totals.delivered,
      late: totals.late,
      gaps: totals.gaps,
      stale: totals.stale,
      dropped: totals.dropped,
      heapPerViewerBytes: (memoryAfter.heapUsed - memoryBefore.heapUsed) / joined,
      rssPerViewerBytes: (memoryAfter.rss - memoryBefore.rss) / joined,
      memoryBefore,
      memoryAfter,
      ...loadgenUse(workers, totals),
    };
  } finally {
    await pool?.close();
    await server?.stop();
    state.cleanup();
  }
}

function describe(side: SteadySide): string {
  const l = side.lateness;
  return (
    `${side.server.padEnd(8)} joined ${side.joined}${side.failed ? ` (failed ${side.failed}: ${side.firstError})` : ''} in ${fmt(side.connectMs / 1000)} s (server counts ${side.serverSockets} sockets); ` +
    `server ${fmt(side.idle.serverCores * 100, 2)} % of a core idle, ${fmt(side.loaded.serverCores * 100, 2)} % with every viewer, ` +
    `${fmt(side.coresPerViewer * 1000 * 100, 3)} % per 1000 viewers → ${fmt(side.targetCores * 100)} % at ${STEADY_TARGET_VIEWERS}; ` +
    `${side.delivered} captions, lateness p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} min ${fmt(l.min)} ms, late ${side.late}, gaps ${side.gaps}, stale ${side.stale}, dropped ${side.dropped}; ` +
    `heap ${fmt(side.heapPerViewerBytes / 1024, 2)} KiB, RSS ${fmt(side.rssPerViewerBytes / 1024, 2)} KiB per viewer; ` +
    `${describeLoadgen(side)}; ` +
    `other processes ${fmt(side.idle.otherCores * 100)} % idle, ${fmt(side.loaded.otherCores * 100)} % loaded; steal ${fmt(side.idle.stealCores * 100)} %, ${fmt(side.loaded.stealCores * 100)} %`
  );
}

export async function runSteady(options: SteadyOptions): Promise<SteadyResult> {
  const transcript = loadTranscripts(path.join(DATA_DIR, 'transcripts')).get(STEADY_TRANSCRIPT);
  if (!transcript) throw new Error(`no transcript ${STEADY_TRANSCRIPT} in ${DATA_DIR}/transcripts`);
  const base = {
    viewers: options.viewers,
    limitedBy: options.limitedBy,
    targetViewers: STEADY_TARGET_VIEWERS,
    rooms: roomsFor(STEADY_LAYOUT).length,
    lookaheadMs: STEADY_LOOKAHEAD_MS,
    loopPauseMs: LOOP_PAUSE_MS,
    transcript: { id: transcript.id, durationMs: transcript.durationMs, segments: transcript.segments.length },
    measureMs: options.measureMs,
    settleMs: options.settleMs,
  };
  const problem = options.viewers > 0 ? capacityProblem(options.viewers) : `no room for 1000 viewers: ${options.limitedBy}`;
  if (problem) {
    options.log(`steady state: skipped: ${problem}`);
    return { ...base, ours: null, baseline: null, skipped: problem };
  }
  options.log(
    `steady state: ${options.viewers} viewers (${options.limitedBy}), ${base.rooms} rooms, ${transcript.id} at its real pace ` +
      `(${base.transcript.segments} segments over ${fmt(transcript.durationMs / 1000)} s, looping after ${fmt(LOOP_PAUSE_MS / 1000)} s), ` +
      `lookahead ${STEADY_LOOKAHEAD_MS} ms; windows of ${fmt(options.measureMs / 1000)} s idle, then loaded`,
  );
  const sides: Partial<Record<ServerKind, SteadySide>> = {};
  try {
    // As fan-out's first case: ours, then the baseline.
    for (const kind of ['ours', 'baseline'] as const) {
      const side = await runSide(kind, options);
      options.log(`  ${describe(side)}`);
      sides[kind] = side;
    }
    return { ...base, ours: sides.ours ?? null, baseline: sides.baseline ?? null };
  } catch (error) {
    // What one server measured is kept when the other fails.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    options.log(`  failed: ${message}`);
    return { ...base, ours: sides.ours ?? null, baseline: sides.baseline ?? null, error: message };
  }
}
