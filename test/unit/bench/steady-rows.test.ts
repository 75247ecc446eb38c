import { describe, expect, it } from 'vitest';
import { goalRows, type BenchResults, type Mode } from '../../../bench/report';
import type { SteadyResult, SteadySide } from '../../../bench/steady';

const window = (serverCores: number) => ({ windowMs: 60_000, serverCores, otherCores: 0, stealCores: 0 });
const metrics = { heapUsed: 0, rss: 0, cpuUs: 0, sockets: 0 };

function side(server: 'ours' | 'baseline', joined: number, idleCores: number, loadedCores: number): SteadySide {
  const perViewer = (loadedCores - idleCores) / joined;
  return {
    server,
    joined,
    failed: 0,
    firstError: null,
    connectMs: 1000,
    serverSockets: joined,
    idle: window(idleCores),
    loaded: window(loadedCores),
    coresPerViewer: perViewer,
    targetCores: idleCores + perViewer * 50_000,
    lateness: { count: 10, min: -1000, p50: -990, p90: -980, p99: -970, p999: -960, max: -950, mean: -985 },
    delivered: 10,
    late: 0,
    gaps: 0,
    stale: 0,
    dropped: 0,
    heapPerViewerBytes: 0,
    rssPerViewerBytes: 0,
    memoryBefore: metrics,
    memoryAfter: metrics,
    workers: 8,
    loadgenCores: 0,
    maxWorkerCores: 0,
    loadgenLoopDelayP99Ms: 0,
  };
}

function steady(viewers: number, ours: SteadySide, baseline: SteadySide): SteadyResult {
  return {
    viewers,
    limitedBy: 'test',
    targetViewers: 50_000,
    rooms: 101,
    lookaheadMs: 1000,
    loopPauseMs: 1000,
    transcript: { id: 'vienna-2015-11-14', durationMs: 634_760, segments: 88 },
    measureMs: 60_000,
    settleMs: 10_000,
    ours,
    baseline,
  };
}

function rows(s: SteadyResult, mode: Mode = 'default') {
  const results: BenchResults = {
    date: '2026-11-27',
    mode,
    command: 'test',
    startedAt: '',
    finishedAt: '',
    machine: { nproc: 2, cpuModel: 'test', node: 'v20', memoryGiB: 24, kernel: 'Linux', openFilesLimit: '20000', loadAverage: [0, 0, 0] },
    loadAverageAtEnd: [0, 0, 0],
    nice: null,
    timing: null,
    fanout: null,
    steady: s,
    storm: null,
    pages: null,
    paintSync: null,
    skipped: {},
    errors: {},
  };
  return goalRows(results);
}

describe('steady-state goal rows', () => {
  it('judge the goal on an extrapolation, and say so and from how many viewers', () => {
    const [measured, atGoal, late] = rows(steady(19_000, side('ours', 19_000, 0.02, 0.21), side('baseline', 19_000, 0.01, 0.1)));
    expect(measured.ours).toBeCloseTo(21, 10);
    expect(atGoal.metric).toContain('extrapolated, not measured');
    expect(atGoal.metric).toContain('from 19,000 viewers');
    expect(atGoal.ours).toBeCloseTo(52, 10);
    expect(atGoal.goal).toBe('≤ 60 % of a core at 50,000 viewers');
    expect(atGoal.met).toBe(true);
    expect(late).toMatchObject({ ours: 0, met: true });
  });

  it('fail the goal when the extrapolation is over it', () => {
    const [, atGoal] = rows(steady(19_000, side('ours', 19_000, 0.02, 0.3), side('baseline', 19_000, 0.01, 0.1)));
    expect(atGoal.met).toBe(false);
  });

  it('call 50,000 viewers a measurement', () => {
    const [, atGoal] = rows(steady(50_000, side('ours', 50_000, 0.02, 0.5), side('baseline', 50_000, 0.01, 0.3)));
    expect(atGoal.metric).toBe('server CPU at 50,000 viewers, measured');
    expect(atGoal.ours).toBeCloseTo(50, 10);
  });

  it('judge nothing in a smoke run', () => {
    expect(rows(steady(300, side('ours', 300, 0.004, 0.008), side('baseline', 300, 0.004, 0.016)), 'smoke').map((r) => r.met)).toEqual([null, null, null]);
  });
});
