/**
 * Reconnect storm: N viewers in one room, the dense press conference playing (lookahead 1000 ms);
 * every viewer's socket is dropped at the same moment and every viewer reconnects as a browser
 * would (its first wait 250 to 750 ms, app/lib/reconnect-policy.ts). Our
 * server (the rejoin carries lastSeq and stream) and the minimal `ws` baseline (no resume: a
 * reconnect is a new connection) alternate, each run on a fresh process. Per run: time from the
 * drop until the last viewer rejoined, each viewer's rejoin time, viewers stranded past the
 * deadline, sequence gaps and duplicates from the drop on, viewers out of sync once the storm
 * settled, and server CPU during the storm.
 */
import { connectTimeoutMs, DEFAULT_ROOM, capacityProblem, describeLoadgen, fmt, joinOutcome, loadgenUse, serverEnv, viewerPlans, workerCount, writeDenseTranscript, type LoadgenUse, type ServerKind } from './fanout';
import { machineCpuTimes } from './lib/cpu-load';
import { listenOverflows } from './lib/listen-overflows';
import { readMetrics } from './lib/metrics';
import { sleep, startNodeProcess, tempDir, type NodeProcess } from './lib/proc';
import { logProblems, type LogProblems } from './lib/server-log';
import type { Summary } from './lib/stats';
import { WorkerPool } from './load/spawn-workers';

export const STORM_LOOKAHEAD_MS = 1000;
/** A viewer not rejoined this long after the drop is stranded. */
export const STORM_DEADLINE_MS = 60_000;
/** "In sync" allows for the messages of the last second, still on their way to some viewers. */
export const SYNC_ALLOWANCE_MS = 1000;

export interface StormCaseSpec {
  readonly viewers: number;
}

export interface StormOptions {
  readonly cases: readonly StormCaseSpec[];
  /** Playing time before the storm (every viewer holds a seq), and after it before the sync check. */
  readonly settleMs: number;
  readonly log: (line: string) => void;
}

export interface StormSide extends LoadgenUse {
  readonly server: ServerKind;
  /** Viewers joined before the storm; those that could not join, and the first reason. */
  readonly joined: number;
  readonly failed: number;
  readonly firstError: string | null;
  readonly rejoined: number;
  readonly stranded: number;
  readonly modes: Readonly<Record<'resume' | 'snapshot', number>>;
  /** Missed messages the resume replies carried, all viewers together. */
  readonly resumedMessages: number;
  /** Bytes of the join replies (ours), all viewers together: what the server encoded and wrote for the rejoins. */
  readonly replyBytes: number;
  /** Joins sent again because their reply had not come within JOIN_REPLY_TIMEOUT_MS (app/lib/reconnect-policy.ts). */
  readonly joinResends: number;
  /** Reconnection attempts that failed (each retried while the deadline allowed), and the first error. */
  readonly failedAttempts: number;
  readonly firstRejoinError: string | null;
  /** Drop → last viewer rejoined, ms; null when a viewer was stranded: the storm was never absorbed. */
  readonly absorbedMs: number | null;
  /** Drop → last rejoin among the viewers that did rejoin, ms. */
  readonly lastRejoinMs: number;
  /** Drop → rejoined, per viewer, ms. */
  readonly rejoin: Summary;
  /** From the drop to the sync check: sequence numbers never received (live or in a reply), and received twice. */
  readonly gaps: number;
  readonly duplicates: number;
  /** Joined viewers checked once the storm settled; those not at the newest seq and epoch; the furthest behind, in messages. */
  readonly checked: number;
  readonly outOfSync: number;
  readonly maxBehind: number;
  /** From the drop until the server answered /bench-metrics after the storm, ms, and the server's CPU in it (NaN when it did not answer). */
  readonly stormWindowMs: number;
  readonly serverCpuMs: number;
  readonly serverCores: number;
  /** From the last worker done to the server's answer to /bench-metrics, ms; the error when it did not answer. */
  readonly metricsWaitMs: number;
  readonly metricsError: string | null;
  /** Everything else on the machine during the storm, in cores, and time stolen by the hypervisor. */
  readonly otherCores: number;
  readonly stealCores: number;
  /** Connections the kernel dropped on a full accept queue during the storm (whole machine). */
  readonly listenOverflows: number | null;
  /** Warnings and errors in the server's output over the run. */
  readonly serverLog: LogProblems;
}

