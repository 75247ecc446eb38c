/**
 * `npx tsx bench/profile.ts [--viewers=2000] [--layout=one|spread] [--window=15] [--out=dir]
 * [--server=ours|baseline] [--heap=0] [--cpu=0] [--env=KEY=VALUE,…]`:
 * where a server's time and memory go under the fan-out. Starts the server (ours, or the bare `ws`
 * baseline with `--server=baseline`) as the fan-out does (dense transcript, lookahead 1000 ms) with
 * `--heapsnapshot-signal=SIGUSR2` and the inspector, takes a heap snapshot after a full GC before
 * and after connecting the viewers (`--heap=0`: none), profiles the CPU over a window of captions
 * (`--cpu=0`: no profiler, only the server's CPU time), and prints (and writes to
 * `<out>/profile.md`): the server's CPU per delivered caption, that time split by where it is spent
 * (µs per caption), the functions and packages with the most self time, and the object classes
 * whose self size grew per viewer. `--env` adds to the server's environment. The raw .cpuprofile
 * and .heapsnapshot files stay in `<out>` (not committed: tens of MiB).
 *
 * `--compare=dirA,dirB[,…]`: the split of several runs already made, side by side.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serverEnv, writeDenseTranscript, type Layout, type ServerKind, viewerPlans, workerCount, fmt, joinOutcome } from './fanout';
import { collectGarbage, readMetrics } from './lib/metrics';
import { ROOT, sleep, startNodeProcess, tempDir } from './lib/proc';
import { inspectorSession, type CpuProfile, type ProfileNode } from './lib/cpu-profile';
import { WorkerPool } from './load/spawn-workers';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const viewers = Number(arg('viewers', '2000'));
const layout = arg('layout', 'one') as Layout;
const windowMs = Number(arg('window', '15')) * 1000;
const server = arg('server', 'ours') as ServerKind;
if (server !== 'ours' && server !== 'baseline') throw new Error(`--server must be ours or baseline, not ${server}`);
const withHeap = arg('heap', '1') !== '0';
const withCpu = arg('cpu', '1') !== '0';
/** `--env=A=1,B=2`: added to the server's environment (to compare settings). */
const extraEnv = Object.fromEntries(
  arg('env', '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new Error(`--env: "${kv}" is not KEY=VALUE`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
);
const out = path.resolve(arg('out', path.join(ROOT, 'bench', 'results', 'tmp', `profile-${server}-${viewers}-${layout}`)));

async function waitForNewFile(dir: string, suffix: string, known: Set<string>, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const fresh = readdirSync(dir).filter((f) => f.endsWith(suffix) && !known.has(f));
    if (fresh.length > 0) {
      const file = path.join(dir, fresh[0]);
      const size = statSync(file).size;
      // Written when its size stops changing and the JSON is closed.
      if (size > 0 && size === last && readFileSync(file, 'utf8').trimEnd().endsWith('}')) return file;
      last = size;
    }
    if (Date.now() > deadline) throw new Error(`no ${suffix} in ${dir} after ${timeoutMs} ms`);
    await sleep(1000);
  }
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per class: objects and closures by name, everything else by type. */
function classes(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const result = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    const name = snap.strings[snap.nodes[i + iName]];
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name.slice(0, 60)}` : `(${type})`;
    const entry = result.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snap.nodes[i + iSize];
    result.set(key, entry);
  }
  return result;
}

/** Where a function's self time goes in the split: by package or Node.js module, and a few by name. */
export function category(functionName: string, url: string): string {
  if (url === '') {
    if (functionName === 'writev' || functionName === 'writeBuffer' || functionName === 'writeUtf8String') return 'write system call (writev)';
    if (functionName === '(garbage collector)') return 'garbage collector';
    return `native: ${functionName}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(url)?.[1];
  if (pkg === 'engine.io' || pkg === 'engine.io-parser') return 'Engine.IO (sendPacket, flush, transport send, write callback)';
  if (pkg === 'socket.io-adapter') return 'Socket.IO adapter (broadcast loop)';
  if (pkg === 'socket.io' || pkg === 'socket.io-parser') return 'Socket.IO';
  if (pkg === 'ws') return 'ws (Sender)';
  if (pkg === 'debug') return 'debug (disabled log calls)';
  if (pkg) return `package ${pkg}`;
  if (url.includes('server/realtime/room-fanout')) return 'ours: room-fanout.ts (send, backlog listeners)';
  if (url.includes('/server/') || url.includes('/bench/baseline/')) return 'ours/baseline: schedule, clock, packet text';
  if (/^node:internal\/(streams|stream_base_commons)|^node:net$/u.test(url)) {
    return functionName === 'afterWriteTick' || functionName === 'afterWrite' ? 'Node: write callbacks (afterWriteTick)' : 'Node: stream and socket write path';
  }
  if (url === 'node:internal/process/task_queues') return 'Node: nextTick queue';
  if (url === 'node:events') return 'Node: EventEmitter.emit';
  if (url.startsWith('node:internal/timers') || url === 'node:timers') return 'Node: timers';
  return `other: ${url.replace(/^.*node_modules\//u, '')}`;
}

