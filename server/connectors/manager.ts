import type { Logger } from 'pino';
import type { ClockMessage, SegmentMessage } from '../protocol';
import { serverTimeAt } from '../replay/clock';
import type { TimeSource } from '../replay/time-source';
import type { Room } from '../rooms/room-registry';
import { DEFAULT_DELIVERY, DeliveryLoop, newOutputRecord, type DeliveryOptions, type HeldLine, type OutputRecord, type OutputState } from './delivery';
import { MAX_OUTPUTS_PER_ROOM, maskSecret, maskUrl, newOutputConfig, type NewOutput, type OutputConfig, type OutputType } from './outputs';
import { allowEveryDestination, publicDestinationsOnly, type DestinationGuard } from './destination';
import { targetFor, type WallClock } from './platforms';
import { captionPieces, packLines, speakerName, type CaptionPiece } from './shape';
import type { ConnectorStore } from './store';
import type { OutgoingCaption, Target } from './target';

/** A Teams line waits at most this long (media time) for the words that would fill it. */
export const TEAMS_HOLD_MS = 6_000;

/** What the console shows of an output: never its token, password or secret in full. */
export interface OutputView {
  readonly id: string;
  readonly type: OutputType;
  readonly lang: string;
  readonly label?: string;
  /** The host and the last four characters of the address. */
  readonly target: string;
  /** The last four characters of the password or signing secret, when there is one. */
  readonly secretHint?: string;
  readonly state: OutputState;
  /** The platform's answer to the last failed send, while failing. */
  readonly error?: string;
  /** The last `seq` the platform confirmed. */
  readonly lastSeq: number;
  readonly delivered: number;
  readonly retries: number;
  /** Captions sent to a platform without `seq` whose answer was lost: not resent (they may have been shown). */
  readonly uncertain: number;
  /** Captions dropped because the queue was full (the platform was down for long). */
  readonly dropped: number;
  readonly queued: number;
  /** From the caption's due time to the platform's answer, wall milliseconds. */
  readonly latency: { readonly medianMs: number; readonly p99Ms: number } | null;
}

export interface ConnectorOptions extends Partial<DeliveryOptions> {
  /** Send to loopback and private networks too (CONNECTORS_ALLOW_PRIVATE_NETWORK=1; destination.ts says why not by default). */
  readonly allowPrivateNetwork?: boolean;
  /** The wall clock YouTube and webhook timestamps are taken from (tests skew it). */
  readonly wallNow?: WallClock;
}

/** How often outputs of rooms that no longer exist (expired, evicted) are deleted with their secrets. */
export const PRUNE_INTERVAL_MS = 60_000;

/** Segments an output catches up on after a restart at most (what was due while the server was down). */
const MAX_CATCH_UP = 200;

