/**
 * Timing accuracy of the room player, in process: RoomPlayer on the real clock
 * (systemTimeSource), measuring for every emission actual emit time − due time, where
 * due = serverTimeAt(clock, startMs) − lookahead; idle (one room, a segment every few ms) and with
 * 100 rooms at random phases. Then drift over a simulated hour: RoomPlayer on
 * acceleratedTimeSource(60) against the baseline, chained setTimeout(delay) with the same nominal
 * delays. Each baseline runs right after ours, for the same length of time.
 */
import type { CaptionSegment } from '../server/protocol';
import { serverTimeAt } from '../server/replay/clock';
import { RoomPlayer } from '../server/replay/room-player';
import { acceleratedTimeSource, systemTimeSource, type TimeSource } from '../server/replay/time-source';
import { benchRoomPhase } from '../server/rooms/bench-rooms';
import { wallNowMs } from './lib/due-time';
import { sleep } from './lib/proc';
import { Histogram, linearSlope, median, type HistogramSpec, type Summary } from './lib/stats';
import { syntheticSegments } from './lib/synthetic';

export interface TimingOptions {
  /** Idle: one room, a segment every `idleSpacingMs`, `idleSegments` of them (≥ 10,000 in a full run). */
  readonly idleSegments: number;
  readonly idleSpacingMs: number;
  /** Rooms: this many rooms at random phases, a segment every `roomsSpacingMs` each, for `roomsRunMs`. */
  readonly rooms: number;
  readonly roomsSpacingMs: number;
  readonly roomsRunMs: number;
  /** Drift: simulated time at `speed`×, a segment every `driftSpacingMs` of simulated time. */
  readonly driftSimulatedMs: number;
  readonly driftSpacingMs: number;
  readonly speed: number;
  readonly log: (line: string) => void;
}

/** Scheduling error, ms: a little early to very late (the chained baseline drifts by seconds). */
const ERROR_SPEC: HistogramSpec = { low: -20, high: 10_000, step: 0.02 };
const LOOKAHEAD_MS = 0;
/** Emissions due before this long after the start (context segments sent at once) are not counted. */
const WARMUP_MS = 20;

export interface SchedulingResult {
  readonly emissions: number;
  readonly error: Summary;
  /** Emissions before their due time. */
  readonly early: number;
  readonly runMs: number;
}

export interface DriftResult {
  readonly emissions: number;
  readonly simulatedMs: number;
  /** Error of the last emission, in real-time milliseconds (simulated error ÷ speed). */
  readonly lastErrorMs: number;
  readonly lastErrorSimulatedMs: number;
  /** Median error of the last simulated minute minus that of the first, real-time ms. */
  readonly driftMs: number;
  /** Least-squares trend of the error, real-time ms per simulated hour. */
  readonly driftPerHourMs: number;
  readonly error: Summary;
}

export interface TimingResult {
  readonly idle: { readonly ours: SchedulingResult; readonly baseline: SchedulingResult; readonly spacingMs: number };
  readonly rooms: { readonly ours: SchedulingResult; readonly baseline: SchedulingResult; readonly rooms: number; readonly spacingMs: number };
  readonly drift: { readonly ours: DriftResult; readonly baseline: DriftResult; readonly speed: number; readonly spacingMs: number };
}

interface Recorder {
  readonly hist: Histogram;
  early: number;
  record(errorMs: number): void;
}

function recorder(): Recorder {
  const r: Recorder = {
    hist: new Histogram(ERROR_SPEC),
    early: 0,
    record(errorMs) {
      r.hist.record(errorMs);
      if (errorMs < 0) r.early++;
    },
  };
  return r;
}

