import { randomUUID } from 'node:crypto';
import type { CaptionSegment, ClockMessage, ClockState, RoomInfo, RoomSnapshot, SegmentMessage } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import { RoomPlayer, type ReplaySink } from '../replay/room-player';
import type { TimeSource } from '../replay/time-source';
import type { Transcript } from '../transcript/model';
import { CommandLog } from './command-log';
import { hashSecret, newSecret } from './presenter-secret';
import { generateRoomCode } from './room-code';
import type { RoomStore, StoredRoom } from './room-store';

export interface Room {
  readonly code: string;
  /** Cluster mode: the last presenter command this node has scheduled, and the results by command number. */
  cluster?: { cmdSeq: number; results: Map<number, Promise<ClockState>> };
  readonly transcript: Transcript;
  readonly info: RoomInfo;
  readonly player: RoomPlayer;
  /** SHA-256 of the presenter secret; `null` for a room nobody may control. */
  secretHash: string | null;
  readonly commands: CommandLog;
  readonly createdAtMs: number;
  /** The address key of the client that opened it; `null` for rooms the server opens itself. */
  readonly owner: string | null;
  /** The last time anyone (presenter or viewer) was seen in it; it expires this long after. */
  lastActiveAtMs: number;
}

export interface RoomRegistryOptions {
  readonly transcripts: ReadonlyMap<string, Transcript>;
  readonly time: TimeSource;
  readonly sinkFor: (code: string) => ReplaySink;
  readonly lookaheadMs: number;
  readonly loopPauseMs: number;
  readonly store: RoomStore;
  /** Most rooms one server holds; creating more is refused. */
  readonly maxRooms: number;
  readonly logLimit?: number;
  /** Each room player reports its segments' scheduling error here (benchmarks). */
  readonly onSegmentScheduled?: (errorMs: number) => void;
  /** Also told every segment and clock change each room plays (the caption outputs, server/connectors). */
  readonly observer?: { segment(code: string, message: SegmentMessage): void; clock(code: string, message: ClockMessage): void };
}

export class RoomLimitError extends Error {}
export class UnknownTranscriptError extends Error {}

