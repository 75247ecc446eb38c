/**
 * `npm run bench` → `tsx bench/run.ts [--smoke|--full] [--only=timing,fanout,steady,storm,pages,scale50k] [--viewers=1000,5000] [--scale-viewers=50000] [--scale-window=180] [--nice=-10]`.
 *
 * Runs every benchmark (timing, fan-out, steady state, reconnect storm, pages: page weight and
 * paint sync), each against its baseline, prints the goals table and the machine, and writes
 * bench/results/<date>.json, .md and .svg (smoke runs write to bench/results/tmp/, which git
 * ignores). `--smoke` is small and quick: it checks that everything works, not the goals. `--full`
 * adds 50,000 viewers to the fan-out. `scale50k` (50,000 viewers over several server processes of
 * one deployment) runs only when `--only` names it, and writes its own
 * bench/results/<date>-scale<viewers>.json and .md. Exit status 1 when a benchmark failed.
 */
import os from 'node:os';
import path from 'node:path';
import { runFanout, type FanoutCaseSpec, type Layout } from './fanout';
import { buildIsCurrent, ensureBuild } from './lib/build';
import { capacityLimits, largestViewerCount } from './lib/capacity';
import { machine } from './lib/machine';
import { killAll, ROOT } from './lib/proc';
import { runPageWeight } from './page-weight';
import { runScale, scaleLines, SCALE_TARGET_VIEWERS } from './scale50k';
import { writeScaleResults } from './scale-report';
import { runPaintSync } from './paint-sync';
import { consoleReport, writeResults, type BenchResults, type Mode } from './report';
import { runSteady, STEADY_TARGET_VIEWERS, type SteadyOptions } from './steady';
import { runStorm, type StormCaseSpec } from './storm';
import { runTiming, type TimingOptions } from './timing';

const args = process.argv.slice(2);
const mode: Mode = args.includes('--smoke') ? 'smoke' : args.includes('--full') ? 'full' : 'default';
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
/**
 * `--nice=-10`: run the benchmark (and, by inheritance, every process it starts) at this
 * scheduling priority, so background load on a shared machine takes less of the cores from it.
 * Negative values need root. Off by default.
 */
const niceArg = args.find((a) => a.startsWith('--nice='))?.slice('--nice='.length);
/**
 * `--viewers=1000,5000`: the fan-out's viewer counts instead of the mode's (1,000 and 10,000; with
 * --full also 50,000), for a machine too busy or too small for the largest.
 */
const viewersArg = args.find((a) => a.startsWith('--viewers='))?.slice('--viewers='.length).split(',').map(Number);
if (viewersArg && !viewersArg.every((n) => Number.isInteger(n) && n > 0)) {
  console.error(`--viewers=${viewersArg.join(',')}: expected positive whole numbers, comma-separated`);
  process.exit(2);
}
/** `--scale-viewers=5000`: the scale-out's viewers (50,000 unless told); `--scale-window=60`: its window in seconds. */
const scaleViewers = Number(args.find((a) => a.startsWith('--scale-viewers='))?.slice('--scale-viewers='.length) ?? (args.includes('--smoke') ? 600 : SCALE_TARGET_VIEWERS));
const scaleWindowS = Number(args.find((a) => a.startsWith('--scale-window='))?.slice('--scale-window='.length) ?? (args.includes('--smoke') ? 10 : 180));
if (!Number.isInteger(scaleViewers) || scaleViewers <= 0 || !(scaleWindowS > 0)) {
  console.error('--scale-viewers: a positive whole number; --scale-window: seconds, more than 0');
  process.exit(2);
}
const wanted = (name: string) => !only || only.includes(name);
const log = (line: string) => console.log(line);

function fanoutCases(): FanoutCaseSpec[] {
  if (mode === 'smoke') {
    return [
      { viewers: 100, layout: 'one', lookaheadMs: 1000 },
      { viewers: 100, layout: 'spread', lookaheadMs: 0 },
    ];
  }
  const cases: FanoutCaseSpec[] = [];
  for (const viewers of viewersArg ?? (mode === 'full' ? [1000, 10_000, 50_000] : [1000, 10_000])) {
    for (const layout of ['one', 'spread'] as Layout[]) for (const lookaheadMs of [1000, 0]) cases.push({ viewers, layout, lookaheadMs });
  }
  return cases;
}

/** One room of 10,000 viewers, the size the goal is stated for; --full adds no bigger storm. */
function stormCases(): StormCaseSpec[] {
  return [{ viewers: mode === 'smoke' ? 200 : 10_000 }];
}

/**
 * Steady state: the most viewers this machine lets one server hold, up to the goal's 50,000, in
 * every mode but smoke; a minute idle and a minute loaded.
 */
function steadyOptions(): Omit<SteadyOptions, 'log'> {
  if (mode === 'smoke') return { viewers: 300, limitedBy: 'smoke run', measureMs: 5_000, settleMs: 500 };
  return { ...largestViewerCount(capacityLimits(), STEADY_TARGET_VIEWERS), measureMs: 60_000, settleMs: 10_000 };
}

const TIMING: Record<'smoke' | 'full', Omit<TimingOptions, 'log'>> = {
  smoke: { idleSegments: 500, idleSpacingMs: 4, rooms: 100, roomsSpacingMs: 400, roomsRunMs: 2000, driftSimulatedMs: 180_000, driftSpacingMs: 1000, speed: 60 },
  full: { idleSegments: 10_000, idleSpacingMs: 4, rooms: 100, roomsSpacingMs: 400, roomsRunMs: 40_000, driftSimulatedMs: 3_600_000, driftSpacingMs: 1000, speed: 60 },
};

