import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { roomKeys } from '../../server/cluster/room-store';
import { DocClient, wireProblems } from '../support/doc-client';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  if (process.env.DEBUG_NODES) for (const n of nodes) console.log(n.output().slice(-4000));
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

async function joined(client: DocClient): Promise<DocClient> {
  clients.push(client);
  await client.connect();
  await client.joined();
  return client;
}

/** More commands than the stream's old cap (about 1,000), as a long lesson with many seeks sends. */
const COMMANDS = 1_520;
/** Commands a presenter socket may send at once (CONTROL_BURST): each presenter connection sends this many. */
const PER_CONNECTION = 20;
/** Presenter connections at once (one lecturer's console and an assistant's, say). */
const PARALLEL = 4;

describe('a node that first sees a room after a long lesson', () => {
  it('starts from the snapshot in Redis, shows the same clock and numbering as the node that played it all, and the stream stays short', async () => {
    redis = await startRedis();
    const redisClient = createClient({ url: redis.url });
    redisClient.on('error', () => undefined);
    await redisClient.connect();
    const a = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url });
    nodes.push(a);
    const creator = await joined(new DocClient(a.url, 'PRESS'));
    const created = await creator.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    const { code, secret } = created.data as { code: string; secret: string };
    const watcher = await joined(new DocClient(a.url, code));

    // Seeks, pauses, plays and rate changes, in a fixed pseudo-random order.
    let state = 17;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const next = (): [string, Record<string, unknown>] => {
      const pick = random();
      if (pick < 0.4) return ['playback:seek', { positionMs: Math.round(random() * 600_000) }];
      if (pick < 0.6) return ['playback:pause', {}];
      if (pick < 0.8) return ['playback:play', {}];
      return ['playback:rate', { rate: [0.5, 0.75, 1, 1.25, 1.5, 2][Math.floor(random() * 6)] }];
    };
    let sent = 0;
    let longest = 0;
    const presenterRun = async () => {
      while (sent < COMMANDS) {
        const presenter = await joined(new DocClient(a.url, code, { auth: { presenter: { room: code, secret } } }));
        for (let i = 0; i < PER_CONNECTION && sent < COMMANDS; i++) {
          const [event, payload] = next();
          const reply = await presenter.command(event, { room: code, commandId: `long-lesson-${++sent}`, ...payload });
          expect(reply.ok, JSON.stringify(reply)).toBe(true);
        }
        longest = Math.max(longest, await redisClient.xLen(roomKeys(code).commands));
        presenter.close();
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, presenterRun));
    // The last word: play from ten minutes in at 1.5×, so captions flow on both nodes afterwards.
    const last = await joined(new DocClient(a.url, code, { auth: { presenter: { room: code, secret } } }));
    for (const [event, payload] of [
      ['playback:seek', { positionMs: 600_000 }],
      ['playback:rate', { rate: 1.5 }],
      ['playback:play', {}],
    ] as const) {
      expect((await last.command(event, { room: code, commandId: `last-${event.replace(':', '-')}`, ...payload })).ok).toBe(true);
    }
    const ordered = Number(await redisClient.hGet(roomKeys(code).room, 'cmdSeq'));
    expect(ordered).toBe(COMMANDS + 3);
    // Cut back to the commands after the newest snapshot, never near the old cap of 1,000.
    longest = Math.max(longest, await redisClient.xLen(roomKeys(code).commands));
    console.log(`${ordered} commands ordered; the stream held at most ${longest} entries`);
    expect(longest).toBeLessThanOrEqual(PARALLEL * 2 + 2);
    expect(Number(await redisClient.hGet(roomKeys(code).room, 'snapshotSeq'))).toBeGreaterThan(COMMANDS - PARALLEL * 2);

    const b = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url });
    nodes.push(b);
    const late = await joined(new DocClient(b.url, code));
    await waitFor(() => watcher.clock?.rate === 1.5 && watcher.clock.status === 'playing', 10_000, 'the last command on node A');
    expect(late.stream).toBe(watcher.stream);
    // The very same clock: same anchor, position, rate, status and epoch, so the same position at any instant.
    expect(late.clock).toEqual(watcher.clock);
    expect(late.clock).toMatchObject({ status: 'playing', rate: 1.5 });

    // Same numbering: the next captions carry the same sequence numbers for the same segments on both nodes.
    const target = Math.max(watcher.lastSeq, late.lastSeq) + 2;
    await waitFor(() => watcher.lastSeq >= target && late.lastSeq >= target, 30_000, 'more captions on both nodes');
    const bySeq = (c: DocClient) => new Map(c.segments.map((m) => [m.seq, m.segment.index]));
    const [w, l] = [bySeq(watcher), bySeq(late)];
    const common = [...l.keys()].filter((seq) => w.has(seq));
    expect(common.length).toBeGreaterThanOrEqual(2);
    for (const seq of common) expect(l.get(seq)).toBe(w.get(seq));
    expect(wireProblems(late.wire)).toEqual([]);
    expect(b.output()).not.toMatch(/cannot rebuild|too late/u);
    expect(a.output()).not.toMatch(/too late/u);

    // A command after the late node joined reaches both, the same.
    expect((await last.command('playback:pause', { room: code, commandId: 'after-the-late-node' })).ok).toBe(true);
    await waitFor(() => watcher.clock?.status === 'paused' && late.clock?.status === 'paused', 10_000, 'the pause on both nodes');
    expect(late.clock).toEqual(watcher.clock);
    await redisClient.quit();
  }, 300_000);
});