export interface StormCase {
  readonly viewers: number;
  readonly lookaheadMs: number;
  readonly ours: StormSide | null;
  readonly baseline: StormSide | null;
  /** Why the case did not run, when it did not. */
  readonly skipped?: string;
  /** The error that stopped the case, when it failed. */
  readonly error?: string;
}

async function runSide(kind: ServerKind, dataDir: string, viewers: number, options: StormOptions): Promise<StormSide> {
  const state = tempDir('boothcast-bench-state-');
  let server: NodeProcess | undefined;
  let pool: WorkerPool | undefined;
  try {
    server = await startNodeProcess({
      script: kind === 'ours' ? 'server/index.ts' : 'bench/baseline/ws-server.ts',
      env: serverEnv(kind, dataDir, state.dir, 'one', STORM_LOOKAHEAD_MS),
    });
    const workers = workerCount(viewers);
    pool = WorkerPool.start(workers);
    const reports = await pool.connect(viewerPlans(server.socketUrl, kind, viewers, 'one', workers), connectTimeoutMs(viewers));
    const { joined, failed, firstError } = joinOutcome(kind, reports);
    await sleep(options.settleMs);

    const overflows0 = listenOverflows();
    const m0 = await readMetrics(server.url).catch((error: unknown) => {
      throw new Error(`/bench-metrics before the storm: ${error instanceof Error ? error.message : String(error)}`);
    });
    const machine0 = machineCpuTimes();
    const t0 = performance.now();
    const storm = await pool.storm(STORM_DEADLINE_MS);
    const stormDone = performance.now();
    // A new connection to a server whose accept queue overflowed may wait out SYN retransmissions:
    // wait as long as a viewer may, and keep the storm's results if the server never answers.
    const { m1, metricsError } = await readMetrics(server.url, STORM_DEADLINE_MS).then(
      (m) => ({ m1: m, metricsError: null }),
      (error: unknown) => ({ m1: null, metricsError: error instanceof Error ? error.message : String(error) }),
    );
    const metricsWaitMs = performance.now() - stormDone;
    const stormWindowMs = performance.now() - t0;
    const machine1 = machineCpuTimes();
    const overflows1 = listenOverflows();

    await sleep(options.settleMs);
    const sync = await pool.syncCheck(SYNC_ALLOWANCE_MS);
    const serverCpuMs = m1 ? (m1.cpuUs - m0.cpuUs) / 1000 : NaN;
    const serverCores = serverCpuMs / stormWindowMs;
    const machineBusyCores = machine0 && machine1 ? ((machine1.busy - machine0.busy) * 1000) / stormWindowMs : NaN;
    return {
      server: kind,
      joined,
      failed,
      firstError,
      rejoined: storm.rejoined,
      stranded: storm.stranded,
      modes: storm.modes,
      resumedMessages: storm.resumedMessages,
      replyBytes: storm.replyBytes,
      joinResends: storm.joinResends,
      failedAttempts: storm.failedAttempts,
      firstRejoinError: storm.firstError,
      absorbedMs: storm.stranded === 0 ? storm.lastRejoinMs : null,
      lastRejoinMs: storm.lastRejoinMs,
      rejoin: storm.rejoinMs.summary(),
      gaps: sync.gaps,
      duplicates: sync.duplicates,
      checked: sync.checked,
      outOfSync: sync.outOfSync,
      maxBehind: sync.maxBehind,
      stormWindowMs,
      serverCpuMs,
      serverCores,
      metricsWaitMs,
      metricsError,
      ...loadgenUse(workers, storm),
      otherCores: Math.max(0, machineBusyCores - serverCores - storm.cpuCores),
      stealCores: machine0 && machine1 ? ((machine1.steal - machine0.steal) * 1000) / stormWindowMs : NaN,
      listenOverflows: overflows0 !== null && overflows1 !== null ? overflows1 - overflows0 : null,
      serverLog: logProblems(server.output()),
    };
  } finally {
    await pool?.close();
    await server?.stop();
    state.cleanup();
  }
}

