import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, sleep, track } from '../lib/proc';
import { Histogram } from '../lib/stats';
import type { Command, ConnectReport, Reply, RoomPosition, StormReport, SyncMark, SyncReport, WindowReport, WorkerPlan } from './protocol';
import { REJOIN_SPEC } from './reconnect-storm';

const WORKER = path.join(ROOT, 'bench', 'load', 'worker.ts');

export interface LoadTotals {
  readonly lateness: Histogram;
  readonly delivered: number;
  readonly late: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly stale: number;
  readonly dropped: number;
  readonly open: number;
  /** The load generator's CPU in the window, in cores (1 = one core busy all the time). */
  readonly cpuCores: number;
  /** The busiest worker's CPU in the window, in cores. */
  readonly maxWorkerCores: number;
  readonly maxLoopDelayP99Ms: number;
}

export interface StormTotals {
  readonly viewers: number;
  readonly rejoined: number;
  readonly stranded: number;
  readonly modes: Readonly<Record<'resume' | 'snapshot', number>>;
  readonly resumedMessages: number;
  readonly replyBytes: number;
  readonly joinResends: number;
  readonly failedAttempts: number;
  readonly firstError: string | null;
  readonly rejoinMs: Histogram;
  /** First drop in any worker → last rejoin in any worker, ms (wall clock, the same in every process). */
  readonly lastRejoinMs: number;
  readonly cpuCores: number;
  readonly maxWorkerCores: number;
  readonly maxLoopDelayP99Ms: number;
}

export type SyncTotals = Omit<SyncReport, 'type'>;

/**
 * Load workers in child processes (`node --import tsx bench/load/worker.ts`), one request at a time
 * each, every request bounded in time. Viewers are dealt to workers round-robin.
 */
export class WorkerPool {
  private constructor(private readonly children: ChildProcess[]) {}

  static start(count: number): WorkerPool {
    const children = Array.from({ length: count }, () =>
      track(fork(WORKER, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })),
    );
    return new WorkerPool(children);
  }

  get size(): number {
    return this.children.length;
  }

  async connect(plans: readonly Omit<WorkerPlan, 'id'>[], timeoutMs: number): Promise<ConnectReport[]> {
    return Promise.all(this.children.map((child, id) => request<ConnectReport>(child, { type: 'connect', plan: { ...plans[id], id } }, 'connected', timeoutMs)));
  }

  async start(): Promise<void> {
    await Promise.all(this.children.map((child) => request(child, { type: 'start' }, 'started', 10_000)));
  }

  async stop(): Promise<LoadTotals> {
    const reports = await Promise.all(this.children.map((child) => request<WindowReport>(child, { type: 'stop' }, 'stopped', 30_000)));
    const lateness = new Histogram();
    for (const r of reports) lateness.merge(r.lateness);
    const sum = (pick: (r: WindowReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
    const cores = reports.map((r) => r.cpuUs / 1000 / r.windowMs);
    return {
      lateness,
      delivered: sum((r) => r.delivered),
      late: sum((r) => r.late),
      gaps: sum((r) => r.gaps),
      duplicates: sum((r) => r.duplicates),
      stale: sum((r) => r.stale),
      dropped: sum((r) => r.dropped),
      open: sum((r) => r.open),
      cpuCores: cores.reduce((a, b) => a + b, 0),
      maxWorkerCores: Math.max(...cores),
      maxLoopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
    };
  }

  /** Every worker drops all its viewers at once and reconnects them; resolves when all have rejoined or given up. */
  async storm(deadlineMs: number): Promise<StormTotals> {
    const reports = await Promise.all(this.children.map((child) => request<StormReport>(child, { type: 'storm', deadlineMs }, 'stormed', deadlineMs + 30_000)));
    const rejoinMs = new Histogram(REJOIN_SPEC);
    for (const r of reports) rejoinMs.merge(r.rejoinMs);
    const sum = (pick: (r: StormReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
    const cores = reports.map((r) => r.cpuUs / 1000 / r.windowMs);
    const firstDrop = Math.min(...reports.map((r) => r.droppedAtMs));
    const rejoins = reports.filter((r) => r.rejoinMs.count > 0).map((r) => r.droppedAtMs + r.rejoinMs.max);
    return {
      viewers: sum((r) => r.viewers),
      rejoined: sum((r) => r.rejoined),
      stranded: sum((r) => r.stranded),
      modes: { resume: sum((r) => r.modes.resume), snapshot: sum((r) => r.modes.snapshot) },
      resumedMessages: sum((r) => r.resumedMessages),
      replyBytes: sum((r) => r.replyBytes),
      joinResends: sum((r) => r.joinResends),
      failedAttempts: sum((r) => r.failedAttempts),
      firstError: reports.find((r) => r.firstError)?.firstError ?? null,
      rejoinMs,
      lastRejoinMs: rejoins.length ? Math.max(...rejoins) - firstDrop : NaN,
      cpuCores: cores.reduce((a, b) => a + b, 0),
      maxWorkerCores: Math.max(...cores),
      maxLoopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
    };
  }

  /**
   * Whether every viewer is back in sync: the newest position any viewer holds now, then after
   * `allowanceMs`, every joined viewer must have reached it.
   */
  async syncCheck(allowanceMs: number): Promise<SyncTotals> {
    const marks = await Promise.all(this.children.map((child) => request<SyncMark>(child, { type: 'sync-mark' }, 'sync-marked', 10_000)));
    const required: Record<string, RoomPosition> = {};
    for (const mark of marks) {
      for (const [room, p] of Object.entries(mark.rooms)) {
        required[room] = { seq: Math.max(required[room]?.seq ?? -1, p.seq), epoch: Math.max(required[room]?.epoch ?? -1, p.epoch) };
      }
    }
    await sleep(allowanceMs);
    const reports = await Promise.all(this.children.map((child) => request<SyncReport>(child, { type: 'sync-check', required }, 'sync-checked', 10_000)));
    const sum = (pick: (r: SyncReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
    return {
      checked: sum((r) => r.checked),
      outOfSync: sum((r) => r.outOfSync),
      maxBehind: Math.max(...reports.map((r) => r.maxBehind)),
      gaps: sum((r) => r.gaps),
      duplicates: sum((r) => r.duplicates),
    };
  }

  /** Asks each worker to close its sockets and exit; kills any that has not within 5 s. */
  async close(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            if (child.connected) child.send({ type: 'close' } satisfies Command);
            else child.kill('SIGKILL');
          }),
      ),
    );
  }
}

function request<T extends Reply>(child: ChildProcess, command: Command, expect: T['type'], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`worker ${child.pid}: no "${expect}" in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (reply: Reply) => {
      if (reply.type === 'error') finish(new Error(`worker ${child.pid}: ${reply.message}`));
      else if (reply.type === expect) finish(undefined, reply as T);
    };
    const onExit = (code: number | null) => finish(new Error(`worker ${child.pid} exited with ${code}`));
    const finish = (error?: Error, reply?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(reply as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(command);
  });
}
