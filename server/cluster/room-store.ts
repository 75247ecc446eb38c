import { z } from 'zod';
import type { PlannedCommand } from '../replay/room-player';
import { luaScript } from './lua-script';
import type { RedisClient } from './redis-link';

/**
 * What the cluster shares in Redis, per room: its definition (transcript, secret hash, stream,
 * the clock it started with), the ordered log of presenter commands, each with the server time
 * at which every node applies it, and, for a room on an upload, the uploaded transcript itself.
 * From these, every node computes the same messages.
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

/**
 * A room as it stood right after one of its commands (`cmdSeq`): its clock, the sequence number of
 * the clock message that command sent, and the next segment to send. A node that first sees the
 * room starts from here and applies only the commands after it, so the stream needs only those.
 */
export const RoomSnapshotSchema = z.object({
  cmdSeq: z.int().min(1),
  clock: ClockSchema,
  seq: z.int().min(0),
  nextIndex: z.int().min(0),
});
export type RoomSnapshot = z.infer<typeof RoomSnapshotSchema>;

export interface OrderedCommand {
  readonly seq: number;
  readonly atMs: number;
  readonly command: PlannedCommand;
}

/** A room as Redis holds it, read in one step: its definition, its latest snapshot and the commands after it. */
export interface StoredClusterRoom {
  readonly definition: RoomDefinition;
  readonly snapshot: RoomSnapshot | undefined;
  readonly commands: readonly OrderedCommand[];
}

/**
 * A hard cap on a room's stream (XADD MAXLEN ~), a bound should snapshots stop coming: each command
 * carries a snapshot of the room as of an earlier command (ENQUEUE) and the stream is cut back to
 * the commands after the newest snapshot, so it normally holds one or two entries. Redis trims `~`
 * to whole stream nodes (100 entries each by default), so at worst N + 100 entries of about 100
 * bytes. A node that loads a room whose commands after its snapshot were cut by this cap cannot
 * rebuild it and refuses it (cluster-rooms.ts).
 */
export const MAX_COMMANDS_KEPT = 1_000;
/** Command ids kept to answer a retried command with its first number: far more than a presenter retries. */
export const MAX_COMMAND_IDS_KEPT = 1_000;

const PREFIX = 'boothcast';
/**
 * Every key of one room carries the room code as its hash tag (`{CODE}`), so Redis Cluster keeps
 * them in one slot and a script may touch them together. An uploaded transcript is stored under its
 * room's tag (a copy per room that plays it), so it is defined and deleted in the same atomic step
 * as the room; `playersKey` (tagged by the transcript id) only points from the id to those rooms.
 */
const tag = (code: string) => `${PREFIX}:{${code}}`;
export const roomKeys = (code: string) => ({
  room: `${tag(code)}:room`,
  commands: `${tag(code)}:commands`,
  ids: `${tag(code)}:command-ids`,
  transcript: `${tag(code)}:transcript`,
});
const playersKey = (transcriptId: string) => `${PREFIX}:{${transcriptId}}:rooms`;
const ROOMS = `${PREFIX}:rooms`;

/** Stores a definition unless the room exists, and with it the uploaded transcript it plays (if any). */
const DEFINE = `
if redis.call('HSETNX', KEYS[1], 'definition', ARGV[1]) == 0 then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`;

/**
 * Orders a command cluster-wide in one atomic step: a retried command id gets its first number
 * back; a new one gets the next number and a time at least `delay` from now and after the
 * previous command's, so every node has it before it is due. The ids are capped. With it comes
 * the sending node's snapshot of the room after an earlier command (ARGV[7], its command number
 * ARGV[8]; '' and 0 when it has none): kept when newer than the one stored, and the stream cut
 * back (exactly) to the commands after the stored snapshot, which are its last `seq - snapshotSeq`
 * entries, since the stream holds the commands in order with none missing.
 */
