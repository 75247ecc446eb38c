/**
 * `npx tsx bench/storm-profile.ts [--viewers=5000] [--out=dir]`: where our server's time goes in
 * a reconnect storm. Starts the server as the storm benchmark does (bench/storm.ts: dense
 * transcript, one room, lookahead 1000 ms) with the inspector, joins the viewers, then profiles
 * the CPU (the inspector's sampling profiler, 500 µs) from just before the drop until every viewer
 * is back or stranded, and prints (and writes to `<out>/storm-profile.md`): the storm's outcome,
 * self time by package and function, and the inclusive time of our own functions. The raw
 * .cpuprofile stays in `<out>` (not committed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, joinOutcome, serverEnv, viewerPlans, workerCount, writeDenseTranscript } from './fanout';
import { inspectorSession, summariseCpu, type CpuProfile } from './lib/cpu-profile';
import { STORM_PHASES, stormPhases } from './lib/storm-phases';
import { readMetrics } from './lib/metrics';
import { ROOT, sleep, startNodeProcess, tempDir } from './lib/proc';
import { WorkerPool } from './load/spawn-workers';
import { STORM_DEADLINE_MS, STORM_LOOKAHEAD_MS } from './storm';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const viewers = Number(arg('viewers', '5000'));
const out = path.resolve(arg('out', path.join(ROOT, 'bench', 'results', 'tmp', `storm-profile-${viewers}`)));

async function main(): Promise<void> {
  if (!Number.isInteger(viewers) || viewers < 1 || viewers > 20_000) throw new Error(`--viewers must be a whole number from 1 to 20000, not ${arg('viewers', '')}`);
  mkdirSync(out, { recursive: true });
  const data = tempDir('boothcast-profile-data-');
  const state = tempDir('boothcast-profile-state-');
  writeDenseTranscript(data.dir);
  const server = await startNodeProcess({
    script: 'server/index.ts',
    env: serverEnv('ours', data.dir, state.dir, 'one', STORM_LOOKAHEAD_MS),
    inspect: true,
    startTimeoutMs: 240_000,
  });
  let pool: WorkerPool | undefined;
  try {
    const workers = workerCount(viewers);
    pool = WorkerPool.start(workers);
    const { joined } = joinOutcome('ours', await pool.connect(viewerPlans(server.socketUrl, 'ours', viewers, 'one', workers), 600_000));
    await sleep(2000);
    const profiler = await inspectorSession(server.inspectorUrl!);
    await profiler.call('Profiler.enable');
    await profiler.call('Profiler.setSamplingInterval', { interval: 500 });
    const m0 = await readMetrics(server.url);
    await profiler.call('Profiler.start');
    const t0 = performance.now();
    const storm = await pool.storm(STORM_DEADLINE_MS);
    const stormMs = performance.now() - t0;
    const { profile } = (await profiler.call('Profiler.stop')) as { profile: CpuProfile };
    const m1 = await readMetrics(server.url, STORM_DEADLINE_MS);
    profiler.close();
    writeFileSync(path.join(out, 'storm.cpuprofile'), JSON.stringify(profile));
    const cpu = summariseCpu(profile);
    const share = (ms: number) => `${fmt((ms / cpu.totalMs) * 100)} %`;
    const phases = stormPhases(profile);
    const phaseShare = (ms: number | undefined) => `${fmt(((ms ?? 0) / phases.totalMs) * 100)} %`;
    const md = [
      `# Storm profile: ${joined} viewers, one room, lookahead ${STORM_LOOKAHEAD_MS} ms`,
      '',
      `\`npx tsx bench/storm-profile.ts ${args.join(' ')}\` (Node.js ${process.version}), ${new Date().toISOString()}. ` +
        `Rejoined ${storm.rejoined}, stranded ${storm.stranded}, last rejoin ${fmt(storm.lastRejoinMs / 1000, 2)} s after the drop (window ${fmt(stormMs / 1000, 2)} s); ` +
        `resume ${storm.modes.resume} carrying ${storm.resumedMessages} messages, snapshot ${storm.modes.snapshot}; join replies ${fmt(storm.replyBytes / 1024 / 1024, 1)} MiB; joins sent again ${storm.joinResends}; failed attempts ${storm.failedAttempts}${storm.firstError ? ` (${storm.firstError})` : ''}. ` +
        `Server CPU ${fmt((m1.cpuUs - m0.cpuUs) / 1000, 0)} ms (/bench-metrics); profiled (idle excluded) ${fmt(cpu.totalMs, 0)} ms. The profiler itself slows the server: compare shares, not times, with the benchmark.`,
      '',
      '## What the server was doing (self time by call stack)',
      '',
      '| phase | ms | share |',
      '|---|---:|---:|',
      ...STORM_PHASES.map((p) => `| ${p} | ${fmt(phases.totals.get(p) ?? 0, 0)} | ${phaseShare(phases.totals.get(p))} |`),
      '',
      `By ${phases.sliceMs / 1000} s slice of the profile (ms of self time; columns in the order above):`,
      '',
      `| from s | ${STORM_PHASES.map((_, i) => String(i + 1)).join(' | ')} |`,
      `|---:|${STORM_PHASES.map(() => '---:').join('|')}|`,
      ...phases.slices.map((slice, i) => `| ${(i * phases.sliceMs) / 1000} | ${STORM_PHASES.map((p) => fmt(slice.get(p) ?? 0, 0)).join(' | ')} |`),
      '',
      '## CPU by package (self time)',
      '',
      '| package | ms | share |',
      '|---|---:|---:|',
      ...cpu.packages.map(([p, ms]) => `| ${p} | ${fmt(ms, 0)} | ${share(ms)} |`),
      '',
      '## Top functions (self time)',
      '',
      '| function | ms | share |',
      '|---|---:|---:|',
      ...cpu.functions.map(([f, ms]) => `| ${f.replace(/\|/gu, '\\|')} | ${fmt(ms, 0)} | ${share(ms)} |`),
      '',
      '## Our functions (inclusive: their own time and what they called)',
      '',
      '| function | ms | share |',
      '|---|---:|---:|',
      ...cpu.ours.map(([f, ms]) => `| ${f.replace(/\|/gu, '\\|')} | ${fmt(ms, 0)} | ${share(ms)} |`),
      '',
    ].join('\n');
    writeFileSync(path.join(out, 'storm-profile.md'), md);
    console.log(md);
  } finally {
    await pool?.close();
    await server.stop();
    data.cleanup();
    state.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