function describe(side: StormSide): string {
  const r = side.rejoin;
  return (
    `${side.server.padEnd(8)} joined ${side.joined}${side.failed ? ` (failed ${side.failed}: ${side.firstError})` : ''}; ` +
    `rejoined ${side.rejoined}, stranded ${side.stranded}, absorbed in ${side.absorbedMs === null ? 'never' : `${fmt(side.absorbedMs / 1000, 2)} s`}; ` +
    `rejoin p50 ${fmt(r.p50)} p99 ${fmt(r.p99)} max ${fmt(r.max)} ms; resume ${side.modes.resume} (carrying ${side.resumedMessages} messages), snapshot ${side.modes.snapshot}, ` +
    `join replies ${fmt(side.replyBytes / 1024 / 1024, 1)} MiB (${fmt(side.replyBytes / Math.max(1, side.rejoined) / 1024, 1)} KiB each), joins sent again ${side.joinResends}; ` +
    `failed attempts ${side.failedAttempts}${side.firstRejoinError ? ` (${side.firstRejoinError})` : ''}; ` +
    `gaps ${side.gaps}, duplicates ${side.duplicates}, out of sync ${side.outOfSync} of ${side.checked} (furthest ${side.maxBehind} behind); ` +
    `server ${fmt(side.serverCpuMs, 0)} ms CPU, ${fmt(side.serverCores * 100)} % of a core over ${fmt(side.stormWindowMs / 1000, 2)} s ` +
    `(/bench-metrics answered ${fmt(side.metricsWaitMs, 0)} ms after the storm${side.metricsError ? `: ${side.metricsError}` : ''}); ` +
    `${describeLoadgen(side)}; ` +
    `other processes ${fmt(side.otherCores * 100)} %, steal ${fmt(side.stealCores * 100)} %; listen overflows ${side.listenOverflows ?? 'n/a'}; ` +
    `server log ${side.serverLog.count} warnings or errors${side.serverLog.first ? `, first: ${side.serverLog.first}` : ''}`
  );
}

export async function runStorm(options: StormOptions): Promise<{ cases: StormCase[] }> {
  const data = tempDir('boothcast-bench-data-');
  const cases: StormCase[] = [];
  try {
    writeDenseTranscript(data.dir);
    let n = 0;
    for (const { viewers } of options.cases) {
      // Every dropped socket may hold its port in TIME_WAIT while its viewer reconnects on another.
      const problem = capacityProblem(viewers, 2 * viewers);
      if (problem) {
        options.log(`storm ${viewers} viewers: skipped: ${problem}`);
        cases.push({ viewers, lookaheadMs: STORM_LOOKAHEAD_MS, ours: null, baseline: null, skipped: problem });
        continue;
      }
      options.log(`storm: ${viewers} viewers in ${DEFAULT_ROOM}, lookahead ${STORM_LOOKAHEAD_MS} ms, all dropped at once`);
      // Alternate which server goes first, so neither always runs on a warmer machine.
      const order: ServerKind[] = n++ % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      const sides: Partial<Record<ServerKind, StormSide>> = {};
      try {
        for (const kind of order) {
          const side = await runSide(kind, data.dir, viewers, options);
          options.log(`  ${describe(side)}`);
          sides[kind] = side;
        }
        cases.push({ viewers, lookaheadMs: STORM_LOOKAHEAD_MS, ours: sides.ours ?? null, baseline: sides.baseline ?? null });
      } catch (error) {
        // One case failing must not lose the others.
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        options.log(`  failed: ${message}`);
        cases.push({ viewers, lookaheadMs: STORM_LOOKAHEAD_MS, ours: sides.ours ?? null, baseline: sides.baseline ?? null, error: message });
      }
    }
    return { cases };
  } finally {
    data.cleanup();
  }
}