const ENQUEUE = `
local existing = redis.call('ZSCORE', KEYS[3], ARGV[1])
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
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'seq', seq, 'at', at, 'cmd', ARGV[2])
local snapshotSeq = tonumber(redis.call('HGET', KEYS[1], 'snapshotSeq') or '0')
local offered = tonumber(ARGV[8])
if ARGV[7] ~= '' and offered > snapshotSeq and offered < seq then
  redis.call('HSET', KEYS[1], 'snapshot', ARGV[7], 'snapshotSeq', offered)
  snapshotSeq = offered
end
if snapshotSeq > 0 then redis.call('XTRIM', KEYS[2], 'MAXLEN', seq - snapshotSeq) end
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[6]) - 1)
return {1, seq, at}
`;

/**
 * Deletes a room (and the upload stored with it) unless someone, on any node, was in it after the
 * cutoff: nodes report activity with noteActive, so the check and the delete are one atomic step.
 * Returns {1, transcript id} when deleted, otherwise {0, the newer activity time} (0 when the room
 * was already gone).
 */
const EXPIRE = `
local definition = redis.call('HGET', KEYS[1], 'definition')
if not definition then return {0, 0} end
local active = tonumber(redis.call('HGET', KEYS[1], 'activeAt') or '0')
if active > tonumber(ARGV[1]) then return {0, active} end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return {1, cjson.decode(definition).transcriptId}
`;

