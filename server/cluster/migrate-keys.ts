import type { Logger } from 'pino';
import type { RedisClient } from './redis-link';
import { MAX_COMMAND_IDS_KEPT, roomKeys } from './room-store';

/**
 * Before every key of a room carried its code as a hash tag (`boothcast:{CODE}:…`), a room lived
 * under `boothcast:room:CODE` (hash: definition, cmdSeq, lastAt, activeAt), `…:commands` (stream,
 * the same entries) and `…:command-ids` (a hash id → seq, now a sorted set). The set of codes,
 * `boothcast:rooms`, kept its name. Those versions ran on a single Redis only (their scripts mixed
 * slots), so a key can be renamed in place.
 */
const LEGACY_PATTERN = 'boothcast:room:*';
const LEGACY_KEY = /^boothcast:room:([^:{}]+)(?::commands|:command-ids)?$/u;
const legacyKeys = (code: string) => ({
  room: `boothcast:room:${code}`,
  commands: `boothcast:room:${code}:commands`,
  ids: `boothcast:room:${code}:command-ids`,
});
/** Keys SCAN may walk past at most on a start: the old keys of 10,000 rooms and then some. */
export const MAX_LEGACY_KEYS_SCANNED = 50_000;

/** RENAMENX, reading "the key is already gone" (another node moved it first) as done. */
async function moveKey(client: RedisClient, from: string, to: string): Promise<'moved' | 'absent' | 'taken'> {
  try {
    return Number(await client.sendCommand(['RENAMENX', from, to])) === 1 ? 'moved' : 'taken';
  } catch (error) {
    if (error instanceof Error && /no such key/iu.test(error.message)) return 'absent';
    throw error;
  }
}

/**
 * Moves the rooms a cluster of the previous version left in Redis to the current key names, so a
 * rolling upgrade keeps them: per room, its commands, then its command ids (converted to a sorted
 * set, the newest MAX_COMMAND_IDS_KEPT), and last its definition, so a node never sees the room
 * without its commands. Each key keeps its time to live. Idempotent and safe with several nodes
 * starting at once: RENAMENX moves a key once (the others find it gone), the ids are written with
 * ZADD (the same scores again change nothing), and a room whose new key exists already (defined
 * again since) keeps the new one; the stale old key is deleted. Bounded: SCAN walks at most
 * MAX_LEGACY_KEYS_SCANNED keys per start, and says so when it stops early.
 */
export async function migrateLegacyKeys(client: RedisClient, logger: Logger, limit = MAX_LEGACY_KEYS_SCANNED): Promise<{ rooms: number; stale: number }> {
  const codes = new Set<string>();
  let scanned = 0;
  let cursor = '0';
  do {
    const reply = await client.scan(cursor, { MATCH: LEGACY_PATTERN, COUNT: Math.min(500, limit) });
    cursor = String(reply.cursor);
    scanned += reply.keys.length;
    for (const key of reply.keys) {
      // Any of a room's three keys names it: a start that stops early must not leave a room whose
      // definition it did not reach in the same batch as its other keys.
      const match = LEGACY_KEY.exec(String(key));
      if (match) codes.add(match[1]);
    }
    if (scanned >= limit && cursor !== '0') {
      logger.warn({ scanned }, 'stopped looking for rooms under the previous key names after this many keys; the next start goes on');
      break;
    }
  } while (cursor !== '0');

  let rooms = 0;
  let stale = 0;
  for (const code of codes) {
    const from = legacyKeys(code);
    const to = roomKeys(code);
    if ((await client.exists(from.room)) === 0) {
      // Commands or ids with no definition left: the definition moves last, after both of these
      // were moved or deleted, so these belong to no room (expired by an old node) and are dropped.
      await client.unlink([from.commands, from.ids]);
      continue;
    }
    if ((await moveKey(client, from.commands, to.commands)) === 'taken') {
      await client.unlink(from.commands);
      stale++;
    }
    const type = String(await client.type(from.ids));
    if (type === 'hash') {
      const ids = Object.entries(await client.hGetAll(from.ids)).map(([value, seq]) => ({ value, score: Number(seq) }));
      const ttl = Number(await client.pTTL(from.ids));
      if (ids.length > 0 && (await client.exists(to.room)) === 0) {
        await client.zAdd(to.ids, ids);
        await client.zRemRangeByRank(to.ids, 0, -MAX_COMMAND_IDS_KEPT - 1);
        if (ttl > 0) await client.pExpire(to.ids, ttl);
      }
      await client.unlink(from.ids);
    } else if (type === 'zset' && (await moveKey(client, from.ids, to.ids)) === 'taken') {
      await client.unlink(from.ids);
    }
    const moved = await moveKey(client, from.room, to.room);
    if (moved === 'moved') rooms++;
    if (moved === 'taken') {
      await client.unlink(from.room);
      stale++;
      logger.warn({ room: code }, 'a room under the previous key names was defined again under the new ones; kept the new one');
    }
  }
  if (rooms > 0) logger.info({ rooms }, 'moved rooms from the previous key names to the current ones');
  return { rooms, stale };
}
