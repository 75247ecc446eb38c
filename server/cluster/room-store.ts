import { z } from 'zod';
import type { PlannedCommand } from '../replay/room-player';
import type { RedisClient } from './redis-link';

/**
 * What the cluster shares in Redis, per room: its definition (transcript, secret hash, stream,
 * the clock it started with) and the ordered log of presenter commands, each with the server time
 * at which every node applies it. From these two, every node computes the same messages.
 */
const ClockSchema = z.object({
  status: z.enum(['playing', 'paused', 'ended']),
  positionMs: z.number(),
  anchorAtMs: z.number(),
  rate: z.number(),
  loop: z.boolean(),
  epoch: z.int(),
  durationMs: z.number(),
});

export const RoomDefinitionSchema = z.object({
  code: z.string(),
  transcriptId: z.string(),
  secretHash: z.string().nullable(),
  stream: z.string(),
  createdAtMs: z.number(),
  clock: ClockSchema,
  /** The address key of the client that opened it (rooms defined before owners had none). */
  owner: z.string().max(64).nullable().optional(),
});
export type RoomDefinition = z.infer<typeof RoomDefinitionSchema>;

const CommandSchema = z.discriminatedUnion('change', [
  z.object({ change: z.enum(['play', 'pause', 'restart']) }),
  z.object({ change: z.literal('seek'), positionMs: z.number() }),
  z.object({ change: z.literal('rate'), rate: z.number() }),
  z.object({ change: z.literal('loop'), loop: z.boolean() }),
]);

export interface OrderedCommand {
  readonly seq: number;
  readonly atMs: number;
  readonly command: PlannedCommand;
}

const PREFIX = 'boothcast';
const roomKey = (code: string) => `${PREFIX}:room:${code}`;
const commandsKey = (code: string) => `${PREFIX}:room:${code}:commands`;
const idsKey = (code: string) => `${PREFIX}:room:${code}:command-ids`;
const ROOMS = `${PREFIX}:rooms`;

/**
 * Orders a command cluster-wide in one atomic step: a retried command id gets its first number
 * back; a new one gets the next number and a time at least `delay` from now and after the
 * previous command's, so every node has it before it is due.
 */
const ENQUEUE = `
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then
  local seq = tonumber(existing)
  local entries = redis.call('XRANGE', KEYS[2], '-', '+')
  for _, entry in ipairs(entries) do
    local fields = entry[2]
    if tonumber(fields[2]) == seq then return {0, seq, tonumber(fields[4])} end
  end
  return {0, seq, 0}
end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastAt') or '0')
local seq = redis.call('HINCRBY', KEYS[1], 'cmdSeq', 1)
local at = math.max(tonumber(ARGV[3]) + tonumber(ARGV[4]), last + 1)
redis.call('HSET', KEYS[1], 'lastAt', at)
redis.call('XADD', KEYS[2], '*', 'seq', seq, 'at', at, 'cmd', ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], seq)
return {1, seq, at}
`;

/**
 * Deletes a room unless someone, on any node, was in it after the cutoff: nodes report activity
 * with `noteActive`, so the check and the delete are one atomic step. Returns 1 when deleted,
 * otherwise the newer activity time (0 when the room was already gone).
 */
const EXPIRE = `
local definition = redis.call('HGET', KEYS[1], 'definition')
if not definition then return 0 end
local active = tonumber(redis.call('HGET', KEYS[1], 'activeAt') or '0')
if active > tonumber(ARGV[2]) then return active end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], ARGV[1])
return 1
`;

/** Keeps the latest activity time per room (nodes report out of order). */
const NOTE_ACTIVE = `
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    local at = tonumber(ARGV[i])
    if at > tonumber(redis.call('HGET', key, 'activeAt') or '0') then redis.call('HSET', key, 'activeAt', at) end
  end
end
return 0
`;

export function clusterRoomStore(client: RedisClient) {
  return {
    /** Stores the definition unless the room exists; returns whichever definition won. */
    async define(definition: RoomDefinition): Promise<{ definition: RoomDefinition; created: boolean }> {
      const created = await client.hSetNX(roomKey(definition.code), 'definition', JSON.stringify(definition));
      if (created) await client.sAdd(ROOMS, definition.code);
      const stored = await this.definition(definition.code);
      if (!stored) throw new Error(`room ${definition.code} vanished from Redis`);
      return { definition: stored, created: Boolean(created) };
    },

    async definition(code: string): Promise<RoomDefinition | undefined> {
      const raw = await client.hGet(roomKey(code), 'definition');
      return raw ? RoomDefinitionSchema.parse(JSON.parse(raw)) : undefined;
    },

    /** Deletes the room unless it was active after `cutoffMs` (see EXPIRE). */
    async expire(code: string, cutoffMs: number): Promise<{ deleted: true } | { deleted: false; activeAtMs: number }> {
      const reply = Number(
        await client.eval(EXPIRE, { keys: [roomKey(code), commandsKey(code), idsKey(code), ROOMS], arguments: [code, String(Math.round(cutoffMs))] }),
      );
      return reply === 1 ? { deleted: true } : { deleted: false, activeAtMs: reply };
    },

    /** Records that rooms were in use on this node at these times. */
    async noteActive(activity: readonly { code: string; atMs: number }[]): Promise<void> {
      if (activity.length === 0) return;
      await client.eval(NOTE_ACTIVE, { keys: activity.map((a) => roomKey(a.code)), arguments: activity.map((a) => String(Math.round(a.atMs))) });
    },

    async codes(): Promise<string[]> {
      return client.sMembers(ROOMS);
    },

    async lastCommandSeq(code: string): Promise<number> {
      return Number((await client.hGet(roomKey(code), 'cmdSeq')) ?? 0);
    },

    /** Commands after `afterSeq`, in order. */
    async commandsAfter(code: string, afterSeq: number): Promise<OrderedCommand[]> {
      const entries = await client.xRange(commandsKey(code), '-', '+');
      return (entries ?? [])
        .map((entry) => ({
          seq: Number(entry.message.seq),
          atMs: Number(entry.message.at),
          command: CommandSchema.parse(JSON.parse(String(entry.message.cmd))) as PlannedCommand,
        }))
        .filter((c) => c.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq);
    },

    async enqueue(code: string, commandId: string, command: PlannedCommand, nowMs: number, delayMs: number): Promise<{ fresh: boolean; seq: number; atMs: number }> {
      const reply = (await client.eval(ENQUEUE, {
        keys: [roomKey(code), commandsKey(code), idsKey(code)],
        arguments: [commandId, JSON.stringify(command), String(Math.round(nowMs)), String(delayMs)],
      })) as [number, number, number];
      return { fresh: reply[0] === 1, seq: Number(reply[1]), atMs: Number(reply[2]) };
    },
  };
}

export type ClusterRoomStore = ReturnType<typeof clusterRoomStore>;
