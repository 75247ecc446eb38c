import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocClient, wireProblems } from '../support/doc-client';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

/**
 * Cluster mode: several nodes on one Redis. The harness starts its own redis-server on a free
 * port and stops it after; nodes are real processes so that one can be killed with SIGKILL.
 */
let redis: Awaited<ReturnType<typeof startRedis>>;
/** The slowest of five presenter commands, node A to a viewer on node B: a delay a viewer would not notice. */
const COMMAND_REACH_BOUND_MS = 1_000;
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

async function node(): Promise<ServerProcess> {
  const server = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url, LOG_LEVEL: 'info' });
  nodes.push(server);
  return server;
}

/** At least two live nodes (each test may run alone with -t). */
async function twoNodes(): Promise<[ServerProcess, ServerProcess]> {
  while (nodes.length < 2) await node();
  return [nodes[0], nodes[1]];
}

async function viewer(url: string, room: string): Promise<DocClient> {
  const client = new DocClient(url, room, { autoReconnect: true });
  clients.push(client);
  await client.connect();
  await client.joined();
  return client;
}

/** Arrival time of each sequence number, per client. */
function stamps(client: DocClient): Map<number, number> {
  const at = new Map<number, number>();
  const record = (m: { seq: number }) => at.set(m.seq, performance.now());
  client.socket.on('caption:segment', record);
  client.socket.on('clock:changed', record);
  return at;
}

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

