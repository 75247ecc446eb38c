import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClockState } from '../protocol';
import type { IoServer } from '../realtime/create-realtime';
import { roomChannel } from '../realtime/channels';
import type { presenceNotifier } from '../realtime/presence';
import { initialClock } from '../replay/clock';
import type { PlannedCommand } from '../replay/room-player';
import type { TimeSource } from '../replay/time-source';
import { hashSecret, newSecret } from '../rooms/presenter-secret';
import { generateRoomCode } from '../rooms/room-code';
import { UPLOAD_ID_BYTES, UPLOAD_ID_PREFIX } from '../rooms/transcript-library';
import { RoomLimitError, UnknownTranscriptError, type Room, type RoomRegistry } from '../rooms/room-registry';
import { UnavailableError, type RoomService } from '../rooms/room-service';
import { TranscriptSchema, type Transcript } from '../transcript/model';
import { migrateLegacyKeys } from './migrate-keys';
import type { ClusterRoomStore, OrderedCommand, RoomDefinition, RoomSnapshot, StoredClusterRoom } from './room-store';

/**
 * How long after it is ordered a presenter command takes effect on every node: longer than a
 * command takes to reach the nodes through Redis (about a millisecond on one network), short
 * enough that viewers see it "at once" (the goal is 100 ms from presenter to every viewer). A
 * command that reaches a node after its time is still applied exactly (anchored at its time) as
 * long as the node sent nothing since then that the command would have come before; only
 * otherwise is the room rebuilt (see `schedule`).
 */
export const COMMAND_DELAY_MS = 40;
/** Each node checks Redis this often for commands or rooms it may have missed. */
export const RECONCILE_INTERVAL_MS = 1_000;
/**
 * Uploaded transcripts a node keeps after reading them from Redis for a page or an export of a room
 * it does not play (those it plays it holds while they play). An upload is at most a few MiB parsed;
 * four cover a class downloading its lesson's captions at once.
 */
export const RECENT_UPLOADS = 4;
const UPLOAD_ID_PATTERN = new RegExp(`^${UPLOAD_ID_PREFIX}[0-9a-f]{${UPLOAD_ID_BYTES * 2}}$`, 'u');

/** What the cluster needs of the node's transcripts: the bundled ones and the uploads it holds. */
export interface ClusterTranscripts {
  get(id: string): Transcript | undefined;
  /** The file of an upload held here, as it is stored with a room that plays it. */
  uploadFile(id: string): Uint8Array | undefined;
  /** Keeps an upload read from Redis while a room here plays it (released with its last room). */
  hold(transcript: Transcript, file: Uint8Array): void;
}

interface CommandNotice {
  readonly code: string;
  readonly seq: number;
  readonly atMs: number;
  readonly command: PlannedCommand;
}

/**
 * Rooms across a cluster: each node plays every room it serves from the room's definition and
 * ordered command log in Redis, scheduling each command for the same server time, so every node
 * sends the same segment with the same sequence number at the same moment, and any node can serve
 * any viewer. Segments never cross Redis; only commands (tiny, rare) and room definitions do.
 */
