import { luaScript } from '../cluster/lua-script';
import type { RedisClient } from '../cluster/redis-link';
import { roomKeys } from '../cluster/room-store';

/**
 * The caption outputs of a cluster in Redis. Every key of a room's outputs carries the room's hash
 * tag (`boothcast:{CODE}:…`), like the room itself, so one script may touch them together:
 * - `…:outputs` (hash) output id → its settings, secrets included (OutputConfig as JSON);
 * - `…:output-state` (hash) id → what continues it on another node: `seq`, the captions numbered
 *   and not yet confirmed, the last segment taken, statistics, and what the console shows;
 * - `…:output-stopped` (hash) id → "1" while the presenter has it stopped;
 * - `…:output-lease:<id>` (string, with a ttl) the node that sends for it.
 * `boothcast:output-rooms` (a set, in a slot of its own) names the rooms that have outputs, so
 * every node can find the outputs nobody sends for.
 */
export const outputKeys = (code: string) => {
  const base = roomKeys(code).room.replace(/:room$/u, '');
  return {
    room: roomKeys(code).room,
    configs: `${base}:outputs`,
    states: `${base}:output-state`,
    stopped: `${base}:output-stopped`,
    lease: (id: string) => `${base}:output-lease:${id}`,
  };
};
export const OUTPUT_ROOMS = 'boothcast:output-rooms';

/**
 * Takes the lease of an output nobody holds (SET NX PX), or extends our own.
 * KEYS: lease, configs, states, stopped. ARGV: id, node, ttl ms.
 * Returns {1, config, state, stopped} when this node now holds it, {0, ms left on the holder's
 * lease} when another node does, {-1} when the output no longer exists.
 */
const ACQUIRE = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {-1} end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[2] then return {0, redis.call('PTTL', KEYS[1])} end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, redis.call('HGET', KEYS[2], ARGV[1]), redis.call('HGET', KEYS[3], ARGV[1]) or '', redis.call('HEXISTS', KEYS[4], ARGV[1])}
`;

/**
 * Compare-and-renew: extends the lease only if this node still holds it.
 * KEYS: lease, configs, stopped. ARGV: id, node, ttl ms.
 * Returns -1 when the lease is another node's or expired, -2 when the output was removed (the
 * lease is dropped), otherwise 1 or 0: whether the presenter has it stopped.
 */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return -1 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
  redis.call('DEL', KEYS[1])
  return -2
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('HEXISTS', KEYS[3], ARGV[1])
`;

/**
 * A fenced write of an output's state: only the lease's holder may write it (a node whose lease
 * expired while it was paused cannot overwrite what the new holder saved).
 * KEYS: lease, configs, states. ARGV: id, node, state JSON. Returns 1 when written, 0 when not.
 */
const SAVE = `
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return 1
`;

/** Gives the lease up if this node holds it. KEYS: lease. ARGV: node. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Adds an output unless the room has `max`, its lease already held by the node that adds it (no
 * other node can take it in between). KEYS: configs, states, lease. ARGV: id, config, state, max,
 * node, ttl ms. Returns 1 or 0.
 */
const ADD = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SET', KEYS[3], ARGV[5], 'PX', ARGV[6])
return 1
`;

/** Removes an output, its state and its lease. KEYS: configs, states, stopped, lease. ARGV: id. Returns 1, or 0 when there was none. */
const REMOVE = `
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
return removed
`;

/** Marks an output stopped ("1") or running ("0"). KEYS: configs, stopped. ARGV: id, flag. Returns 0 when there is no such output. */
const SET_STOPPED = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] == '1' then redis.call('HSET', KEYS[2], ARGV[1], '1') else redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
`;

/**
 * Deletes a room's outputs, secrets included, once the room itself is gone (expired, evicted).
 * KEYS: room, configs, states, stopped. Returns 1 when deleted, 0 while the room exists.
 */