async function main(): Promise<number> {
  const started = new Date();
  let nice: number | null = null;
  if (niceArg !== undefined) {
    try {
      os.setPriority(Number(niceArg));
      nice = os.getPriority();
    } catch (error) {
      console.error(`--nice=${niceArg}: ${error instanceof Error ? error.message : error}; running at the default priority`);
    }
  }
  const machineInfo = machine();
  const skipped: Record<string, string> = {};
  const errors: Record<string, string> = {};
  /** `selectedBy`: the `--only` name that selects this benchmark. */
  const attempt = async <T>(name: string, run: () => Promise<T>, selectedBy = name): Promise<T | null> => {
    if (!wanted(selectedBy)) {
      skipped[name] = 'not selected (--only)';
      return null;
    }
    try {
      return await run();
    } catch (error) {
      errors[name] = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.error(`${name} failed:`, error);
      return null;
    }
  };
  log(`Boothcast benchmarks (${mode}) on ${machineInfo.nproc} × ${machineInfo.cpuModel}, Node.js ${machineInfo.node}`);

  const timing = await attempt('timing', () => runTiming({ ...TIMING[mode === 'smoke' ? 'smoke' : 'full'], log }));
  const fanout = await attempt('fanout', () =>
    runFanout({ cases: fanoutCases(), measureMs: mode === 'smoke' ? 2000 : 10_000, settleMs: mode === 'smoke' ? 500 : 2000, log }),
  );
  const steady = await attempt('steady', () => runSteady({ ...steadyOptions(), log }));
  const storm = await attempt('storm', () => runStorm({ cases: stormCases(), settleMs: mode === 'smoke' ? 500 : 2000, log }));
  // The page benchmarks run against the production build, which the smoke run does not make.
  const withBuild = <T>(name: string, run: () => Promise<T>) =>
    attempt(
      name,
      async () => {
        if (mode === 'smoke' && !(await buildIsCurrent())) {
          skipped[name] = 'no build of the current sources (the smoke run does not build; run `node scripts/ensure-build.mjs` first)';
          return null;
        }
        if (await ensureBuild()) log(`${name}: built the app`);
        return run();
      },
      'pages',
    );
  // The scale-out takes minutes and most of the machine: only when named.
  const scale = only?.includes('scale50k')
    ? await attempt('scale50k', () => runScale({ viewers: scaleViewers, windowMs: scaleWindowS * 1000, settleMs: mode === 'smoke' ? 1000 : 10_000, log }))
    : null;
  if (!only?.includes('scale50k')) skipped.scale50k = 'runs only when named: --only=scale50k';
  const pages = await withBuild('pages', () => runPageWeight({ samples: mode === 'smoke' ? 1 : 5, log }));
  const paintSync = await withBuild('paint sync', () => runPaintSync({ windowMs: mode === 'smoke' ? 4_000 : 30_000, log }));

  const date = started.toISOString().slice(0, 10);
  const results: BenchResults = {
    date,
    mode,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo,
    loadAverageAtEnd: machine().loadAverage,
    nice,
    timing,
    fanout,
    steady,
    storm,
    pages,
    paintSync,
    skipped,
    errors,
  };
  const dir = path.join(ROOT, 'bench', 'results', mode === 'smoke' ? 'tmp' : '');
  // A run of the scale-out alone writes only its own files, not an empty goals table.
  const scaleOnly = only?.length === 1 && only[0] === 'scale50k';
  const files = scaleOnly ? null : writeResults(dir, results);
  if (scale) {
    const scaleFiles = writeScaleResults(dir, date, results.command, machineInfo, scale);
    for (const line of scaleLines(scale)) log(line);
    log(`Wrote ${[scaleFiles.json, scaleFiles.md].map((f) => path.relative(ROOT, f)).join(', ')}`);
  }
  if (files) {
    log('');
    log(consoleReport(results));
    log('');
    log(`Wrote ${[files.json, files.md, files.svg].map((f) => path.relative(ROOT, f)).join(', ')}`);
  }

  if (mode === 'smoke') {
    // The smoke run checks that everything works: something was measured everywhere it ran.
    const empty = [
      ...(timing && timing.idle.ours.emissions === 0 ? ['timing'] : []),
      ...(fanout?.cases.filter((c) => !c.skipped && (!c.ours?.delivered || !c.baseline?.delivered)).map((c) => `fan-out ${c.viewers}/${c.layout}`) ?? []),
      ...(steady && !steady.skipped && (!steady.ours?.delivered || !steady.baseline?.delivered) ? [`steady ${steady.viewers}`] : []),
      ...(paintSync && paintSync.ours.count === 0 ? ['paint sync'] : []),
      ...(storm?.cases.filter((c) => !c.skipped && (!c.ours?.rejoined || !c.baseline?.rejoined)).map((c) => `storm ${c.viewers}`) ?? []),
    ];
    for (const what of empty) errors[what] = 'nothing measured';
    if (empty.length) console.error(`smoke: nothing measured in ${empty.join(', ')}`);
  }
  return Object.keys(errors).length > 0 ? 1 : 0;
}

const onSignal = (signal: NodeJS.Signals) => {
  console.error(`\n${signal}: stopping every process the benchmark started`);
  killAll();
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
