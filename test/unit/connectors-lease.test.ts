import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { RedisClient } from '../../server/cluster/redis-link';
import { OUTPUT_ROOMS, outputKeys, outputLeases, type OutputLeases } from '../../server/connectors/lease';
import { startRedis } from '../support/redis-server';

// The lease scripts against a real redis-server: who may send, who may write, what a removal and a
// room's deletion leave behind.
let redis: Awaited<ReturnType<typeof startRedis>>;
let client: RedisClient;
let leases: OutputLeases;
const CODE = 'LEASE1';
const ID = 'out-1';
const keys = outputKeys(CODE);

beforeAll(async () => {
  redis = await startRedis();
  client = createClient({ url: redis.url }) as unknown as RedisClient;
  await client.connect();
  leases = outputLeases(client);
}, 30_000);

afterAll(async () => {
  await client?.quit();
  await redis?.stop();
});

beforeEach(async () => {
  await client.flushAll();
  // The room exists (as room-store.ts defines it) and has one output.
  await client.hSet(keys.room, 'definition', '{}');
  expect(await leases.add(CODE, ID, '{"type":"zoom"}', '{"seq":0}', 10, 'node-a', 1)).toBe(true);
  // Added with node A's lease (here 1 ms, gone before each test starts).
  await sleep(5);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('caption output leases in Redis', () => {
  it('one node at a time: the second is told how long the first still holds it', async () => {
    const a = await leases.acquire(CODE, ID, 'node-a', 5_000);
    expect(a).toEqual({ held: true, config: '{"type":"zoom"}', state: '{"seq":0}', stopped: false });
    const b = await leases.acquire(CODE, ID, 'node-b', 5_000);
    expect(b.held).toBe(false);
    expect((b as { leftMs: number }).leftMs).toBeGreaterThan(0);
    expect((b as { leftMs: number }).leftMs).toBeLessThanOrEqual(5_000);
    expect(await client.get(keys.lease(ID))).toBe('node-a');
  });

  it('an unrenewed lease expires and another node takes it, with the state the first saved', async () => {
    await leases.acquire(CODE, ID, 'node-a', 1_000);
    expect(await leases.save(CODE, ID, 'node-a', '{"seq":41}')).toBe(true);
    await sleep(1_100);
    const b = await leases.acquire(CODE, ID, 'node-b', 1_000);
    expect(b).toMatchObject({ held: true, state: '{"seq":41}' });
  });

  it('renewal is compare-and-renew: the holder extends it, a node whose lease passed cannot', async () => {
    await leases.acquire(CODE, ID, 'node-a', 2_000);
    for (let i = 0; i < 3; i++) {
      await sleep(800);
      expect(await leases.renew(CODE, ID, 'node-a', 2_000)).toEqual({ stopped: false });
    }
    // 2.4 s after it was taken (longer than its ttl), renewed: still node A's.
    expect((await leases.acquire(CODE, ID, 'node-b', 1_000)).held).toBe(false);
    await sleep(2_100);
    await leases.acquire(CODE, ID, 'node-b', 1_000);
    expect(await leases.renew(CODE, ID, 'node-a', 1_000)).toBe('lost');
    expect(await client.get(keys.lease(ID))).toBe('node-b');
  });

  it('writes are fenced: a node that lost the lease cannot overwrite the new holder’s seq', async () => {
    await leases.acquire(CODE, ID, 'node-a', 1_000);
    await sleep(1_100);
    await leases.acquire(CODE, ID, 'node-b', 5_000);
    expect(await leases.save(CODE, ID, 'node-b', '{"seq":7}')).toBe(true);
    expect(await leases.save(CODE, ID, 'node-a', '{"seq":5}')).toBe(false);
    expect(await client.hGet(keys.states, ID)).toBe('{"seq":7}');
  });

  it('release gives the lease up at once, and only the holder can release it', async () => {
    await leases.acquire(CODE, ID, 'node-a', 60_000);
    await leases.release(CODE, ID, 'node-b');
    expect(await client.get(keys.lease(ID))).toBe('node-a');
    await leases.release(CODE, ID, 'node-a');
    expect((await leases.acquire(CODE, ID, 'node-b', 60_000)).held).toBe(true);
  });

  it('a removed output: its holder learns it at renewal, nobody can take or write it', async () => {
    await leases.acquire(CODE, ID, 'node-a', 60_000);
    expect(await leases.remove(CODE, ID)).toBe(true);
    expect(await leases.renew(CODE, ID, 'node-a', 60_000)).toBe('lost');
    expect(await leases.acquire(CODE, ID, 'node-b', 60_000)).toEqual({ held: false, gone: true });
    expect(await leases.save(CODE, ID, 'node-b', '{"seq":1}')).toBe(false);
    expect(await client.hGetAll(keys.states)).toEqual({});
    expect(await leases.remove(CODE, ID)).toBe(false);
  });

  it('stop and start reach the holder through its renewal', async () => {
    await leases.acquire(CODE, ID, 'node-a', 60_000);
    expect(await leases.setStopped(CODE, ID, true)).toBe(true);
    expect(await leases.renew(CODE, ID, 'node-a', 60_000)).toEqual({ stopped: true });
    expect(await leases.setStopped(CODE, ID, false)).toBe(true);
    expect(await leases.renew(CODE, ID, 'node-a', 60_000)).toEqual({ stopped: false });
    expect(await leases.setStopped(CODE, 'no-such-output', true)).toBe(false);
  });

  it('a room holds at most the limit of outputs', async () => {
    expect(await leases.add(CODE, 'out-2', '{}', '{}', 2, 'node-b', 60_000)).toBe(true);
    expect(await leases.add(CODE, 'out-3', '{}', '{}', 2, 'node-b', 60_000)).toBe(false);
    // The node that adds an output holds its lease from the start.
    expect((await leases.acquire(CODE, 'out-2', 'node-a', 60_000)).held).toBe(false);
    expect(await client.get(keys.lease('out-3'))).toBeNull();
    expect(Object.keys((await leases.read(CODE)).configs).sort()).toEqual([ID, 'out-2']);
  });

  it('outputs, secrets included, are deleted once their room is gone, and not before', async () => {
    expect(await client.sMembers(OUTPUT_ROOMS)).toEqual([CODE]);
    expect(await leases.prune(CODE)).toBe(false);
    expect(Object.keys((await leases.read(CODE)).configs)).toEqual([ID]);
    await client.del(keys.room);
    expect(await leases.prune(CODE)).toBe(true);
    expect(await leases.read(CODE)).toEqual({ configs: {}, states: {}, stopped: {} });
    expect(await client.sMembers(OUTPUT_ROOMS)).toEqual([]);
  });
});