const PRUNE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return 1
`;

export type Acquired = { held: true; config: string; state: string; stopped: boolean } | { held: false; leftMs: number } | { held: false; gone: true };

/** The lease and record operations, each one atomic script (EVALSHA, lua-script.ts). */
export function outputLeases(client: RedisClient) {
  const scripts = {
    acquire: luaScript(client, ACQUIRE),
    renew: luaScript(client, RENEW),
    save: luaScript(client, SAVE),
    release: luaScript(client, RELEASE),
    add: luaScript(client, ADD),
    remove: luaScript(client, REMOVE),
    setStopped: luaScript(client, SET_STOPPED),
    prune: luaScript(client, PRUNE),
  };
  return {
    async acquire(code: string, id: string, node: string, ttlMs: number): Promise<Acquired> {
      const k = outputKeys(code);
      const reply = (await scripts.acquire.run([k.lease(id), k.configs, k.states, k.stopped], [id, node, String(ttlMs)])) as unknown[];
      const status = Number(reply[0]);
      if (status === -1) return { held: false, gone: true };
      if (status === 0) return { held: false, leftMs: Math.max(0, Number(reply[1])) };
      return { held: true, config: String(reply[1]), state: String(reply[2]), stopped: Number(reply[3]) === 1 };
    },
    /** `lost` when another node holds it or it expired, `removed` when the output is gone, else whether it is stopped. */
    async renew(code: string, id: string, node: string, ttlMs: number): Promise<'lost' | 'removed' | { stopped: boolean }> {
      const k = outputKeys(code);
      const reply = Number(await scripts.renew.run([k.lease(id), k.configs, k.stopped], [id, node, String(ttlMs)]));
      if (reply === -1) return 'lost';
      if (reply === -2) return 'removed';
      return { stopped: reply === 1 };
    },
    async save(code: string, id: string, node: string, state: string): Promise<boolean> {
      const k = outputKeys(code);
      return Number(await scripts.save.run([k.lease(id), k.configs, k.states], [id, node, state])) === 1;
    },
    async release(code: string, id: string, node: string): Promise<void> {
      await scripts.release.run([outputKeys(code).lease(id)], [node]);
    },
    async add(code: string, id: string, config: string, state: string, max: number, node: string, ttlMs: number): Promise<boolean> {
      const k = outputKeys(code);
      // The room is listed first: a node that sees the room with no output yet simply finds none.
      await client.sAdd(OUTPUT_ROOMS, code);
      return Number(await scripts.add.run([k.configs, k.states, k.lease(id)], [id, config, state, String(max), node, String(ttlMs)])) === 1;
    },
    async remove(code: string, id: string): Promise<boolean> {
      const k = outputKeys(code);
      return Number(await scripts.remove.run([k.configs, k.states, k.stopped, k.lease(id)], [id])) === 1;
    },
    async setStopped(code: string, id: string, stopped: boolean): Promise<boolean> {
      const k = outputKeys(code);
      return Number(await scripts.setStopped.run([k.configs, k.stopped], [id, stopped ? '1' : '0'])) === 1;
    },
    /** Deletes the outputs of a room that no longer exists; true when it did. */
    async prune(code: string): Promise<boolean> {
      const k = outputKeys(code);
      const pruned = Number(await scripts.prune.run([k.room, k.configs, k.states, k.stopped], [])) === 1;
      if (pruned) await client.sRem(OUTPUT_ROOMS, code);
      return pruned;
    },
    rooms: (): Promise<string[]> => client.sMembers(OUTPUT_ROOMS),
    /** A room's outputs as stored: settings, state, stopped flags. */
    async read(code: string): Promise<{ configs: Record<string, string>; states: Record<string, string>; stopped: Record<string, string> }> {
      const k = outputKeys(code);
      const [configs, states, stopped] = (await client.multi().hGetAll(k.configs).hGetAll(k.states).hGetAll(k.stopped).exec()) as unknown as Record<string, string>[];
      return { configs, states, stopped };
    },
  };
}

export type OutputLeases = ReturnType<typeof outputLeases>;
