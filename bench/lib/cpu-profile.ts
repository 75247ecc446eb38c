/**
 * The inspector's CPU profiler over a WebSocket session, and a self-time summary of a profile:
 * shared by bench/storm-profile.ts (the reconnect storm) and usable by any benchmark that starts
 * its server with `inspect: true` (bench/lib/proc.ts).
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { ROOT } from './proc';

export interface InspectorSession {
  call(method: string, params?: object): Promise<unknown>;
  close(): void;
}

/** A session on a process's inspector: `call` sends one command and resolves with its result. */
export function inspectorSession(url: string): Promise<InspectorSession> {
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

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuSummary {
  /** Self time per function, per package, and the total (idle excluded), ms. */
  readonly functions: [string, number][];
  readonly packages: [string, number][];
  /** Inclusive (self + callees) time of our own functions (server/, app/), ms: what each of ours caused. */
  readonly ours: [string, number][];
  readonly totalMs: number;
}

const where = (url: string) => url.replace(/^file:\/\//u, '').replace(`${ROOT}/`, '');
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const w = where(url);
  return `${functionName || '(anonymous)'} ${w ? `${w.replace(/^.*node_modules\//u, '')}:${lineNumber + 1}` : ''}`.trim();
};

/** Self time by function and package, and inclusive time of our own functions. */
export function summariseCpu(profile: CpuProfile, top = 30): CpuSummary {
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') continue;
    totalMs += ms;
    const w = where(node.callFrame.url);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(w)?.[1] ?? (w.startsWith('node:') ? 'node (JS)' : w === '' ? `(native) ${functionName}` : w.split('/').slice(0, 2).join('/'));
    const fn = label(node);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  }
  // Inclusive time of our functions: a node's total is its self time plus its children's; a
  // function counted once per call path (a recursive frame under itself is not counted twice).
  const inclusive = new Map<string, number>();
  const walk = (id: number, onPath: Set<string>): number => {
    const node = byId.get(id)!;
    let total = selfMs.get(id) ?? 0;
    const name = label(node);
    const ours = /^(server|app)\//u.test(where(node.callFrame.url));
    const fresh = ours && !onPath.has(name);
    if (fresh) onPath.add(name);
    for (const child of node.children ?? []) total += walk(child, onPath);
    if (fresh) {
      onPath.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + total);
    }
    return node.callFrame.functionName === '(idle)' ? 0 : total;
  };
  walk(profile.nodes[0].id, new Set());
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { functions: sorted(byFunction, top), packages: sorted(byPackage, 15), ours: sorted(inclusive, 15), totalMs };
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}
