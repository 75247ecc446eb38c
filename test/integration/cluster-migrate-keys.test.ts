import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../server/cluster/redis-link';
import { migrateLegacyKeys } from '../../server/cluster/migrate-keys';
import { clusterRoomStore, roomKeys, type RoomDefinition } from '../../server/cluster/room-store';
import { createLogger } from '../../server/logger';
import { initialClock } from '../../server/replay/clock';
import { loadVienna } from '../support/load-vienna';
import { startRedis } from '../support/redis-server';

const vienna = loadVienna();
let redis: Awaited<ReturnType<typeof startRedis>>;
let client: RedisClient;
let adapterClient: RedisClient;
const logger = createLogger('silent');

beforeAll(async () => {
  redis = await startRedis();
  ({ client, adapterClient } = await connectRedis(redis.url, logger));
}, 30_000);

afterAll(async () => {
  await client?.quit().catch(() => undefined);
  await adapterClient?.quit().catch(() => undefined);
  await redis?.stop();
});

const definition = (code: string): RoomDefinition => ({
  code,
  transcriptId: vienna.id,
  secretHash: null,
  stream: `stream-${code}`,
  createdAtMs: 1_000,
  clock: initialClock(vienna.durationMs, 1_000, { playing: true, loop: false }),
  owner: null,
});

/** A room as the previous version wrote it (git: server/cluster/room-store.ts before the `{CODE}` hash tags). */
async function legacyRoom(code: string, commands: number, ttlMs?: number): Promise<void> {
  const room = `boothcast:room:${code}`;
  await client.hSet(room, { definition: JSON.stringify(definition(code)), cmdSeq: String(commands), lastAt: String(2_000 + commands), activeAt: '5000' });
  for (let seq = 1; seq <= commands; seq++) {
    await client.xAdd(`${room}:commands`, '*', { seq: String(seq), at: String(2_000 + seq), cmd: JSON.stringify(seq % 2 ? { change: 'pause' } : { change: 'play' }) });
    await client.hSet(`${room}:command-ids`, `cmd-${code}-${seq}`, String(seq));
  }
  await client.sAdd('boothcast:rooms', code);
  if (ttlMs) for (const key of [room, `${room}:commands`, `${room}:command-ids`]) await client.pExpire(key, ttlMs);
}

describe('rooms under the previous key names', () => {
  it('move to the current names with their commands, ids and time to live, once, even with two nodes starting at once', async () => {
    await legacyRoom('OLDAA', 3);
    await legacyRoom('OLDBB', 12, 3_600_000);
    // Defined again under the new names since (a node of the new version came first): the new one stays.
    await legacyRoom('OLDCC', 1);
    const store = clusterRoomStore(client);
    await store.define({ ...definition('OLDCC'), stream: 'the-new-one' });

    // Two nodes at once: each moves what it finds first, neither fails, nothing is moved twice.
    const [first, second] = await Promise.all([migrateLegacyKeys(client, logger), migrateLegacyKeys(client, logger)]);
    expect(first.rooms + second.rooms).toBe(2);
    expect(await client.keys('boothcast:room:*')).toEqual([]);

    const loaded = await store.load('OLDBB');
    expect(loaded?.definition.stream).toBe('stream-OLDBB');
    expect(loaded?.commands.map((c) => c.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await store.lastCommandSeq('OLDBB')).toBe(12);
    for (const key of Object.values(roomKeys('OLDBB')).filter((k) => !k.endsWith(':transcript'))) {
      const ttl = await client.pTTL(key);
      expect(ttl, key).toBeGreaterThan(3_500_000);
    }
    // The room goes on under its new names: a retried command keeps its number, a new one is the next.
    expect(await store.enqueue('OLDBB', 'cmd-OLDBB-7', { change: 'pause' }, 10_000, 40)).toMatchObject({ fresh: false, seq: 7 });
    expect(await store.enqueue('OLDBB', 'cmd-OLDBB-13', { change: 'play' }, 10_000, 40)).toMatchObject({ fresh: true, seq: 13 });
    expect((await store.load('OLDAA'))?.commands).toHaveLength(3);
    expect((await store.load('OLDCC'))?.definition.stream).toBe('the-new-one');
    expect(await store.codes()).toEqual(expect.arrayContaining(['OLDAA', 'OLDBB', 'OLDCC']));

    // Again on the next start: nothing left to do.
    expect(await migrateLegacyKeys(client, logger)).toEqual({ rooms: 0, stale: 0 });
  });

  it('walks a bounded number of keys per start, and the next start goes on', async () => {
    for (let i = 0; i < 30; i++) await legacyRoom(`BND${String(i).padStart(2, '0')}`, 1);
    const moved = (await migrateLegacyKeys(client, logger, 10)).rooms;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(30);
    let total = moved;
    for (let start = 0; start < 20 && total < 30; start++) total += (await migrateLegacyKeys(client, logger, 10)).rooms;
    expect(total).toBe(30);
    expect(await client.keys('boothcast:room:*')).toEqual([]);
    // An old room's commands with no definition left (deleted by an old node midway) are dropped, not moved.
    await client.xAdd('boothcast:room:ORPHN:commands', '*', { seq: '1', at: '1', cmd: '{"change":"play"}' });
    expect(await migrateLegacyKeys(client, logger)).toEqual({ rooms: 0, stale: 0 });
    expect(await client.exists(['boothcast:room:ORPHN:commands', roomKeys('ORPHN').commands])).toBe(0);
  });
});