describe('cluster mode on Redis', () => {
  it('two nodes send the same segment with the same sequence number at the same moment', async () => {
    const [a, b] = [await node(), await node()];
    const [va, vb] = [await viewer(a.url, 'PRESS'), await viewer(b.url, 'PRESS')];
    const [ta, tb] = [stamps(va), stamps(vb)];
    await waitFor(() => ta.size >= 2 && tb.size >= 2, 30_000, 'captions on both nodes');
    // Same stream, same numbering.
    expect(va.stream).toBe(vb.stream);
    const common = [...ta.keys()].filter((seq) => tb.has(seq));
    expect(common.length).toBeGreaterThanOrEqual(2);
    const histA = va.history.filter((h) => common.includes(h.seq));
    const histB = vb.history.filter((h) => common.includes(h.seq));
    expect(histB).toEqual(histA);
    const skew = common.map((seq) => Math.abs(ta.get(seq)! - tb.get(seq)!)).sort((x, y) => x - y);
    expect(skew[Math.floor(skew.length / 2)]).toBeLessThan(50);
    console.log(`cluster: same message on two nodes, arrival skew median ${skew[Math.floor(skew.length / 2)].toFixed(1)} ms, max ${skew.at(-1)!.toFixed(1)} ms over ${skew.length} messages`);
  });

  it(`every presenter command on one node reaches viewers on every node within ${COMMAND_REACH_BOUND_MS} ms; counts are cluster-wide`, async () => {
    const [a, b] = await twoNodes();
    const presenter = new DocClient(a.url, 'PRESS');
    clients.push(presenter);
    await presenter.connect();
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    expect(created.ok).toBe(true);
    const code: string = created.data.code;
    const counts: number[] = [];
    presenter.socket.on('room:presence', (m: { viewers: number }) => counts.push(m.viewers));
    const [onA, onB] = [await viewer(a.url, code), await viewer(b.url, code)];
    await waitFor(() => counts.at(-1) === 2, 10_000, 'both viewers counted on the presenter node');

    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const change = i % 2 === 0 ? 'playback:pause' : 'playback:play';
      const before = onB.history.length;
      const sentAt = performance.now();
      const reply = await presenter.command(change, { room: code, commandId: `cluster-${i}-${Date.now()}` });
      expect(reply.ok).toBe(true);
      await waitFor(() => onB.history.slice(before).some((h) => h.kind === 'clock'), 5_000, 'the change on node B');
      delays.push(performance.now() - sentAt);
    }
    delays.sort((x, y) => x - y);
    console.log(`cluster: presenter on node A to viewer on node B: median ${delays[2].toFixed(1)} ms, max ${delays[4].toFixed(1)} ms over ${delays.length}`);
    // Every one of them, not the median. About 60 ms on an idle 2-core machine (the 40 ms
    // scheduling margin and two socket hops); with eight test runs sharing it, up to 350 ms. The
    // bound is what a viewer would call immediate, and what a design that waited for a poll would miss.
    expect(delays[4]).toBeLessThan(COMMAND_REACH_BOUND_MS);
    expect(onA.clock).toEqual(onB.clock);
    const seek = await presenter.command('playback:seek', { room: code, commandId: `cluster-seek-${Date.now()}`, positionMs: 200_000 });
    await waitFor(() => onA.clock?.epoch === seek.data!.clock.epoch && onB.clock?.epoch === seek.data!.clock.epoch, 5_000, 'the seek everywhere');
    expect(onA.segments.map((s) => s.seq)).toEqual(onB.segments.map((s) => s.seq));
  });

  it('a node killed with SIGKILL: its viewers move to another node and lose nothing', async () => {
    const [survivor] = await twoNodes();
    const doomed = await node();
    const viewers = [await viewer(doomed.url, 'PRESS'), await viewer(doomed.url, 'PRESS'), await viewer(survivor.url, 'PRESS')];
    await waitFor(() => viewers.every((v) => v.segments.length > 0), 20_000, 'captions');
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));
    nodes.splice(nodes.indexOf(doomed), 1);
    // The load balancer sends the next connection to a live node.
    await Promise.all(viewers.slice(0, 2).map((v) => v.moveTo(survivor.url)));
    const seqNow = viewers[2].lastSeq;
    await waitFor(() => viewers.every((v) => v.lastSeq >= seqNow + 1), 30_000, 'everyone receiving again');
    for (const v of viewers) {
      expect(wireProblems(v.wire)).toEqual([]);
      expect(v.freshSnapshots).toBe(0);
    }
    expect(viewers[0].lastSeq).toBe(viewers[2].lastSeq);
  }, 60_000);

  it('Redis unavailable: nodes keep serving, report it, refuse commands clearly, and heal with no gap', async () => {
    const [a, b] = await twoNodes();
    const presenter = new DocClient(a.url, 'PRESS');
    clients.push(presenter);
    await presenter.connect();
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    const code: string = created.data.code;
    const viewers = [await viewer(a.url, code), await viewer(b.url, code)];
    await waitFor(() => viewers.every((v) => v.segments.length > 0), 20_000, 'captions');

    // The issue asks for 30 s; REDIS_OUTAGE_MS shortens it for a quick local run.
    const outageMs = Number(process.env.REDIS_OUTAGE_MS ?? 30_000);
    await redis.stop();
    await waitFor(() => /lost Redis/u.test(a.output()), 10_000, 'node A to notice');
    // Alive (restarting it would not bring Redis back), but not ready, and both say why.
    const health = await fetch(`${a.url}/livez`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, redis: 'down' });
    const refused = await presenter.command('playback:pause', { room: code, commandId: `outage-${Date.now()}` });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const ready = await fetch(`${a.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, redis: 'down', reasons: ['Redis is down'] });
    // A new room cannot be defined in Redis: refused as clearly as a command, and nothing kept of it.
    const roomsBefore = ((await (await fetch(`${a.url}/healthz`)).json()) as { rooms: number }).rooms;
    const notCreated = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    expect(notCreated).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(((await (await fetch(`${a.url}/healthz`)).json()) as { rooms: number }).rooms).toBe(roomsBefore);
    const during = viewers.map((v) => v.lastSeq);
    // Captions keep coming while Redis is away (at least two more messages on each node).
    await Promise.all([
      new Promise((resolve) => setTimeout(resolve, outageMs)),
      waitFor(() => viewers.every((v, i) => v.lastSeq >= during[i] + 2), 90_000, 'captions during the outage'),
    ]);

    await redis.start();
    await waitFor(() => /connected to Redis[\s\S]*connected to Redis/u.test(a.output()) && /connected to Redis[\s\S]*connected to Redis/u.test(b.output()), 20_000, 'both nodes back on Redis');
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
    const accepted = await presenter.command('playback:pause', { room: code, commandId: `healed-${Date.now()}` });
    expect(accepted.ok).toBe(true);
    await waitFor(() => viewers.every((v) => v.clock?.status === 'paused'), 5_000, 'the pause everywhere');
    for (const v of viewers) expect(wireProblems(v.wire)).toEqual([]);
    expect(viewers[0].lastSeq).toBe(viewers[1].lastSeq);
  }, 180_000);

  it('a restarted node rejoins without disturbing the rooms', async () => {
    const [steady, restarted] = await twoNodes();
    const watcher = await viewer(steady.url, 'PRESS');
    await restarted.stop();
    nodes.splice(nodes.indexOf(restarted), 1);
    const fresh = await node();
    const late = await viewer(fresh.url, 'PRESS');
    // The new node numbers the room exactly as the others do: same stream, same sequence, same segments.
    await waitFor(() => late.lastSeq === watcher.lastSeq, 10_000, 'the same sequence number on both');
    const bySeq = (c: DocClient) => new Map(c.segments.map((m) => [m.seq, m.segment.index]));
    const [w, l] = [bySeq(watcher), bySeq(late)];
    for (const [seq, index] of l) if (w.has(seq)) expect(index).toBe(w.get(seq));
    expect(late.stream).toBe(watcher.stream);
    expect(wireProblems(watcher.wire)).toEqual([]);
    expect(watcher.freshSnapshots).toBe(0);
  }, 60_000);
});
