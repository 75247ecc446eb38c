import { afterAll, describe, expect, it } from 'vitest';
import { DocClient, wireProblems } from '../support/doc-client';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

async function joined(client: DocClient): Promise<DocClient> {
  clients.push(client);
  await client.connect();
  await client.joined();
  return client;
}

describe('a node that starts after presenter commands', () => {
  it('rebuilds the room from its definition and commands in Redis and numbers it as the other node does', async () => {
    redis = await startRedis();
    const a = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url });
    nodes.push(a);
    const presenter = await joined(new DocClient(a.url, 'PRESS'));
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    const code: string = created.data.code;
    let sent = 0;
    const send = (event: string, payload: Record<string, unknown>) => presenter.command(event, { room: code, commandId: `checkpoint-${++sent}`, ...payload });

    expect(await send('playback:pause', {})).toMatchObject({ ok: true });
    expect(await send('playback:seek', { positionMs: 120_000 })).toMatchObject({ ok: true });
    expect(await send('playback:play', {})).toMatchObject({ ok: true });
    expect(await send('playback:rate', { rate: 1.5 })).toMatchObject({ ok: true });

    const watcher = await joined(new DocClient(a.url, code));
    const b = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url });
    nodes.push(b);
    const late = await joined(new DocClient(b.url, code));
    expect(late.stream).toBe(watcher.stream);
    expect(late.clock).toMatchObject({ status: 'playing', rate: 1.5, epoch: watcher.clock!.epoch });
    // Same numbering: the next captions carry the same sequence numbers for the same segments on both nodes.
    const target = Math.max(watcher.lastSeq, late.lastSeq) + 2;
    await waitFor(() => watcher.lastSeq >= target && late.lastSeq >= target, 30_000, 'more captions on both nodes');
    const bySeq = (c: DocClient) => new Map(c.segments.map((m) => [m.seq, m.segment.index]));
    const [w, l] = [bySeq(watcher), bySeq(late)];
    const common = [...l.keys()].filter((seq) => w.has(seq));
    expect(common.length).toBeGreaterThanOrEqual(2);
    for (const seq of common) expect(l.get(seq)).toBe(w.get(seq));
    expect(wireProblems(late.wire)).toEqual([]);
    expect(b.output()).not.toMatch(/cannot rebuild/u);
  }, 120_000);
});