/** RoomPlayers on the real clock, each seeked to its phase; records every emission's error. */
async function playersOnRealClock(segments: CaptionSegment[], phases: readonly number[], runMs: number): Promise<SchedulingResult> {
  const time = systemTimeSource();
  const rec = recorder();
  const from = time.now() + WARMUP_MS;
  const durationMs = segments[segments.length - 1].endMs + 1;
  let running = true;
  const players = phases.map((phase) => {
    const holder: { player?: RoomPlayer } = {};
    holder.player = new RoomPlayer({
      segments,
      durationMs,
      time,
      lookaheadMs: LOOKAHEAD_MS,
      loopPauseMs: 0,
      stream: 'bench-timing',
      playing: true,
      loop: false,
      sink: {
        segment: (message) => {
          const at = wallNowMs();
          const player = holder.player;
          if (!player || !running) return;
          const due = serverTimeAt(player.clock, message.dueMs) - LOOKAHEAD_MS;
          if (due >= from) rec.record(at - due);
        },
        clock: () => {},
      },
    });
    if (phase > 0) holder.player.seek(phase);
    return holder.player;
  });
  await sleep(runMs);
  running = false;
  for (const p of players) p.dispose();
  return { emissions: rec.hist.count, error: rec.hist.summary(), early: rec.early, runMs };
}

/** The baseline: per room, chained setTimeout with the nominal delay between consecutive segments. */
async function chainedOnRealClock(segments: CaptionSegment[], phases: readonly number[], runMs: number): Promise<SchedulingResult> {
  const rec = recorder();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let running = true;
  const time = systemTimeSource();
  for (const phase of phases) {
    const anchor = time.now();
    let k = segments.findIndex((s) => s.startMs > phase);
    if (k < 0) continue;
    const fire = () => {
      const at = wallNowMs();
      if (!running) return;
      const due = anchor + segments[k].startMs - phase;
      if (due >= anchor + WARMUP_MS) rec.record(at - due);
      k++;
      if (k < segments.length) arm(segments[k].startMs - segments[k - 1].startMs);
    };
    const arm = (delay: number) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fire();
      }, delay);
      timers.add(t);
    };
    arm(segments[k].startMs - phase);
  }
  await sleep(runMs);
  running = false;
  for (const t of timers) clearTimeout(t);
  return { emissions: rec.hist.count, error: rec.hist.summary(), early: rec.early, runMs };
}

/** Accelerated time whose origin is known, so an emission's exact simulated time can be computed. */
function accelerated(speed: number): { time: TimeSource; simNow: () => number } {
  const system = systemTimeSource();
  let origin: number | undefined;
  const base: TimeSource = {
    now: () => {
      const t = system.now();
      origin ??= t;
      return t;
    },
    setTimer: system.setTimer,
    clearTimer: system.clearTimer,
  };
  const time = acceleratedTimeSource(speed, base);
  return { time, simNow: () => origin! + (wallNowMs() - origin!) * speed };
}

/** `errorsSim[i]` is the simulated-time error of the emission due at `(i + 1) * spacingMs`. */
function driftResult(errorsSim: number[], speed: number, spacingMs: number, simulatedMs: number): DriftResult {
  const hist = new Histogram(ERROR_SPEC);
  for (const e of errorsSim) hist.record(e / speed);
  const perMinute = Math.max(1, Math.round(60_000 / spacingMs));
  const first = median(errorsSim.slice(0, perMinute)) / speed;
  const last = median(errorsSim.slice(-perMinute)) / speed;
  const lastSim = errorsSim[errorsSim.length - 1] ?? NaN;
  const hours = errorsSim.map((_, i) => ((i + 1) * spacingMs) / 3_600_000);
  const driftPerHourMs = linearSlope(hours, errorsSim) / speed;
  return { emissions: errorsSim.length, simulatedMs, lastErrorMs: lastSim / speed, lastErrorSimulatedMs: lastSim, driftMs: last - first, driftPerHourMs, error: hist.summary() };
}

async function driftOurs(simulatedMs: number, spacingMs: number, speed: number): Promise<DriftResult> {
  const segments = syntheticSegments(Math.floor(simulatedMs / spacingMs), spacingMs);
  const { time, simNow } = accelerated(speed);
  const errors: number[] = [];
  const holder: { player?: RoomPlayer } = {};
  holder.player = new RoomPlayer({
    segments,
    durationMs: segments[segments.length - 1].endMs + 1,
    time,
    lookaheadMs: 0,
    loopPauseMs: 0,
    stream: 'bench-drift',
    playing: true,
    loop: false,
    sink: {
      segment: (message) => {
        const at = simNow();
        if (holder.player) errors.push(at - serverTimeAt(holder.player.clock, message.dueMs));
      },
      clock: () => {},
    },
  });
  await sleep(simulatedMs / speed + 500);
  holder.player.dispose();
  return driftResult(errors, speed, spacingMs, simulatedMs);
}