export async function startClusterRooms(deps: {
  io: IoServer;
  registry: RoomRegistry;
  store: ClusterRoomStore;
  transcripts: ClusterTranscripts;
  time: TimeSource;
  logger: Logger;
  isUp: () => boolean;
  presence: ReturnType<typeof presenceNotifier>;
  maxRooms: number;
  defaultRoom: { code: string; transcriptId: string; secret: string | null };
}): Promise<RoomService & { close(): void; onGone(callback: (room: Room) => void): void; transcript(id: string): Promise<Transcript | undefined> }> {
  const { io, registry, store, time, logger, isUp, presence } = deps;
  const loading = new Map<string, Promise<Room | undefined>>();
  const recent = new Map<string, Transcript>();

  /** An uploaded transcript stored with a room, parsed and checked as a file from disk would be. */
  const readUpload = async (code: string, transcriptId: string): Promise<{ transcript: Transcript; file: Uint8Array } | undefined> => {
    const text = await store.transcriptFile(code);
    if (text === undefined) return undefined;
    const parsed = TranscriptSchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.id !== transcriptId) {
      logger.error({ room: code, transcript: transcriptId }, 'the uploaded transcript stored with this room is not a valid compiled transcript');
      return undefined;
    }
    return { transcript: parsed.data, file: new TextEncoder().encode(text) };
  };

  /** A transcript by id: held here, or an upload read from a room that plays it (kept among the recent few). */
  const transcript = async (id: string): Promise<Transcript | undefined> => {
    const known = deps.transcripts.get(id) ?? recent.get(id);
    // Only an upload's id can name one Redis holds: anything else a URL asks for costs no round trip.
    if (known || !isUp() || !UPLOAD_ID_PATTERN.test(id)) return known;
    for (const code of await store.roomsPlaying(id)) {
      const upload = await readUpload(code, id);
      if (!upload) continue;
      recent.set(id, upload.transcript);
      if (recent.size > RECENT_UPLOADS) recent.delete(recent.keys().next().value as string);
      return upload.transcript;
    }
    return undefined;
  };

  /** The command number of each command object handed to a player, to name the snapshot after it. */
  const commandSeqs = new WeakMap<PlannedCommand, number>();
  /** The room as it stood after the last command it applied here, to be saved with the next command. */
  const snapshotOf = (room: Room): RoomSnapshot | undefined => {
    const cursor = room.player.lastCommand;
    const cmdSeq = cursor && commandSeqs.get(cursor.command);
    return cursor && cmdSeq ? { cmdSeq, clock: cursor.clock, seq: cursor.seq, nextIndex: cursor.nextIndex } : undefined;
  };

  const schedule = (room: Room, commands: readonly OrderedCommand[], live: boolean): boolean => {
    const cluster = room.cluster!;
    for (const ordered of [...commands].sort((a, b) => a.seq - b.seq)) {
      if (ordered.seq <= cluster.cmdSeq) continue;
      if (ordered.seq !== cluster.cmdSeq + 1) return false;
      // A command that arrives after its time is applied at its time, anchored there, which gives
      // the same clock and the same numbering as on time, unless this node has since sent a message
      // (a segment, the end) due at or after it, which the command would have come before.
      if (live && ordered.atMs < time.now()) {
        if (room.player.lastEventAtMs >= ordered.atMs) return false;
        logger.debug({ room: room.code, command: ordered.seq, lateMs: time.now() - ordered.atMs }, 'a presenter command came after its time; applied at its time');
      }
      cluster.cmdSeq = ordered.seq;
      commandSeqs.set(ordered.command, ordered.seq);
      cluster.results.set(ordered.seq, room.player.schedule(ordered.command, ordered.atMs));
      if (cluster.results.size > 256) cluster.results.delete(cluster.results.keys().next().value as number);
    }
    return true;
  };

  /** Takes on a room as Redis holds it: from its latest snapshot (or its start), then every command after it. */
  const adopt = (stored: StoredClusterRoom): Room | undefined => {
    const { definition, snapshot, commands } = stored;
    const from = snapshot?.cmdSeq ?? 0;
    if (commands.length > 0 && commands[0].seq !== from + 1) {
      // Cut by the stream's cap (MAX_COMMANDS_KEPT) before a snapshot covered them: this node
      // cannot number the room's messages as the others do, so it does not serve it.
      logger.error({ room: definition.code, snapshot: from, first: commands[0].seq }, 'the room has more commands than Redis keeps; this node cannot rebuild it');
      return undefined;
    }
    const room = registry.adopt(definition, snapshot);
    if (!room) return undefined;
    if (room.cluster!.cmdSeq === from && room.cluster!.results.size === 0) schedule(room, commands, false);
    return room;
  };

  const load = async (code: string): Promise<Room | undefined> => {
    const existing = registry.get(code);
    if (existing) return existing;
    const pending = loading.get(code);
    if (pending) return pending;
    const promise = (async () => {
      const stored = await store.load(code);
      if (!stored) return undefined;
      const { transcriptId } = stored.definition;
      if (!deps.transcripts.get(transcriptId)) {
        // An upload another node received: it is stored with the room.
        const upload = await readUpload(code, transcriptId);
        if (!upload) {
          logger.error({ room: code, transcript: transcriptId }, 'room uses a transcript this node does not have and Redis does not hold');
          return undefined;
        }
        deps.transcripts.hold(upload.transcript, upload.file);
      }
      return registry.get(code) ?? adopt(stored);
    })().finally(() => loading.delete(code));
    loading.set(code, promise);
    return promise;
  };

  /** Brings a room up to the command log; a room that fell out of step is rebuilt and its viewers rejoin. */
  const catchUp = async (room: Room): Promise<void> => {
    const commands = await store.commandsAfter(room.code, room.cluster!.cmdSeq);
    if (schedule(room, commands, true)) return;
    logger.error({ room: room.code }, 'a presenter command reached this node too late; rebuilding the room and reconnecting its viewers here');
    registry.remove(room.code);
    // Its viewers go first: the rebuilt room replays its history to the room's channel as it
    // starts, which they already have. They rejoin the rebuilt room for what they missed.
    io.local.in(roomChannel(room.code)).disconnectSockets(true);
    const reloaded = await load(room.code);
    if (!reloaded) gone(room);
  };

  io.on('boothcast:command', (notice: CommandNotice) => {
    const room = registry.get(notice.code);
    if (!room) return;
    if (!schedule(room, [notice], true)) void catchUp(room).catch((err: unknown) => logger.error({ err, room: notice.code }, 'catch-up failed'));
  });
  io.on('boothcast:room', (code: string) => void load(code).catch(() => undefined));
  io.on('boothcast:presence', (code: string, ack?: (count: number) => void) => {
    ack?.(io.of('/').adapter.rooms.get(roomChannel(code))?.size ?? 0);
  });
  // Another node deleted an expired or evicted room: forget it here too, and what only it used.
  let gone: (room: Room) => void = () => undefined;
  const forget = (code: string) => {
    const room = registry.get(code);
    if (!room) return;
    registry.remove(code);
    gone(room);
  };
  io.on('boothcast:room-expired', forget);
  io.on('boothcast:presence-changed', (code: string) => presence.changed(code, true));
  presence.announceWith((code) => {
    if (isUp()) io.serverSideEmit('boothcast:presence-changed', code);
  });

  // Rooms a cluster of the previous version left under the old key names move first, before the
  // default room is defined (or it would be defined afresh beside its old self).
  await migrateLegacyKeys(store.redis, logger);
  // The default room: the first node to start defines it; every node plays the same definition.
  const defaultTranscript = deps.transcripts.get(deps.defaultRoom.transcriptId);
  if (!defaultTranscript) throw new Error(`the default transcript "${deps.defaultRoom.transcriptId}" is missing`);
  await store.define({
    code: deps.defaultRoom.code,
    transcriptId: defaultTranscript.id,
    secretHash: deps.defaultRoom.secret === null ? null : hashSecret(deps.defaultRoom.secret),
    stream: randomUUID(),
    createdAtMs: time.now(),
    clock: initialClock(defaultTranscript.durationMs, time.now(), { playing: true, loop: true }),
  });
  for (const code of await store.codes()) await load(code);

  const reconcile = setInterval(() => {
    if (!isUp()) return;
    void (async () => {
      for (const room of registry.list()) {
        if ((await store.lastCommandSeq(room.code)) > room.cluster!.cmdSeq) await catchUp(room);
      }
    })().catch(() => undefined);
  }, RECONCILE_INTERVAL_MS);

  const unavailable = { ok: false as const, code: 'unavailable' as const, message: 'the cluster cannot reach Redis; try again in a moment' };

  return {
    find: async (code) => {
      const room = registry.get(code);
      if (room || !isUp()) return room;
      return load(code).catch(() => undefined);
    },

    transcript,

    create: async (transcriptId, options) => {
      if (!isUp()) throw new UnavailableError('the cluster cannot reach Redis; try again in a moment');
      let transcript = deps.transcripts.get(transcriptId);
      let file = deps.transcripts.uploadFile(transcriptId);
      if (!transcript) {
        // An upload another node received, opened again here by someone who has its id.
        const code = (await store.roomsPlaying(transcriptId).catch(() => []))[0];
        const upload = code === undefined ? undefined : await readUpload(code, transcriptId).catch(() => undefined);
        if (upload) {
          deps.transcripts.hold(upload.transcript, upload.file);
          ({ transcript, file } = upload);
        }
      }
      if (!transcript) throw new UnknownTranscriptError(`no transcript "${transcriptId}"`);
      if (registry.list().length >= deps.maxRooms) throw new RoomLimitError(`this server holds ${deps.maxRooms} rooms at most`);
      if (!isUp()) throw new UnavailableError('the cluster cannot reach Redis; try again in a moment');
      const secret = newSecret();
      for (;;) {
        const definition: RoomDefinition = {
          code: generateRoomCode((c) => registry.get(c) !== undefined),
          transcriptId,
          secretHash: hashSecret(secret),
          stream: randomUUID(),
          createdAtMs: time.now(),
          clock: initialClock(transcript.durationMs, time.now(), { playing: options.autoplay ?? true, loop: options.loop ?? false }),
          owner: options.owner ?? null,
        };
        const { created } = await store.define(definition, file).catch((error: unknown) => {
          throw new UnavailableError('the cluster cannot reach Redis; try again in a moment', { cause: error });
        });
        if (!created) continue;
        const room = registry.adopt(definition);
        if (!room) throw new UnknownTranscriptError(`no transcript "${transcriptId}"`);
        io.serverSideEmit('boothcast:room', room.code);
        return { room, secret };
      }
    },

    command: async (room, commandId, command) => {
      if (!isUp()) return unavailable;
      let ordered: { fresh: boolean; seq: number; atMs: number };
      try {
        ordered = await store.enqueue(room.code, commandId, command, time.now(), COMMAND_DELAY_MS, snapshotOf(room));
      } catch {
        return unavailable;
      }
      if (ordered.fresh) {
        const notice: CommandNotice = { code: room.code, seq: ordered.seq, atMs: ordered.atMs, command };
        io.serverSideEmit('boothcast:command', notice);
        if (!schedule(room, [notice], true)) await catchUp(room);
      } else if (room.cluster!.cmdSeq < ordered.seq) {
        await catchUp(room);
      }
      const result = room.cluster!.results.get(ordered.seq);
      const clock: ClockState = result ? await result : room.player.clock;
      // Ordered in Redis, which holds the command log: as saved as a cluster's command gets.
      return { ok: true, clock, duplicate: !ordered.fresh, saved: true };
    },

    expire: async (code, cutoffMs) => {
      if (!isUp()) return false;
      const outcome = await store.expire(code, cutoffMs);
      if (!outcome.deleted) {
        // In use on another node since the cutoff: keep it, and count its idle time from then.
        const room = registry.get(code);
        if (room && outcome.activeAtMs > room.lastActiveAtMs) room.lastActiveAtMs = outcome.activeAtMs;
        if (outcome.activeAtMs === 0) forget(code);
        return false;
      }
      registry.remove(code);
      io.serverSideEmit('boothcast:room-expired', code);
      return true;
    },

    noteActive: async (activity) => {
      if (isUp()) await store.noteActive(activity);
    },

    viewers: async (code, local) => {
      if (!isUp()) return local;
      const others = await new Promise<number[]>((resolve) => {
        io.serverSideEmit('boothcast:presence', code, (error: unknown, counts: number[]) => resolve(error ? [] : counts));
      });
      return local + others.reduce((a, b) => a + b, 0);
    },

    close: () => clearInterval(reconcile),

    /** Rooms another node deleted, once forgotten here (their uploads are deleted by whoever holds them). */
    onGone: (callback) => {
      gone = callback;
    },
  };
}

