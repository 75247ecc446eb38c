import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { connect, connected, join, startApp, waitFor, type TestClient } from '../support/start-app';

const apps: Application[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const app of apps.splice(0)) await app.close();
});

async function start(env: Record<string, string> = {}): Promise<Application> {
  // 50× real time: a caption every few tens of milliseconds.
  const app = await startApp({ CLOCK_SPEED: '50', ...env });
  apps.push(app);
  return app;
}

async function viewer(app: Application): Promise<{ client: TestClient; seqs: number[]; reasons: string[] }> {
  const client = await connected(connect(app));
  clients.push(client);
  const seqs: number[] = [];
  const reasons: string[] = [];
  client.on('caption:segment', (m) => seqs.push(m.seq));
  client.on('clock:changed', (m) => seqs.push(m.seq));
  client.on('disconnect', (reason) => reasons.push(reason));
  const reply = await join(client);
  if (!reply.ok) throw new Error('join refused');
  return { client, seqs, reasons };
}

/** One sample's value from the Prometheus text, e.g. `boothcast_joins_total{kind="new"}`; undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('operations: /metrics, /livez, /readyz, drain', () => {
  it('/metrics counts what the node does, in the Prometheus text format, per application', async () => {
    const app = await start();
    const other = await start(); // a second application in this process: its own registry, no collision
    const first = await viewer(app);
    await waitFor(() => first.seqs.length >= 3, 20_000, 'captions');
    // A rejoin that names the last message seen resumes with exactly what followed.
    const stream = ((await join(first.client)) as { ok: true; data: { mode: string; snapshot?: { stream: string } } }).data.snapshot?.stream;
    const second = await viewer(app);
    const resumed = await join(second.client, 'PRESS', { lastSeq: first.seqs.at(-1)!, stream: stream! });
    expect(resumed).toMatchObject({ ok: true, data: { mode: 'resume' } });

    const { status, type, body } = await get(`${app.url}/metrics`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/u);
    expect(sample(body, 'boothcast_sockets')).toBe(2);
    expect(sample(body, 'boothcast_rooms')).toBe(app.registry.list().length);
    expect(sample(body, 'boothcast_joins_total{kind="new"}')).toBe(3);
    expect(sample(body, 'boothcast_joins_total{kind="resume"}')).toBe(1);
    expect(sample(body, 'boothcast_joins_total{kind="snapshot"}')).toBe(0);
    expect(sample(body, 'boothcast_messages_sent_total')).toBeGreaterThanOrEqual(3);
    expect(sample(body, 'boothcast_messages_sent_total')).toBeLessThanOrEqual(app.fanout.sent);
    expect(sample(body, 'boothcast_viewers_skipped_total')).toBe(0);
    expect(sample(body, 'boothcast_fanout_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(sample(body, 'boothcast_scheduling_error_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(sample(body, 'boothcast_ready')).toBe(1);
    expect(sample(body, 'boothcast_eventloop_delay_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'boothcast_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Alone: no Redis, so no Redis gauge that would read as "down".
    expect(sample(body, 'boothcast_redis_up')).toBeUndefined();

    // The counters only grow: the next scrape has the messages sent since.
    const before = sample(body, 'boothcast_messages_sent_total')!;
    await waitFor(() => app.fanout.sent > before + 2, 20_000, 'more captions');
    expect(sample((await get(`${app.url}/metrics`)).body, 'boothcast_messages_sent_total')).toBeGreaterThan(before);

    // The other application saw none of it.
    const others = (await get(`${other.url}/metrics`)).body;
    expect(sample(others, 'boothcast_sockets')).toBe(0);
    expect(sample(others, 'boothcast_joins_total{kind="new"}')).toBe(0);
  });

  it('/metrics is not public: through a proxy it needs METRICS_TOKEN', async () => {
    const open = await start();
    expect((await get(`${open.url}/metrics`, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    const token = 'a-long-scrape-token-for-tests';
    const guarded = await start({ METRICS_TOKEN: token });
    expect((await get(`${guarded.url}/metrics`)).status).toBe(403);
    const scraped = await get(`${guarded.url}/metrics`, { authorization: `Bearer ${token}` });
    expect(scraped.status).toBe(200);
    expect(sample(scraped.body, 'boothcast_ready')).toBe(1);
    // The benchmarks' JSON is served only with BENCH_METRICS=1.
    expect((await get(`${guarded.url}/bench-metrics`)).status).toBe(404);
  });

  it('/livez and its old name /healthz say alive; /readyz says ready, and why not', async () => {
    const app = await start();
    for (const path of ['/livez', '/healthz', '/readyz']) {
      const { status, body } = await get(`${app.url}${path}`);
      expect(status, path).toBe(200);
      expect(JSON.parse(body), path).toMatchObject({ ok: true, reasons: [], draining: false, redis: 'not used', pages: 'not served' });
    }
  });

  it('drain: not ready at once while still serving, then viewers are sent to reconnect (not told to stay away) and the listener closes', async () => {
    const app = await start();
    const watcher = await viewer(app);
    await waitFor(() => watcher.seqs.length >= 2, 20_000, 'captions');
    const drained = app.drain(1_500);
    const ready = await get(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ok: false, draining: true, reasons: [expect.stringMatching(/^draining/u)] });
    // Alive all the same: an orchestrator must not kill it for draining.
    expect((await get(`${app.url}/livez`)).status).toBe(200);
    expect(sample((await get(`${app.url}/metrics`)).body, 'boothcast_ready')).toBe(0);
    // Still serving during the grace period.
    const seen = watcher.seqs.length;
    await waitFor(() => watcher.seqs.length > seen, 20_000, 'captions while draining');
    expect(watcher.client.connected).toBe(true);
    await drained;
    // A closed transport: a Socket.IO client reconnects by itself after it (through the proxy, to
    // another node); after `io server disconnect` it would not.
    expect(watcher.reasons).toEqual(['transport close']);
    await expect(get(`${app.url}/livez`)).rejects.toThrow(/ECONNREFUSED/u);
  });
});