export class OutputError extends Error {
  constructor(
    readonly code: 'not-found' | 'limit' | 'invalid',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Every room's caption outputs: takes each segment the room plays, in each output's language,
 * shapes it for the platform, numbers it once (`seq`) and hands it to the output's delivery loop.
 * Segments a room resends (the context after a restart) are taken once; what fell due while the
 * server was down is caught up; after a seek or a loop the output follows the new position.
 */
export class Connectors {
  private readonly loops = new Map<string, DeliveryLoop>();
  private readonly options: DeliveryOptions;
  private readonly wallNow: WallClock;
  private readonly guard: DestinationGuard;
  /** Outputs that saw a seek or restart: the next segments at or after this position open a new run. */
  private readonly resync = new Map<string, number>();
  private closed = false;
  private readonly pruner: ReturnType<typeof setInterval>;

  constructor(
    private readonly deps: {
      readonly rooms: (code: string) => Room | undefined;
      readonly time: TimeSource;
      readonly clockSpeed: number;
      readonly logger: Logger;
      readonly store: ConnectorStore;
      readonly options?: ConnectorOptions;
      /** In a cluster: wraps each output's target so it sends only while this node holds the lease. */
      readonly fence?: (record: OutputRecord, target: Target) => Target;
    },
  ) {
    this.options = { ...DEFAULT_DELIVERY, ...deps.options };
    this.wallNow = deps.options?.wallNow ?? Date.now;
    this.guard = deps.options?.allowPrivateNetwork ? allowEveryDestination : publicDestinationsOnly();
    // Each queued caption keeps its due time: the room's clock comes back with the same anchor, so
    // what was due before the restart goes at once, in order, and the rest waits (delivery.ts).
    for (const record of deps.store.load()) this.run(record);
    this.pruner = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruner.unref();
  }

  /** Deletes the outputs, and the tokens they hold, of rooms that are gone. */
  async prune(): Promise<void> {
    const gone = new Set([...this.loops.values()].map((l) => l.record.config.room).filter((code) => !this.deps.rooms(code)));
    for (const code of gone) await this.forgetRoom(code);
  }

  /** Hooked into the room registry: called for each segment and clock change every room plays. */
  readonly observer = {
    // Deferred: a restored room plays its first segments while it is being built, before the
    // registry holds it.
    segment: (code: string, message: SegmentMessage) => queueMicrotask(() => this.onSegment(code, message)),
    clock: (code: string, message: ClockMessage) => queueMicrotask(() => this.onClock(code, message)),
  };

  list(room: string): OutputView[] {
    return [...this.loops.values()].filter((l) => l.record.config.room === room).map(view);
  }

  add(room: string, input: NewOutput): OutputView {
    if (this.list(room).length >= MAX_OUTPUTS_PER_ROOM) throw new OutputError('limit', `a room has at most ${MAX_OUTPUTS_PER_ROOM} outputs`);
    const record = this.newRecord(room, input);
    const loop = this.run(record);
    this.save().catch(() => undefined);
    this.deps.logger.info({ room, output: record.config.id, type: record.config.type, lang: record.config.lang }, 'caption output added');
    return view(loop);
  }

  /** A new output's record, its language checked against the room (when this node plays it). */
  newRecord(room: string, input: NewOutput): OutputRecord {
    const live = this.deps.rooms(room);
    if (live && !live.info.languages.includes(input.lang)) {
      throw new OutputError('invalid', `this room has no ${input.lang} captions (it has ${live.info.languages.join(', ')})`, 'lang');
    }
    return newOutputRecord(newOutputConfig(room, input));
  }

  /** Starts sending for an output another node sent for (its lease is now this node's): from its saved `seq` and queue. */
  adopt(record: OutputRecord): void {
    if (this.closed || this.loops.has(record.config.id)) return;
    this.run(record);
    // Catch up at once on what fell due while no node sent (not at the room's next segment).
    const last = this.deps.rooms(record.config.room)?.player.recentSegments(1).at(-1);
    if (!last || record.stopped) return;
    // The room went back (a seek) while no node sent for it: continue from its present.
    if (record.lastIndex !== null && last.segment.index < record.lastIndex) record.lastIndex = last.segment.index - 1;
    this.onSegment(record.config.room, last);
  }

  /** Stops sending for an output without saving (its lease is lost or it was removed elsewhere). */
  async drop(id: string): Promise<void> {
    const loop = this.loops.get(id);
    if (!loop) return;
    this.loops.delete(id);
    await loop.close();
  }

  /** Whether this node sends for the output. */
  holds(id: string): boolean {
    return this.loops.has(id);
  }

  /** What the console shows of an output this node sends for. */
  viewOf(id: string): OutputView | undefined {
    const loop = this.loops.get(id);
    return loop && view(loop);
  }

  /** Writes every output's state now (a cluster saves this way on each lease renewal). */
  saveNow(): Promise<void> {
    return this.save();
  }

  async remove(room: string, id: string): Promise<void> {
    const loop = this.find(room, id);
    this.loops.delete(id);
    await loop.close();
    await this.save();
    this.deps.logger.info({ room, output: id }, 'caption output removed');
  }

  /** Stops or resumes an output. Stopped, it takes no captions; resumed, it continues from the room's present. */
  async setStopped(room: string, id: string, stopped: boolean): Promise<OutputView> {
    const loop = this.find(room, id);
    loop.record.stopped = stopped;
    loop.state = stopped ? 'stopped' : 'sending';
    if (stopped) {
      loop.record.pending = [];
      loop.record.held = null;
      loop.record.lastIndex = null;
    }
    const saved = this.save();
    loop.enqueue([], saved);
    await saved;
    return view(loop);
  }

  /** Deletes a room's outputs (the room is gone). */
  async forgetRoom(room: string): Promise<void> {
    const gone = [...this.loops.values()].filter((l) => l.record.config.room === room);
    for (const loop of gone) this.loops.delete(loop.record.config.id);
    await Promise.all(gone.map((l) => l.close()));
    if (gone.length > 0) await this.save();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruner);
    await Promise.all([...this.loops.values()].map((l) => l.close()));
    await this.save().catch(() => undefined);
  }

  private find(room: string, id: string): DeliveryLoop {
    const loop = this.loops.get(id);
    if (!loop || loop.record.config.room !== room) throw new OutputError('not-found', 'no such output in this room');
    return loop;
  }

  private save(): Promise<void> {
    return this.deps.store.save(() => [...this.loops.values()].map((l) => l.record));
  }

  /** A write of every output, whose failure the delivery loops see (and retry) rather than anyone here. */
  private saved(): Promise<void> {
    const saved = this.save();
    saved.catch(() => undefined);
    return saved;
  }

  private run(record: OutputRecord): DeliveryLoop {
    const target = targetFor(record.config, this.wallNow, this.guard);
    const loop = new DeliveryLoop(record, {
      target: this.deps.fence ? this.deps.fence(record, target) : target,
      time: this.deps.time,
      clockSpeed: this.deps.clockSpeed,
      options: this.options,
      logger: this.deps.logger,
      save: () => this.save(),
    });
    this.loops.set(record.config.id, loop);
    loop.start();
    return loop;
  }

  private onClock(code: string, message: ClockMessage): void {
    for (const loop of this.loops.values()) {
      const { record } = loop;
      if (record.config.room !== code || record.stopped) continue;
      if (message.change === 'seek' || message.change === 'restart') {
        this.flushHeld(loop, this.deps.time.now());
        this.resync.set(record.config.id, message.clock.positionMs);
      } else if (message.change === 'ended') {
        this.flushHeld(loop, this.deps.time.now());
      }
    }
  }

  private onSegment(code: string, message: SegmentMessage): void {
    if (this.closed) return;
    const room = this.deps.rooms(code);
    if (!room) return;
    for (const loop of this.loops.values()) {
      const { record } = loop;
      if (record.config.room !== code || record.stopped) continue;
      const index = message.segment.index;
      const position = this.resync.get(record.config.id);
      if (position !== undefined) {
        // After a seek or a loop: the context resent from before the new position is not news.
        if (message.segment.endMs <= position) continue;
        this.resync.delete(record.config.id);
        record.lastIndex = index - 1;
      }
      if (record.lastIndex === null) record.lastIndex = index - 1;
      if (index <= record.lastIndex) continue;
      // Segments skipped since the last one taken: due while the server was down.
      const from = Math.max(record.lastIndex + 1, index - MAX_CATCH_UP);
      record.stats.dropped += from - (record.lastIndex + 1);
      const segments = room.player.segments;
      const captions: OutgoingCaption[] = [];
      for (let i = from; i <= index; i++) captions.push(...this.captionsOf(loop, room, segments[i]));
      record.lastIndex = index;
      if (captions.length > 0) loop.enqueue(captions, this.saved());
    }
  }

  /** A segment's captions for one output, numbered. */
  private captionsOf(loop: DeliveryLoop, room: Room, segment: Room['player']['segments'][number]): OutgoingCaption[] {
    const { record } = loop;
    const lang = record.config.lang;
    const clock = room.player.clock;
    const dueAt = (ms: number) => Math.round(serverTimeAt(clock, ms));
    const previousTurn = record.lastTurn ?? undefined;
    record.lastTurn = segment.turn;
    if (record.config.type === 'teams') return this.teamsLines(loop, segment, previousTurn, speakerName(room.info.speakers, segment.speakerId, lang), dueAt);
    const pieces = captionPieces(segment, lang, previousTurn, room.info.speakers);
    return pieces.map((piece) => this.numbered(record, piece, dueAt(piece.startMs)));
  }

  private numbered(record: OutputRecord, piece: CaptionPiece, dueAtMs: number): OutgoingCaption {
    record.seq++;
    return {
      room: record.config.room,
      lang: record.config.lang,
      seq: record.seq,
      index: piece.index,
      part: piece.part,
      text: piece.text,
      lines: piece.lines,
      speaker: piece.speaker,
      turnStart: piece.turnStart,
      startMs: piece.startMs,
      endMs: piece.endMs,
      dueAtMs,
    };
  }

  /** Teams: the text packed into complete lines of 80–120 characters; a turn's end closes its line. */
  private teamsLines(
    loop: DeliveryLoop,
    segment: Room['player']['segments'][number],
    previousTurn: number | undefined,
    speaker: string,
    dueAt: (ms: number) => number,
  ): OutgoingCaption[] {
    const { record } = loop;
    const text = segment.text[record.config.lang]?.trim();
    if (!text) return [];
    const span = segment.timing[record.config.lang] ?? { startMs: segment.startMs, endMs: segment.endMs };
    const out: OutgoingCaption[] = [];
    const held = record.held;
    const newTurn = segment.turn !== previousTurn;
    if (held && (newTurn || span.startMs - held.startMs > TEAMS_HOLD_MS)) {
      out.push(...this.heldLines(record, held, true, dueAt(span.startMs)));
      record.held = null;
    }
    const start = record.held ?? { text: '', turn: segment.turn, index: segment.index, speaker, startMs: span.startMs, endMs: span.endMs, dueAtMs: dueAt(span.startMs) };
    const joined = `${start.text}${start.text ? ' ' : ''}${newTurn ? `>> ${speaker}: ` : ''}${text}`;
    const line: HeldLine = { ...start, text: joined, index: segment.index, endMs: span.endMs, dueAtMs: dueAt(span.startMs) };
    const { lines, rest } = packLines(line.text, false);
    out.push(...lines.map((l, part) => this.teamsCaption(record, line, l, part)));
    record.held = rest ? { ...line, text: rest } : null;
    return out;
  }

  private heldLines(record: OutputRecord, held: HeldLine, final: boolean, dueAtMs: number): OutgoingCaption[] {
    const { lines } = packLines(held.text, final);
    return lines.map((l, part) => this.teamsCaption(record, { ...held, dueAtMs: Math.max(held.dueAtMs, dueAtMs) }, l, part));
  }

  private teamsCaption(record: OutputRecord, line: HeldLine, text: string, part: number): OutgoingCaption {
    return this.numbered(record, { index: line.index, part, text, lines: [text], speaker: line.speaker, startMs: line.startMs, endMs: line.endMs, turnStart: false }, line.dueAtMs);
  }

  /** Sends what a Teams output holds (the turn or the talk ended). */
  private flushHeld(loop: DeliveryLoop, nowMs: number): void {
    const held = loop.record.held;
    if (!held) return;
    loop.record.held = null;
    loop.enqueue(this.heldLines(loop.record, held, true, nowMs), this.saved());
  }
}

function view(loop: DeliveryLoop): OutputView {
  return outputView(loop.record, loop.state, loop.lastError, loop.latency());
}

/** What the console shows of an output, from its record and its loop's state (here or as another node saved it). */
export function outputView(
  record: OutputRecord,
  state: OutputState,
  lastError: string | undefined,
  latency: { medianMs: number; p99Ms: number } | null,
): OutputView {
  const config: OutputConfig = record.config;
  const secret = config.type === 'webhook' ? config.secret : config.type === 'obs' ? config.password : undefined;
  return {
    id: config.id,
    type: config.type,
    lang: config.lang,
    ...(config.label ? { label: config.label } : {}),
    target: maskUrl(config.url),
    ...(secret ? { secretHint: maskSecret(secret) } : {}),
    state: record.stopped ? 'stopped' : state,
    ...(lastError && !record.stopped ? { error: lastError } : {}),
    lastSeq: record.stats.lastSeq,
    delivered: record.stats.delivered,
    retries: record.stats.retries,
    uncertain: record.stats.uncertain,
    dropped: record.stats.dropped,
    queued: record.pending.length,
    latency,
  };
}
