import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocClient, wireProblems } from '../support/doc-client';
import { startNginx, type Nginx } from '../support/nginx';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

/**
 * SIGTERM on a node behind nginx (deploy/nginx.conf.template), as a rolling deploy sends it: the
 * node says not-ready at once and keeps serving through its grace period, then closes its
 * listener and its viewers' connections; they reconnect through nginx, which finds the closed
 * node refusing and passes them to the other (`proxy_next_upstream error`), and rejoin there for
 * exactly what they missed.
 */
const GRACE_MS = 3_000;
const VIEWERS = 6;
let redis: Awaited<ReturnType<typeof startRedis>>;
let nginx: Nginx | undefined;
let front = '';
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    nodes.push(await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url, TRUST_PROXY: '1', DRAIN_GRACE_MS: String(GRACE_MS) }));
  }
  nginx = await startNginx(nodes, 'drain');
  front = nginx.front;
}, 60_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  nginx?.stop();
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

const pidBehind = async (url: string): Promise<number> => ((await (await fetch(`${url}/livez`)).json()) as { pid: number }).pid;

/** A sample's value from a node's Prometheus text (read directly from the node, on loopback). */
async function sample(node: ServerProcess, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('SIGTERM behind nginx: drain', () => {
  it('turns not-ready before closing, then every viewer moves to the other node with 0 gaps and 0 duplicates', async () => {
    const viewers = Array.from({ length: VIEWERS }, (_, i) => new DocClient(front, 'PRESS', { autoReconnect: true, transports: i % 2 ? ['polling'] : ['websocket'] }));
    clients.push(...viewers);
    const reasons: string[] = [];
    for (const v of viewers) v.socket.on('disconnect', (reason: string) => reasons.push(reason));
    await Promise.all(viewers.map((v) => v.connect()));
    await Promise.all(viewers.map((v) => v.joined()));
    await waitFor(() => viewers.every((v) => v.lastSeq > 0 && v.lastSeq === viewers[0].lastSeq), 30_000, 'captions on every viewer');

    // A node's metrics are not served to visitors at the front.
    expect((await fetch(`${front}/metrics`)).status).toBe(404);

    // Every loopback client hashes to one node (ip_hash): that one is stopped.
    const pid = await pidBehind(front);
    const victim = nodes.find((n) => n.child.pid === pid)!;
    const survivor = nodes.find((n) => n !== victim)!;
    expect(await sample(victim, 'boothcast_sockets')).toBe(VIEWERS);
    const exited = new Promise<number | null>((resolve) => victim.child.once('exit', (code) => resolve(code)));

    // Watch the victim's /readyz directly, as an orchestrator would, from the signal on.
    const probes: { status: number | 'refused'; connected: number }[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const status = await fetch(`${victim.url}/readyz`).then((r) => r.status, () => 'refused' as const);
        probes.push({ status, connected: viewers.filter((v) => v.socket.connected).length });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const before = viewers.map((v) => v.lastSeq);
    const joinsBefore = viewers.map((v) => v.joins);
    victim.child.kill('SIGTERM');

    expect(await exited).toBe(0);
    await waitFor(() => viewers.every((v, i) => v.socket.connected && v.joins > joinsBefore[i]), 30_000, 'every viewer back through nginx');
    watching = false;
    await watch;

    // Not ready before it closed, while every viewer was still connected to it.
    const firstNotReady = probes.findIndex((p) => p.status === 503);
    const firstRefused = probes.findIndex((p) => p.status === 'refused');
    expect(firstNotReady).toBeGreaterThanOrEqual(0);
    expect(probes.slice(0, firstNotReady).every((p) => p.status === 200)).toBe(true);
    expect(firstRefused).toBeGreaterThan(firstNotReady);
    expect(probes[firstNotReady].connected).toBe(VIEWERS);
    expect(probes.slice(firstNotReady, firstRefused).every((p) => p.status === 503)).toBe(true);

    // All on the other node now, and captions keep coming there.
    expect(await pidBehind(front)).toBe(survivor.child.pid);
    expect(await sample(survivor, 'boothcast_sockets')).toBe(VIEWERS);
    await waitFor(() => viewers.every((v, i) => v.lastSeq > before[i] + 1 && v.lastSeq === viewers[0].lastSeq), 60_000, 'captions on the other node');

    // Told to reconnect (a closed transport), never to stay away.
    expect(reasons).toHaveLength(VIEWERS);
    expect(reasons).not.toContain('io server disconnect');
    for (const v of viewers) {
      expect(wireProblems(v.wire)).toEqual([]);
      expect(v.freshSnapshots).toBe(0);
    }
    const resumes = await sample(survivor, 'boothcast_joins_total{kind="resume"}');
    console.log(
      `drain behind nginx: /readyz 503 for ${firstRefused - firstNotReady} probes (~${GRACE_MS} ms) with all ${VIEWERS} viewers still served, ` +
        `then all ${VIEWERS} on the other node (${resumes} resumed, disconnect reasons: ${[...new Set(reasons)].join(', ')}); on the wire 0 gaps, 0 duplicates, 0 fresh snapshots`,
    );
  }, 120_000);
});