/** All rooms of this server, by code, and their persistence. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /** Rooms by owner, so a creation is checked without a walk over every room. */
  private readonly byOwner = new Map<string, Set<string>>();

  constructor(private readonly options: RoomRegistryOptions) {}

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  list(): Room[] {
    return [...this.rooms.values()];
  }

  /** Brings back the rooms saved by an earlier run, each at the position it should have reached. */
  restore(): number {
    let restored = 0;
    for (const stored of this.options.store.load()) {
      const transcript = this.options.transcripts.get(stored.transcriptId);
      if (!transcript || this.rooms.has(stored.code)) continue;
      this.add(stored.code, transcript, stored.secretHash, stored.createdAtMs, {
        restore: { clock: stored.clock, seq: stored.seq },
        owner: stored.owner ?? null,
        // A file from before rooms expired: count its rooms as active when it was written.
        lastActiveAtMs: stored.lastActiveAtMs ?? stored.createdAtMs,
      });
      restored++;
    }
    return restored;
  }

  /**
   * Cluster mode: takes on a room defined in the shared store, starting exactly where the room
   * started (same clock, same stream) so this node numbers its messages like every other node.
   */
  adopt(definition: {
    code: string;
    transcriptId: string;
    secretHash: string | null;
    stream: string;
    createdAtMs: number;
    clock: ClockState;
    owner?: string | null;
  }, from?: { clock: ClockState; seq: number; nextIndex: number; cmdSeq: number }): Room | undefined {
    const existing = this.rooms.get(definition.code);
    if (existing) return existing;
    const transcript = this.options.transcripts.get(definition.transcriptId);
    if (!transcript) return undefined;
    const room = this.add(definition.code, transcript, definition.secretHash, definition.createdAtMs, {
      // From a snapshot of the room saved after one of its commands, when Redis holds one.
      origin: from ? { clock: from.clock, seq: from.seq, nextIndex: from.nextIndex } : { clock: definition.clock, seq: 0 },
      stream: definition.stream,
      owner: definition.owner ?? null,
      // Taking a room on is not activity: a node that starts must not renew every room's lifetime.
      // Redis holds the activity the nodes report, and is asked before any room is deleted.
      lastActiveAtMs: definition.createdAtMs,
    });
    room.cluster = { cmdSeq: from?.cmdSeq ?? 0, results: new Map() };
    return room;
  }

  /** Forgets a room (cluster mode rebuilds a room that fell out of step). */
  remove(code: string): void {
    const room = this.rooms.get(code);
    if (!room) return;
    room.player.dispose();
    this.rooms.delete(code);
    const owned = room.owner === null ? undefined : this.byOwner.get(room.owner);
    owned?.delete(code);
    if (owned?.size === 0) this.byOwner.delete(room.owner!);
  }

  /**
   * Deletes a room for good (expired or evicted): gone from memory at once, and from the saved
   * state once the returned write is done (false if there was no such room or the write failed).
   */
  async expire(code: string): Promise<boolean> {
    if (!this.rooms.has(code)) return false;
    this.remove(code);
    return this.save();
  }

  /** Someone is in the room now. */
  touch(code: string): void {
    const room = this.rooms.get(code);
    if (room) room.lastActiveAtMs = Math.max(room.lastActiveAtMs, this.options.time.now());
  }

  /** Live rooms opened by one address key. */
  ownedBy(owner: string): Room[] {
    return [...(this.byOwner.get(owner) ?? [])].map((code) => this.rooms.get(code)!);
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Opens a room. Returns the presenter secret once, in clear; only its hash is kept.
   * `secret: null` makes a room nobody can control (the always-on default room).
   */
  create(
    transcriptId: string,
    options: { code?: string; playing?: boolean; loop?: boolean; secret?: string | null; owner?: string | null } = {},
  ): { room: Room; secret: string | null; saved: Promise<boolean> } {
    const transcript = this.options.transcripts.get(transcriptId);
    if (!transcript) throw new UnknownTranscriptError(`no transcript "${transcriptId}"`);
    if (this.rooms.size >= this.options.maxRooms) throw new RoomLimitError(`this server holds ${this.options.maxRooms} rooms at most`);
    const code = options.code ?? generateRoomCode((c) => this.rooms.has(c));
    if (this.rooms.has(code)) throw new Error(`room ${code} exists`);
    const secret = options.secret === undefined ? newSecret() : options.secret;
    const room = this.add(code, transcript, secret === null ? null : hashSecret(secret), this.options.time.now(), {
      playing: options.playing,
      loop: options.loop,
      owner: options.owner ?? null,
    });
    // Confirm the room only once `saved` says so (room-service.ts); refuse and remove it otherwise.
    return { room, secret, saved: this.save() };
  }

  /** A fresh join's snapshot: the clock and recent segments of the current epoch. */
  snapshot(room: Room, segments: readonly SegmentMessage[] = room.player.recentSegments()): RoomSnapshot {
    return {
      protocolVersion: PROTOCOL_VERSION,
      room: room.info,
      stream: room.player.stream,
      clock: room.player.clock,
      serverNowMs: this.options.time.now(),
      seq: room.player.seq,
      segments,
    };
  }

  /**
   * Asks for every room's definition and clock to be written (soon, in the background, together
   * with the other changes of the moment); called after each presenter's clock change. Resolves
   * whether the write that holds the rooms as they are now reached the disk.
   */
  save(): Promise<boolean> {
    return this.options.store.save(() => ({
      rooms: this.list().map((room) => ({
        code: room.code,
        transcriptId: room.transcript.id,
        secretHash: room.secretHash,
        clock: room.player.clock,
        seq: room.player.seq,
        createdAtMs: room.createdAtMs,
        owner: room.owner,
        lastActiveAtMs: room.lastActiveAtMs,
      })),
      savedAtMs: this.options.time.now(),
    }));
  }

  dispose(): void {
    for (const room of this.rooms.values()) room.player.dispose();
    this.rooms.clear();
    this.byOwner.clear();
  }

  private add(
    code: string,
    transcript: Transcript,
    secretHash: string | null,
    createdAtMs: number,
    start: {
      restore?: { clock: StoredRoom['clock']; seq: number };
      origin?: { clock: ClockState; seq: number; nextIndex?: number };
      stream?: string;
      playing?: boolean;
      loop?: boolean;
      owner: string | null;
      lastActiveAtMs?: number;
    },
  ): Room {
    const sink = this.options.sinkFor(code);
    let ready = false;
    const player = new RoomPlayer({
      segments: transcript.segments.map(toWireSegment),
      durationMs: transcript.durationMs,
      time: this.options.time,
      sink: {
        segment: (message) => {
          sink.segment(message);
          this.options.observer?.segment(code, message);
        },
        clock: (message, automatic) => {
          sink.clock(message, automatic);
          this.options.observer?.clock(code, message);
          // Commands are saved (the room service waits for the write before it acknowledges). The
          // end and a loop's restart are not: the saved clock predicts them (fastForward on restore).
          if (ready && !automatic) void this.save();
        },
      },
      lookaheadMs: this.options.lookaheadMs,
      loopPauseMs: this.options.loopPauseMs,
      stream: start.stream ?? randomUUID(),
      restore: start.restore,
      origin: start.origin,
      playing: start.playing,
      loop: start.loop,
      onSegmentScheduled: this.options.onSegmentScheduled,
      logLimit: this.options.logLimit,
    });
    const room: Room = {
      code,
      transcript,
      info: roomInfo(code, transcript),
      player,
      secretHash,
      commands: new CommandLog(),
      createdAtMs,
      owner: start.owner,
      lastActiveAtMs: start.lastActiveAtMs ?? this.options.time.now(),
    };
    this.rooms.set(code, room);
    if (room.owner !== null) {
      const owned = this.byOwner.get(room.owner) ?? new Set<string>();
      this.byOwner.set(room.owner, owned.add(code));
    }
    ready = true;
    return room;
  }
}

function roomInfo(code: string, transcript: Transcript): RoomInfo {
  return {
    code,
    transcriptId: transcript.id,
    title: transcript.meta.title,
    ...(transcript.meta.titles ? { titles: transcript.meta.titles } : {}),
    attribution: transcript.meta.attribution,
    languages: transcript.languages,
    speakers: transcript.speakers.map(({ id, label, short, colour }) => ({ id, label, short, colour })),
  };
}

function toWireSegment(segment: Transcript['segments'][number]): CaptionSegment {
  const { index, id, turn, speakerId, sourceLang, kind, text, startMs, endMs, timing } = segment;
  return { index, id, turn, speakerId, sourceLang, kind, text, startMs, endMs, timing };
}
