import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocClient, wireProblems } from '../support/doc-client';
import { startNginx, type Nginx } from '../support/nginx';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

let redis: Awaited<ReturnType<typeof startRedis>>;
let nginx: Nginx | undefined;
let front = '';
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];


beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) nodes.push(await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url, TRUST_PROXY: '1' }));
  nginx = await startNginx(nodes, 'nginx');
  front = nginx.front;
}, 60_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  nginx?.stop();
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

describe('behind nginx (deploy/nginx.conf.template)', () => {
  it('serves WebSocket and long-polling viewers, and moves viewers off a killed node with no gap', async () => {
    const ws = new DocClient(front, 'PRESS', { autoReconnect: true });
    const polling = new DocClient(front, 'PRESS', { autoReconnect: true, transports: ['polling'] });
    clients.push(ws, polling);
    await Promise.all([ws.connect(), polling.connect()]);
    await Promise.all([ws.joined(), polling.joined()]);
    expect(ws.stream).toBe(polling.stream);

    // Every loopback client hashes to one node: kill that one.
    const { pid } = (await (await fetch(`${front}/healthz`)).json()) as { pid: number };
    const victim = nodes.find((n) => n.child.pid === pid)!;
    const before = ws.lastSeq;
    victim.child.kill('SIGKILL');
    await new Promise((resolve) => victim.child.once('exit', resolve));
    await waitFor(() => ws.socket.connected && polling.socket.connected && ws.joins >= 2 && polling.joins >= 2, 30_000, 'both back through nginx');
    await waitFor(() => ws.lastSeq > before && polling.lastSeq === ws.lastSeq, 60_000, 'captions again');
    for (const v of [ws, polling]) {
      expect(wireProblems(v.wire)).toEqual([]);
      expect(v.freshSnapshots).toBe(0);
    }
    console.log(`nginx: a WebSocket and a long-polling viewer moved off a killed node; on the wire 0 gaps, 0 duplicates, 0 fresh snapshots`);
  }, 120_000);
});
