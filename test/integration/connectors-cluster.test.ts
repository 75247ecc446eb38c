import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { outputKeys } from '../../server/connectors/lease';
import type { OutputView } from '../../server/connectors/manager';
import { expectedCaptions } from '../support/fakes/expected';
import { startFakeWebhook } from '../support/fakes/fake-webhook';
import { startFakeZoom } from '../support/fakes/fake-zoom';
import { loadVienna } from '../support/load-vienna';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

/**
 * Caption outputs on a cluster, as deployed: redis-server and real server processes. Outputs are
 * added through one node while the room was opened on another; the node that sends them is killed
 * with SIGKILL mid-stream, then the next one is stopped gracefully. Each fake must receive every
 * caption of the talk once, in order, with `seq` 1, 2, 3… (a retry or a resend keeps its number).
 */
const vienna = loadVienna();
const SECRET = 'whsec-cluster-7e1f0a2b3c';
/** A short lease, so the test waits little; production's default is 15 s. */
const LEASE_MS = 4_000;
/**
 * Kill to the next caption delivered: the dead node's lease runs out (at most LEASE_MS after its
 * last renewal), the other node retries the moment it expires and resends at once. The slack is
 * for a busy machine (two cores shared by several test runs), not part of the design.
 */
const HANDOVER_BOUND_MS = LEASE_MS + 3_000;
const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('caption outputs on a cluster', () => {
  it('exactly one node sends each output; a killed sender hands over within the lease, without a gap or a duplicate', async () => {
    const redis = await startRedis();
    closers.push(() => redis.stop());
    const zoom = await startFakeZoom();
    const webhook = await startFakeWebhook(SECRET);
    closers.push(zoom.close, webhook.close);
    const env = {
      SERVE_PAGES: '0',
      REDIS_URL: redis.url,
      LOG_LEVEL: 'info',
      // Real time: a test's accelerated clock starts from each process's own start, so nodes
      // started at different moments would not agree on when a caption is due.
      LOOP_PAUSE_MS: '600000',
      CONNECTORS_ALLOW_PRIVATE_NETWORK: '1',
      CONNECTORS_LEASE_MS: String(LEASE_MS),
    };
    const nodes: ServerProcess[] = [];
    const everyNode: ServerProcess[] = [];
    // On failure: what each node logged about its outputs (never a token: they are not logged).
    onTestFailed(() => {
      for (const node of everyNode) {
        const lines = node.output().split('\n').filter((l) => /output|error|lease|Redis/iu.test(l));
        console.log(`node ${node.child.pid}:\n${lines.slice(-40).join('\n')}`);
      }
    });
    const start = async () => {
      const node = await startServerProcess(env);
      nodes.push(node);
      everyNode.push(node);
      closers.push(() => node.stop());
      return node;
    };
    const [a, b] = [await start(), await start()];
    const inspect = createClient({ url: redis.url });
    inspect.on('error', () => undefined);
    await inspect.connect();
    closers.push(() => inspect.destroy());

    // The room is opened on node A…
    const socket: Socket = io(a.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    closers.push(() => void socket.disconnect());
    const created = (await socket.emitWithAck('room:create', { transcriptId: vienna.id, autoplay: false })) as { ok: boolean; data: { code: string; secret: string } };
    expect(created.ok).toBe(true);
    const { code, secret } = created.data;
    const api = (node: ServerProcess, suffix = '', init: RequestInit = {}) =>
      fetch(`${node.url}/api/rooms/${code}/outputs${suffix}`, { ...init, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...init.headers } });

    // …and its outputs are added through node B.
    for (const body of [
      { type: 'zoom', lang: 'ru', url: zoom.tokenUrl },
      { type: 'webhook', lang: 'fr', url: webhook.url, secret: SECRET },
    ]) {
      const response = await api(b, '', { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(201);
    }
    // Node A's console lists them, tokens masked.
    const listed = await api(a);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('sig-5f2c9a1d7e');
    const outputs = (JSON.parse(text) as { outputs: OutputView[] }).outputs;
    expect(outputs.map((o) => o.type).sort()).toEqual(['webhook', 'zoom']);

    expect(((await socket.emitWithAck('playback:play', { room: code, commandId: randomUUID() })) as { ok: boolean }).ok).toBe(true);
    const playAt = Date.now();
    // The console that opened the room is not needed any more (node A will be stopped).
    socket.disconnect();
    const expected = { zoom: expectedCaptions(vienna, 'ru', 'zoom'), webhook: expectedCaptions(vienna, 'fr', 'webhook') };
    /** How late a received caption was: from its due time (the room plays from 0 at real speed) to the fake's receipt. */
    const lateness = (atMs: number, index: number, list: { startMs: number }[]) => atMs - (playAt + list[index].startMs);

    /** The node holding an output's lease, read from Redis. */
    const holder = async (id: string) => {
      const value = await inspect.get(outputKeys(code).lease(id));
      return nodes.find((n) => value?.split(':')[1] === String(n.child.pid));
    };
    const zoomId = outputs.find((o) => o.type === 'zoom')!.id;
    const webhookId = outputs.find((o) => o.type === 'webhook')!.id;
    const handovers: { how: string; stoppedAt: number; takenAfterMs: number; nextZoomMs: number; nextWebhookMs: number }[] = [];
    /** Stops the node sending the outputs, then waits for both fakes to receive their next caption. */
    const handOver = async (how: 'SIGKILL' | 'SIGTERM') => {
      const sender = await holder(zoomId);
      expect(sender).toBeDefined();
      // Exactly one node sends, for both outputs: the node they were added through, then whichever took them.
      expect(await holder(webhookId)).toBe(sender);
      const [zoomBefore, webhookBefore] = [zoom.received.length, webhook.received.length];
      const stoppedAt = Date.now();
      if (how === 'SIGKILL') {
        sender!.child.kill('SIGKILL');
        await new Promise((resolve) => sender!.child.once('exit', resolve));
      } else {
        await sender!.stop();
      }
      nodes.splice(nodes.indexOf(sender!), 1);
      await waitFor(() => zoom.received.length > zoomBefore && webhook.received.length > webhookBefore, 60_000, `captions after ${how}`);
      const survivor = await holder(zoomId);
      expect(survivor).toBeDefined();
      expect(survivor).not.toBe(sender);
      // When the survivor took the Zoom output (its log; same machine, same clock).
      const takenAt = survivor!
        .output()
        .split('\n')
        .filter((line) => line.includes('caption output taken') && line.includes(zoomId))
        .map((line) => (JSON.parse(line) as { time: number }).time)
        .find((time) => time >= stoppedAt);
      expect(takenAt).toBeDefined();
      handovers.push({
        how,
        stoppedAt,
        takenAfterMs: takenAt! - stoppedAt,
        nextZoomMs: zoom.received[zoomBefore].atMs - stoppedAt,
        nextWebhookMs: webhook.received[webhookBefore].atMs - stoppedAt,
      });
    };

    // A few captions from node B (the outputs were added through it), then it is killed.
    await waitFor(() => zoom.received.length >= 4 && webhook.received.length >= 4, 120_000, 'the first captions');
    await handOver('SIGKILL');
    // A new node joins; after a few more captions the sender is stopped as a deploy does
    // (SIGTERM): it gives its leases up and the new node takes them without waiting for them to expire.
    await start();
    const [zoomMark, webhookMark] = [zoom.received.length + 3, webhook.received.length + 3];
    await waitFor(() => zoom.received.length >= zoomMark && webhook.received.length >= webhookMark, 120_000, 'more captions');
    await handOver('SIGTERM');
    const [zoomEnd, webhookEnd] = [zoom.received.length + 3, webhook.received.length + 3];
    await waitFor(() => zoom.received.length >= zoomEnd && webhook.received.length >= webhookEnd, 120_000, 'captions after both handovers');

    // Redis goes away: the sender cannot renew, so it must stop sending before its lease could
    // have passed to another node (fencing); when Redis returns it continues, still exactly once.
    const redisDownAt = Date.now();
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 4_000));
    const lateSends = [...zoom.received, ...webhook.received].filter((r) => r.atMs > redisDownAt + LEASE_MS);
    expect(lateSends).toEqual([]);
    await redis.start();
    const redisUpAt = Date.now();
    const [zoomBack, webhookBack] = [zoom.received.length + 2, webhook.received.length + 2];
    await waitFor(() => zoom.received.length >= zoomBack && webhook.received.length >= webhookBack, 120_000, 'captions after Redis returned');
    const outage = {
      lastSendAfterRedisDownMs: Math.max(0, ...[...zoom.received, ...webhook.received].filter((r) => r.atMs <= redisUpAt).map((r) => r.atMs - redisDownAt)),
      firstSendAfterRedisUpMs: Math.min(...[...zoom.received, ...webhook.received].filter((r) => r.atMs > redisUpAt).map((r) => r.atMs - redisUpAt)),
    };

    // The window: everything received until now must be the talk's first captions, each once, in
    // order (what fell due while Redis was down included, late).
    const window = { zoom: zoom.received.slice(), webhook: webhook.received.slice() };
    /** The largest lateness of a caption due after a handover began (up to 30 s, before Redis went down): how long sending stopped. */
    const worstLate = (received: typeof window.zoom, list: { startMs: number }[], from: number) =>
      Math.max(0, ...received.map((r, i) => ({ late: lateness(r.atMs, i, list), due: playAt + list[i].startMs })).filter((x) => x.due >= from - 1_000 && x.due < Math.min(from + 30_000, redisDownAt)).map((x) => x.late));
    const measured = handovers.map((h) => ({
      ...h,
      worstZoomLateMs: worstLate(window.zoom, expected.zoom, h.stoppedAt),
      worstWebhookLateMs: worstLate(window.webhook, expected.webhook, h.stoppedAt),
    }));
    const count = (got: string[], want: string[]) => {
      const left = new Map<string, number>();
      for (const t of want) left.set(t, (left.get(t) ?? 0) + 1);
      let duplicates = 0;
      for (const t of got) {
        const n = left.get(t) ?? 0;
        if (n > 0) left.set(t, n - 1);
        else duplicates++;
      }
      return { delivered: got.length, duplicates, missed: [...left.values()].reduce((x, y) => x + y, 0) };
    };
    /** The talk's captions up to the last one received (a caption missed inside it counts as missed). */
    const upToLast = (got: string[], all: string[]) => {
      for (let i = Math.min(all.length, got.length + 50) - 1; i >= 0; i--) if (all[i] === got.at(-1)) return all.slice(0, i + 1);
      return all.slice(0, got.length);
    };
    const wantZoom = upToLast(window.zoom.map((r) => r.text), expected.zoom.map((e) => e.text));
    const wantWebhook = upToLast(window.webhook.map((r) => r.text), expected.webhook.map((e) => e.text));
    console.log(
      JSON.stringify({
        leaseMs: LEASE_MS,
        handovers: measured.map(({ stoppedAt: _at, ...rest }) => rest),
        redisOutage: outage,
        zoom: { ...count(window.zoom.map((r) => r.text), wantZoom), resendsDedupedBySeq: zoom.seq.repeats },
        webhook: { ...count(window.webhook.map((r) => r.text), wantWebhook), resendsDedupedBySeq: webhook.repeats },
      }),
    );

    // Every caption of the window once, in order, numbered 1, 2, 3… (never bumped on a retry or a resend).
    expect(window.zoom.map((r) => r.text)).toEqual(wantZoom);
    expect(window.webhook.map((r) => r.text)).toEqual(wantWebhook);
    for (const got of [window.zoom, window.webhook]) expect(got.map((r) => r.seq)).toEqual(got.map((_, i) => i + 1));
    expect([...zoom.refused, ...webhook.refused]).toEqual([]);
    // Sending resumed within the lease: the other node took the outputs, and no caption waited,
    // longer than the lease (plus slack for a busy machine).
    for (const h of measured) {
      expect(h.takenAfterMs).toBeLessThan(HANDOVER_BOUND_MS);
      expect(h.worstZoomLateMs).toBeLessThan(HANDOVER_BOUND_MS);
      expect(h.worstWebhookLateMs).toBeLessThan(HANDOVER_BOUND_MS);
    }

    // The console, from the node left, shows both sending, with the last seq the fake has.
    const views = ((await (await api(nodes[0])).json()) as { outputs: OutputView[] }).outputs;
    expect(views.find((v) => v.type === 'zoom')).toMatchObject({ state: 'sending', dropped: 0 });
    expect(views.find((v) => v.type === 'zoom')!.lastSeq).toBeGreaterThanOrEqual(window.zoom.length);
    expect(views.find((v) => v.type === 'webhook')!.lastSeq).toBeGreaterThanOrEqual(window.webhook.length);
  }, 420_000);
});