async function driftChained(simulatedMs: number, spacingMs: number, speed: number): Promise<DriftResult> {
  const segments = syntheticSegments(Math.floor(simulatedMs / spacingMs), spacingMs);
  const { time, simNow } = accelerated(speed);
  const anchor = time.now();
  const errors: number[] = [];
  let k = 0;
  let timer: ReturnType<TimeSource['setTimer']> | undefined;
  const fire = () => {
    errors.push(simNow() - (anchor + segments[k].startMs));
    k++;
    if (k < segments.length) timer = time.setTimer(fire, segments[k].startMs - segments[k - 1].startMs);
  };
  timer = time.setTimer(fire, segments[0].startMs);
  // The chained timers run late, so give them time to finish (bounded: at most twice the nominal).
  const deadline = performance.now() + (2 * simulatedMs) / speed + 1000;
  await sleep(simulatedMs / speed + 500);
  while (k < segments.length && performance.now() < deadline) await sleep(100);
  if (timer !== undefined) time.clearTimer(timer);
  return driftResult(errors, speed, spacingMs, simulatedMs);
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const line = (label: string, r: SchedulingResult) =>
  `  ${label.padEnd(9)} ${r.emissions} emissions, error p50 ${fmt(r.error.p50)} p99 ${fmt(r.error.p99)} max ${fmt(r.error.max)} ms, early ${r.early} (earliest ${fmt(r.error.min)} ms)`;
const driftLine = (label: string, r: DriftResult) =>
  `  ${label.padEnd(9)} ${r.emissions} emissions, last error ${fmt(r.lastErrorMs)} ms real (${fmt(r.lastErrorSimulatedMs, 0)} ms simulated), drift ${fmt(r.driftMs)} ms (median last − first minute), trend ${fmt(r.driftPerHourMs)} ms per hour`;

export async function runTiming(o: TimingOptions): Promise<TimingResult> {
  const idleSegments = syntheticSegments(o.idleSegments, o.idleSpacingMs, 100);
  const idleRunMs = 100 + o.idleSegments * o.idleSpacingMs + 200;
  o.log(`timing: idle, one room, a segment every ${o.idleSpacingMs} ms for ${fmt(idleRunMs / 1000, 1)} s`);
  const idleOurs = await playersOnRealClock(idleSegments, [0], idleRunMs);
  o.log(line('ours', idleOurs));
  const idleBase = await chainedOnRealClock(idleSegments, [0], idleRunMs);
  o.log(line('baseline', idleBase));

  // Each room has twice the run's worth of segments and starts somewhere in the first half.
  const roomSegments = syntheticSegments(Math.ceil((2 * o.roomsRunMs) / o.roomsSpacingMs), o.roomsSpacingMs);
  const phases = Array.from({ length: o.rooms }, (_, i) => benchRoomPhase(i, o.roomsRunMs));
  o.log(`timing: ${o.rooms} rooms at random phases, a segment every ${o.roomsSpacingMs} ms each, for ${fmt(o.roomsRunMs / 1000, 1)} s`);
  const roomsOurs = await playersOnRealClock(roomSegments, phases, o.roomsRunMs);
  o.log(line('ours', roomsOurs));
  const roomsBase = await chainedOnRealClock(roomSegments, phases, o.roomsRunMs);
  o.log(line('baseline', roomsBase));

  o.log(`timing: drift over ${fmt(o.driftSimulatedMs / 3_600_000, 2)} h simulated at ${o.speed}× (a segment every ${o.driftSpacingMs} ms)`);
  const driftO = await driftOurs(o.driftSimulatedMs, o.driftSpacingMs, o.speed);
  o.log(driftLine('ours', driftO));
  const driftB = await driftChained(o.driftSimulatedMs, o.driftSpacingMs, o.speed);
  o.log(driftLine('baseline', driftB));

  return {
    idle: { ours: idleOurs, baseline: idleBase, spacingMs: o.idleSpacingMs },
    rooms: { ours: roomsOurs, baseline: roomsBase, rooms: o.rooms, spacingMs: o.roomsSpacingMs },
    drift: { ours: driftO, baseline: driftB, speed: o.speed, spacingMs: o.driftSpacingMs },
  };
}
