/**
 * `npx tsx bench/profile.ts [--viewers=2000] [--layout=one|spread] [--window=15] [--out=dir]`:
 * where our server's time and memory go under the fan-out. Starts the server as the fan-out does
 * (dense transcript, lookahead 1000 ms) with `--heapsnapshot-signal=SIGUSR2` and the inspector,
 * takes a heap snapshot after a full GC before and after connecting the viewers, profiles the CPU
 * over a window of captions, and prints (and writes to `<out>/profile.md`): the functions and
 * packages with the most self time, and the object classes whose self size grew per viewer. The
 * raw .cpuprofile and .heapsnapshot files stay in `<out>` (not committed: tens of MiB).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serverEnv, writeDenseTranscript, type Layout, viewerPlans, workerCount, fmt, joinOutcome } from './fanout';
import { collectGarbage } from './lib/metrics';
import { ROOT, sleep, startNodeProcess, tempDir } from './lib/proc';
import WebSocket from 'ws';
import { WorkerPool } from './load/spawn-workers';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const viewers = Number(arg('viewers', '2000'));
const layout = arg('layout', 'one') as Layout;
const windowMs = Number(arg('window', '15')) * 1000;
const out = path.resolve(arg('out', path.join(ROOT, 'bench', 'results', 'tmp', `profile-${viewers}-${layout}`)));

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

/** A session on the server's inspector: `call` sends one command and resolves with its result. */
function inspectorSession(url: string): Promise<{ call(method: string, params?: object): Promise<unknown>; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 });
    let next = 1;
    const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    ws.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id!);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result);
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (method, params) =>
          new Promise((ok, fail) => {
            const id = next++;
            pending.set(id, { resolve: ok, reject: fail });
            ws.send(JSON.stringify({ id, method, params }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function cpuSummary(file: string): { functions: [string, number][]; packages: [string, number][]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    totalMs += ms;
    const where = url.replace(/^file:\/\//u, '').replace(`${ROOT}/`, '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(where)?.[1] ?? (where.startsWith('node:') ? 'node (JS)' : where === '' ? `(native) ${functionName}` : where.split('/').slice(0, 2).join('/'));
    const fn = `${functionName || '(anonymous)'} ${where ? `${where.replace(/^.*node_modules\//u, '')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { functions: top(byFunction, 30), packages: top(byPackage, 15), totalMs };
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
  mkdirSync(out, { recursive: true });
  const data = tempDir('boothcast-profile-data-');
  const state = tempDir('boothcast-profile-state-');
  writeDenseTranscript(data.dir);
  const server = await startNodeProcess({
    script: 'server/index.ts',
    env: serverEnv('ours', data.dir, state.dir, layout, 1000),
    inspect: true,
    startTimeoutMs: 240_000,
    nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${out}`],
  });
  let pool: WorkerPool | undefined;
  const known = new Set(existsSync(out) ? readdirSync(out) : []);
  try {
    await sleep(2000);
    const snapshot = async () => {
      await collectGarbage(server.inspectorUrl!);
      await collectGarbage(server.inspectorUrl!);
      server.child.kill('SIGUSR2');
      const file = await waitForNewFile(out, '.heapsnapshot', known);
      known.add(path.basename(file));
      return file;
    };
    const before = await snapshot();
    const workers = workerCount(viewers);
    pool = WorkerPool.start(workers);
    const { joined } = joinOutcome('ours', await pool.connect(viewerPlans(server.socketUrl, 'ours', viewers, layout, workers), 600_000));
    await sleep(2000);
    const after = await snapshot();
    const profiler = await inspectorSession(server.inspectorUrl!);
    await profiler.call('Profiler.enable');
    await profiler.call('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.call('Profiler.start');
    await pool.start();
    await sleep(windowMs);
    const totals = await pool.stop();
    const { profile } = (await profiler.call('Profiler.stop')) as { profile: unknown };
    profiler.close();
    const cpuFile = path.join(out, 'window.cpuprofile');
    writeFileSync(cpuFile, JSON.stringify(profile));
    await pool.close();
    pool = undefined;

    const a = classes(before);
    const b = classes(after);
    const grown = [...b]
      .map(([key, v]) => ({ key, count: v.count - (a.get(key)?.count ?? 0), bytes: v.bytes - (a.get(key)?.bytes ?? 0) }))
      .filter((g) => g.bytes > 0)
      .sort((x, y) => y.bytes - x.bytes);
    const totalGrown = grown.reduce((n, g) => n + g.bytes, 0);
    const cpu = cpuSummary(cpuFile);
    const md = [
      `# Profile: ${joined} viewers, ${layout === 'one' ? 'one room' : '101 rooms'}, lookahead 1000 ms`,
      '',
      `\`npx tsx bench/profile.ts ${args.join(' ')}\` (Node.js ${process.version}). Heap: two snapshots after a full GC, before and after connecting; self size (not retained size) per class, grown ÷ ${joined} viewers. CPU: the inspector's sampling profiler (200 µs) over a ${windowMs / 1000} s window of captions (${totals.delivered} delivered), viewers connected; self time, idle, program and GC shown as V8 names them.`,
      '',
      `## Heap per viewer: ${fmt(totalGrown / joined / 1024, 2)} KiB of self size in the snapshots`,
      '',
      '| class | count per viewer | bytes per viewer | share |',
      '|---|---:|---:|---:|',
      ...grown.slice(0, 30).map((g) => `| ${g.key.replace(/\|/gu, '\\|')} | ${fmt(g.count / joined, 2)} | ${fmt(g.bytes / joined, 0)} | ${fmt((g.bytes / totalGrown) * 100)} % |`),
      '',
      `## CPU by package (self time, ${fmt(cpu.totalMs)} ms in all)`,
      '',
      '| package | ms | share |',
      '|---|---:|---:|',
      ...cpu.packages.map(([p, ms]) => `| ${p} | ${fmt(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
      '',
      '## CPU: top functions (self time)',
      '',
      '| function | ms | share |',
      '|---|---:|---:|',
      ...cpu.functions.map(([f, ms]) => `| ${f.replace(/\|/gu, '\\|')} | ${fmt(ms)} | ${fmt((ms / cpu.totalMs) * 100)} % |`),
      '',
    ].join('\n');
    writeFileSync(path.join(out, 'profile.md'), md);
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