/** Keeps the latest activity time of a room (nodes report out of order). */
const NOTE_ACTIVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local at = tonumber(ARGV[1])
if at > tonumber(redis.call('HGET', KEYS[1], 'activeAt') or '0') then redis.call('HSET', KEYS[1], 'activeAt', at) end
return 0
`;

const parseCommand = (entry: { message: Record<string, unknown> }): OrderedCommand => ({
  seq: Number(entry.message.seq),
  atMs: Number(entry.message.at),
  command: CommandSchema.parse(JSON.parse(String(entry.message.cmd))) as PlannedCommand,
});

export function clusterRoomStore(client: RedisClient, limits: { maxCommandsKept?: number } = {}) {
  const maxCommands = limits.maxCommandsKept ?? MAX_COMMANDS_KEPT;
  const scripts = {
    define: luaScript(client, DEFINE),
    enqueue: luaScript(client, ENQUEUE),
    expire: luaScript(client, EXPIRE),
    noteActive: luaScript(client, NOTE_ACTIVE),
  };
  return {
    scripts,
    /** The connection, for the start-up move of rooms from the previous key names (migrate-keys.ts). */
    redis: client,

    /**
     * Stores the definition unless the room exists, with the uploaded transcript's file when the
     * room plays an upload (`transcriptFile`); returns whichever definition won.
     */
    async define(definition: RoomDefinition, transcriptFile?: Uint8Array): Promise<{ definition: RoomDefinition; created: boolean }> {
      const keys = roomKeys(definition.code);
      const file = transcriptFile ? Buffer.from(transcriptFile.buffer, transcriptFile.byteOffset, transcriptFile.byteLength) : '';
      const created = Number(await scripts.define.run([keys.room, keys.transcript], [JSON.stringify(definition), file])) === 1;
      if (created) {
        await client.sAdd(ROOMS, definition.code);
        if (transcriptFile) await client.sAdd(playersKey(definition.transcriptId), definition.code);
      }
      const stored = await this.definition(definition.code);
      if (!stored) throw new Error(`room ${definition.code} vanished from Redis`);
      return { definition: stored, created };
    },

    async definition(code: string): Promise<RoomDefinition | undefined> {
      const raw = await client.hGet(roomKeys(code).room, 'definition');
      return raw ? RoomDefinitionSchema.parse(JSON.parse(raw)) : undefined;
    },

    /** The room's definition and its commands, read in one atomic step. */
    async load(code: string): Promise<StoredClusterRoom | undefined> {
      const keys = roomKeys(code);
      const [fields, entries] = (await client.multi().hGetAll(keys.room).xRange(keys.commands, '-', '+').exec()) as unknown as [
        Record<string, string>,
        { message: Record<string, unknown> }[],
      ];
      if (!fields.definition) return undefined;
      const snapshot = fields.snapshot ? RoomSnapshotSchema.parse(JSON.parse(fields.snapshot)) : undefined;
      return {
        definition: RoomDefinitionSchema.parse(JSON.parse(fields.definition)),
        snapshot,
        commands: entries
          .map(parseCommand)
          .filter((c) => c.seq > (snapshot?.cmdSeq ?? 0))
          .sort((a, b) => a.seq - b.seq),
      };
    },

    /** The uploaded transcript's file stored with a room, or undefined (a bundled one, or the room is gone). */
    async transcriptFile(code: string): Promise<string | undefined> {
      return (await client.get(roomKeys(code).transcript)) ?? undefined;
    },

    /** Rooms that were given an uploaded transcript (some may since have been deleted). */
    async roomsPlaying(transcriptId: string): Promise<string[]> {
      return client.sMembers(playersKey(transcriptId));
    },

    /** Deletes the room unless it was active after `cutoffMs` (see EXPIRE). */
    async expire(code: string, cutoffMs: number): Promise<{ deleted: true } | { deleted: false; activeAtMs: number }> {
      const keys = roomKeys(code);
      const [deleted, detail] = (await scripts.expire.run([keys.room, keys.commands, keys.ids, keys.transcript], [String(Math.round(cutoffMs))])) as [number, number | string];
      if (Number(deleted) !== 1) return { deleted: false, activeAtMs: Number(detail) };
      // Outside the script: these two keys live in other slots. A crash in between leaves a code
      // that names no room, which readers skip.
      await client.sRem(ROOMS, code);
      await client.sRem(playersKey(String(detail)), code);
      return { deleted: true };
    },

    /** Records that rooms were in use on this node at these times (one call per room: each its own slot). */
    async noteActive(activity: readonly { code: string; atMs: number }[]): Promise<void> {
      await Promise.all(activity.map((a) => scripts.noteActive.run([roomKeys(a.code).room], [String(Math.round(a.atMs))])));
    },

    async codes(): Promise<string[]> {
      return client.sMembers(ROOMS);
    },

    async lastCommandSeq(code: string): Promise<number> {
      return Number((await client.hGet(roomKeys(code).room, 'cmdSeq')) ?? 0);
    },

    /** Commands after `afterSeq`, in order. */
    async commandsAfter(code: string, afterSeq: number): Promise<OrderedCommand[]> {
      const entries = (await client.xRange(roomKeys(code).commands, '-', '+')) ?? [];
      return entries
        .map(parseCommand)
        .filter((c) => c.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq);
    },

    /** Orders a command (see ENQUEUE), offering the room's snapshot after an earlier command, if this node has one. */
    async enqueue(
      code: string,
      commandId: string,
      command: PlannedCommand,
      nowMs: number,
      delayMs: number,
      snapshot?: RoomSnapshot,
    ): Promise<{ fresh: boolean; seq: number; atMs: number }> {
      const keys = roomKeys(code);
      const reply = (await scripts.enqueue.run(
        [keys.room, keys.commands, keys.ids],
        [
          commandId,
          JSON.stringify(command),
          String(Math.round(nowMs)),
          String(delayMs),
          String(maxCommands),
          String(MAX_COMMAND_IDS_KEPT),
          snapshot ? JSON.stringify(snapshot) : '',
          String(snapshot?.cmdSeq ?? 0),
        ],
      )) as [number, number, number];
      return { fresh: Number(reply[0]) === 1, seq: Number(reply[1]), atMs: Number(reply[2]) };
    },
  };
}

export type ClusterRoomStore = ReturnType<typeof clusterRoomStore>;