/** Functions whose inclusive time (themselves and all they call) the split reports. */
const INCLUSIVE: readonly RegExp[] = [
  /^WebSocket\._onSentLast /u, // Engine.IO's write callback: drain, sent callbacks, writable, ready → flush
  /^afterWriteTick /u,
  /^sendPacket engine\.io/u,
  /^apply socket\.io-adapter/u,
  /^onPacketCreate /u,
  /^onFlush /u,
  /^sendFrame ws/u,
  /^writevGeneric /u,
];

function frameName(node: ProfileNode): { fn: string; where: string } {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//u, '').replace(`${ROOT}/`, '');
  return { fn: `${functionName || '(anonymous)'} ${where ? `${where.replace(/^.*node_modules\//u, '')}:${lineNumber + 1}` : ''}`, where };
}

function cpuSummary(file: string): {
  functions: [string, number][];
  packages: [string, number][];
  categories: [string, number][];
  inclusive: [string, number][];
  totalMs: number;
} {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byCategory = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') continue;
    totalMs += ms;
    const { fn, where } = frameName(node);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(where)?.[1] ?? (where.startsWith('node:') ? 'node (JS)' : where === '' ? `(native) ${functionName}` : where.split('/').slice(0, 2).join('/'));
    add(byFunction, fn, ms);
    add(byPackage, pkg, ms);
    add(byCategory, category(functionName, where), ms);
  }
  // Inclusive time: a node's self time counts once for every listed function on its stack (not twice for recursion).
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const active = new Map<string, number>();
  const root = profile.nodes[0];
  const stack: { node: ProfileNode; key: string | undefined; entered: boolean }[] = [{ node: root, key: undefined, entered: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.entered) {
      stack.pop();
      if (top.key) active.set(top.key, active.get(top.key)! - 1);
      continue;
    }
    top.entered = true;
    const { fn } = frameName(top.node);
    const key = INCLUSIVE.find((r) => r.test(fn)) ? fn : undefined;
    if (key) active.set(key, (active.get(key) ?? 0) + 1);
    top.key = key;
    const ms = selfMs.get(top.node.id) ?? 0;
    if (ms) for (const [k, n] of active) if (n > 0) add(inclusive, k, ms);
    for (const child of top.node.children ?? []) stack.push({ node: byId.get(child)!, key: undefined, entered: false });
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { functions: top(byFunction, 30), packages: top(byPackage, 15), categories: top(byCategory, 30), inclusive: top(inclusive, 20), totalMs };
}

interface WindowFacts {
  server: ServerKind;
  viewers: number;
  layout: Layout;
  env: Record<string, string>;
  delivered: number;
  /** The server process's CPU time in the window (user + system), from /bench-metrics. */
  cpuUs: number;
  windowMs: number;
  profiled: boolean;
}

/** `--compare=dirA,dirB,…`: µs per delivered caption by category, one column per run. */
function compareTable(dirs: readonly string[]): string {
  const runs = dirs.map((dir) => {
    const facts = JSON.parse(readFileSync(path.join(dir, 'window.json'), 'utf8')) as WindowFacts;
    const cpu = facts.profiled ? cpuSummary(path.join(dir, 'window.cpuprofile')) : undefined;
    return { dir, facts, cpu };
  });
  const keys = [...new Set(runs.flatMap((r) => r.cpu?.categories.map(([k]) => k) ?? []))];
  const perCaption = (ms: number | undefined, delivered: number) => (ms === undefined ? '—' : fmt((ms * 1000) / delivered, 2));
  const label = (r: (typeof runs)[number]) => `${r.facts.server}${Object.keys(r.facts.env).length ? ` ${Object.entries(r.facts.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''} (${path.basename(r.dir)})`;
  return [
    `| µs per delivered caption | ${runs.map(label).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    `| server CPU (process, /bench-metrics) | ${runs.map((r) => fmt(r.facts.cpuUs / r.facts.delivered, 2)).join(' | ')} |`,
    `| profiled, non-idle samples | ${runs.map((r) => perCaption(r.cpu?.totalMs, r.facts.delivered)).join(' | ')} |`,
    ...keys.map((k) => `| ${k} | ${runs.map((r) => perCaption(r.cpu?.categories.find(([c]) => c === k)?.[1] ?? 0, r.facts.delivered)).join(' | ')} |`),
    `| captions delivered in the window | ${runs.map((r) => String(r.facts.delivered)).join(' | ')} |`,
  ].join('\n');
}

/** `--diff=before.heapsnapshot,after.heapsnapshot --viewers=N`: only the heap table of two snapshots already taken. */
function heapTable(before: string, after: string, joined: number): string {
  const a = classes(before);
  const b = classes(after);
  const grown = [...b]
    .map(([key, v]) => ({ key, count: v.count - (a.get(key)?.count ?? 0), bytes: v.bytes - (a.get(key)?.bytes ?? 0) }))
    .filter((g) => g.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes);
  const totalGrown = grown.reduce((n, g) => n + g.bytes, 0);
  return [
    `## Heap per viewer: ${fmt(totalGrown / joined / 1024, 2)} KiB of self size in the snapshots`,
    '',
    '| class | count per viewer | bytes per viewer | share |',
    '|---|---:|---:|---:|',
    ...grown.slice(0, 30).map((g) => `| ${g.key.replace(/\|/gu, '\\|')} | ${fmt(g.count / joined, 2)} | ${fmt(g.bytes / joined, 0)} | ${fmt((g.bytes / totalGrown) * 100)} % |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const diff = arg('diff', '');
  if (diff) {
    const [before, after] = diff.split(',');
    console.log(heapTable(before, after, viewers));
    return;
  }
  const compare = arg('compare', '');
  if (compare) {
    console.log(compareTable(compare.split(',').map((d) => path.resolve(d))));
    return;
  }
  mkdirSync(out, { recursive: true });
  const data = tempDir('boothcast-profile-data-');
  const state = tempDir('boothcast-profile-state-');
  writeDenseTranscript(data.dir);
  const proc = await startNodeProcess({
    script: server === 'ours' ? 'server/index.ts' : 'bench/baseline/ws-server.ts',
    env: { ...serverEnv(server, data.dir, state.dir, layout, 1000), ...extraEnv },
    inspect: true,
    startTimeoutMs: 240_000,
    nodeArgs: withHeap ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${out}`] : [],
  });
  let pool: WorkerPool | undefined;
  const known = new Set(existsSync(out) ? readdirSync(out) : []);
  try {
    await sleep(2000);
    const snapshot = async () => {
      await collectGarbage(proc.inspectorUrl!);
      await collectGarbage(proc.inspectorUrl!);
      proc.child.kill('SIGUSR2');
      const file = await waitForNewFile(out, '.heapsnapshot', known);
      known.add(path.basename(file));
      return file;
    };
    const before = withHeap ? await snapshot() : undefined;
    const workers = workerCount(viewers);
    pool = WorkerPool.start(workers);
    const { joined } = joinOutcome(server, await pool.connect(viewerPlans(proc.socketUrl, server, viewers, layout, workers), 600_000));
    await sleep(2000);
    const after = withHeap ? await snapshot() : undefined;
    await collectGarbage(proc.inspectorUrl!);
    const profiler = withCpu ? await inspectorSession(proc.inspectorUrl!) : undefined;
    if (profiler) {
      await profiler.call('Profiler.enable');
      await profiler.call('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.call('Profiler.start');
    }
    const m0 = await readMetrics(proc.url);
    const t0 = performance.now();
    await pool.start();
    await sleep(windowMs);
    const totals = await pool.stop();
    const m1 = await readMetrics(proc.url);
    const facts: WindowFacts = {
      server,
      viewers: joined,
      layout,
      env: extraEnv,
      delivered: totals.delivered,
      cpuUs: m1.cpuUs - m0.cpuUs,
      windowMs: performance.now() - t0,
      profiled: Boolean(profiler),
    };
    writeFileSync(path.join(out, 'window.json'), JSON.stringify(facts));
    const cpuFile = path.join(out, 'window.cpuprofile');
    if (profiler) {
      const { profile } = (await profiler.call('Profiler.stop')) as { profile: unknown };
      profiler.close();
      writeFileSync(cpuFile, JSON.stringify(profile));
    }
    await pool.close();
    pool = undefined;

    const md = [
      `# Profile: ${server === 'ours' ? 'our server' : 'the bare `ws` baseline'}, ${joined} viewers, ${layout === 'one' ? 'one room' : '101 rooms'}, lookahead 1000 ms`,
      '',
      `\`npx tsx bench/profile.ts ${args.join(' ')}\` (Node.js ${process.version}). Heap: two snapshots after a full GC, before and after connecting; self size (not retained size) per class, grown ÷ ${joined} viewers. CPU: the inspector's sampling profiler (200 µs) over a ${windowMs / 1000} s window of captions (${totals.delivered} delivered), viewers connected; self time, idle, program and GC shown as V8 names them.`,
      '',
      `Server CPU in the window: ${fmt(facts.cpuUs / 1000)} ms, **${fmt(facts.cpuUs / facts.delivered, 2)} µs per delivered caption**${profiler ? ' (with the profiler running, which adds to it)' : ''}.`,
      '',
    ];
    if (before && after) md.push(heapTable(before, after, joined), '');
    if (profiler) {
      const cpu = cpuSummary(cpuFile);
      const us = (ms: number) => fmt((ms * 1000) / totals.delivered, 2);
      md.push(
        `## CPU by where it is spent (self time, ${fmt(cpu.totalMs)} ms in all; µs per delivered caption)`,
        '',
        '| where | ms | µs/caption | share |',
        '|---|---:|---:|---:|',
        ...cpu.categories.map(([c, ms]) => `| ${c} | ${fmt(ms)} | ${us(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
        '',
        '## Inclusive time of chosen functions (themselves and all they call)',
        '',
        '| function | ms | µs/caption | share |',
        '|---|---:|---:|---:|',
        ...cpu.inclusive.map(([f, ms]) => `| ${f.replace(/\|/gu, '\\|')} | ${fmt(ms)} | ${us(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
        '',
        `## CPU by package (self time)`,
        '',
        '| package | ms | share |',
        '|---|---:|---:|',
        ...cpu.packages.map(([p, ms]) => `| ${p} | ${fmt(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
        '',
        '## CPU: top functions (self time)',
        '',
        '| function | ms | µs/caption | share |',
        '|---|---:|---:|---:|',
        ...cpu.functions.map(([f, ms]) => `| ${f.replace(/\|/gu, '\\|')} | ${fmt(ms)} | ${us(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
        '',
      );
    }
    writeFileSync(path.join(out, 'profile.md'), md.join('\n'));
    console.log(md.join('\n'));
  } finally {
    await pool?.close();
    await proc.stop();
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
