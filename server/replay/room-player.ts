import type { CaptionSegment, ClockChange, ClockMessage, ClockState, RoomMessage, SegmentMessage } from '../protocol';
import { assertNever } from '../assert-never';
import * as clocks from './clock';
import { MESSAGE_LOG_LIMIT, MessageLog } from './message-log';
import type { TimeSource, TimerHandle } from './time-source';

export interface ReplaySink {
  segment(message: SegmentMessage): void;
  /** `automatic`: the end or a loop's restart, which the clock alone predicts (no command). */
  clock(message: ClockMessage, automatic: boolean): void;
}

export interface RoomPlayerOptions {
  readonly segments: readonly CaptionSegment[];
  readonly durationMs: number;
  readonly time: TimeSource;
  readonly sink: ReplaySink;
  /** Segments are sent this long (wall time) before they are due; 0 sends each exactly when due. */
  readonly lookaheadMs: number;
  /** Silence between the end and the restart of a looping room. */
  readonly loopPauseMs: number;
  /** Names this run of the message stream (new at every server start). */
  readonly stream: string;
  /** A clock to resume after a server restart; it is fast-forwarded to now and given a new epoch. */
  readonly restore?: { readonly clock: ClockState; readonly seq: number };
  /**
   * Cluster mode: start exactly from this clock and sequence number, as every node does, and let
   * the commands scheduled afterwards bring it to the present. No fast-forward, no new epoch.
   * `nextIndex`: the next segment to send, when the origin is a snapshot taken mid-epoch (a
   * command's `PlayerCursor`); without it the origin starts an epoch at the clock's position.
   */
  readonly origin?: { readonly clock: ClockState; readonly seq: number; readonly nextIndex?: number };
  readonly playing?: boolean;
  readonly loop?: boolean;
  readonly logLimit?: number;
  /** Told each segment's scheduling error, its emission minus its scheduled time (benchmarks). */
  readonly onSegmentScheduled?: (errorMs: number) => void;
}

/** A presenter command, as applied at a given server time. */
export type PlannedCommand =
  | { readonly change: 'play' | 'pause' | 'restart' }
  | { readonly change: 'seek'; readonly positionMs: number }
  | { readonly change: 'rate'; readonly rate: number }
  | { readonly change: 'loop'; readonly loop: boolean };

/** After a seek, this many earlier segments of the same turn are resent so the new position reads in context. */
export const SEEK_CONTEXT_SEGMENTS = 3;
/**
 * Segments of the current epoch that a fresh join's snapshot carries: what is on screen (at most
 * eight per lane, rolling-lines.ts) plus those sent ahead and a little scrollback. Each is about
 * 0.5 KB of JSON, encoded per joining socket: with 60 the snapshot was most of a join's CPU.
 */
export const SNAPSHOT_SEGMENTS = 20;

/**
 * Where a player stood right after it applied a command: enough to start another player there
 * (`origin`) that sends exactly the same messages from then on.
 */
export interface PlayerCursor {
  readonly command: PlannedCommand;
  readonly clock: ClockState;
  readonly seq: number;
  readonly nextIndex: number;
}

/** What a client that rejoins after a drop is owed. */
export type Catchup =
  | { readonly kind: 'resume'; readonly messages: readonly RoomMessage[] }
  | { readonly kind: 'epoch'; readonly segments: readonly SegmentMessage[] }
  | { readonly kind: 'snapshot' };

/**
 * Replays one transcript on one room clock. Pure apart from the injected time source: it computes
 * each next wake-up from the clock (`start + offset(n)`), never from the sum of timer delays, so it
 * does not drift; it emits to a sink and knows nothing of sockets.
 */
export class RoomPlayer {
  private clockState: ClockState;
  private seqCounter: number;
  private nextIndex = 0;
  private timer: TimerHandle | undefined;
  private disposed = false;
  /** Every segment sent in the current epoch (each at most once, so bounded by the transcript). */
  private epochSegments: SegmentMessage[] = [];
  /** Sequence number issued just before the current epoch's first message. */
  private epochBaseSeq: number;
  private epochOfSegments: number;
  /** Commands waiting for their time, in time order. */
  private pending: { command: PlannedCommand; atMs: number; resolve: (clock: ClockState) => void }[] = [];
  private lastRunAtMs = -Infinity;
  private cursor: PlayerCursor | undefined;
  readonly log: MessageLog;

  constructor(private readonly options: RoomPlayerOptions) {
    const now = options.time.now();
    if (options.origin) {
      this.clockState = options.origin.clock;
      this.seqCounter = options.origin.seq;
    } else if (options.restore) {
      // A restart is a discontinuity for clients, like a seek: a new epoch.
      const forwarded = clocks.fastForward(options.restore.clock, now, options.loopPauseMs);
      this.clockState = { ...forwarded, epoch: forwarded.epoch + 1, durationMs: options.durationMs };
      this.seqCounter = options.restore.seq;
    } else {
      this.clockState = clocks.initialClock(options.durationMs, now, {
        playing: options.playing ?? true,
        loop: options.loop ?? false,
      });
      this.seqCounter = 0;
    }
    this.epochBaseSeq = this.seqCounter;
    this.epochOfSegments = this.clockState.epoch;
    this.log = new MessageLog(this.seqCounter, options.logLimit ?? MESSAGE_LOG_LIMIT);
    this.nextIndex = options.origin?.nextIndex ?? this.contextStart(clocks.positionAt(this.clockState, options.origin ? this.clockState.anchorAtMs : now));
    this.tick();
  }

  get clock(): ClockState {
    return this.clockState;
  }

  get seq(): number {
    return this.seqCounter;
  }

  /**
   * The scheduled time of the last event this player ran (a segment, a command, the end, a loop's
   * restart). A command scheduled later than this, even if its time has passed, is applied exactly
   * as if it had come in time: nothing was sent that it would have come before.
   */
  get lastEventAtMs(): number {
    return this.lastRunAtMs;
  }

  /** Where the player stood right after the last command it applied (undefined before the first). */
  get lastCommand(): PlayerCursor | undefined {
    return this.cursor;
  }

  get stream(): string {
    return this.options.stream;
  }

  get segments(): readonly CaptionSegment[] {
    return this.options.segments;
  }

  /** Segments of the current epoch already sent, newest last, bounded for snapshots. */
  recentSegments(limit = SNAPSHOT_SEGMENTS): readonly SegmentMessage[] {
    return this.epochSegments.slice(-limit);
  }

  /**
   * What a client that last applied `lastSeq` of `stream` has missed: exactly the messages after
   * it while they are in the log; else, if it was in the current epoch, the epoch's segments after
   * it; else nothing can be replayed and it needs a snapshot.
   */
  catchUp(stream: string | undefined, lastSeq: number | undefined): Catchup {
    if (stream !== this.options.stream || lastSeq === undefined || lastSeq > this.seqCounter) return { kind: 'snapshot' };
    const messages = this.log.after(lastSeq);
    if (messages) return { kind: 'resume', messages };
    if (lastSeq >= this.epochBaseSeq) return { kind: 'epoch', segments: this.epochSegments.filter((m) => m.seq > lastSeq) };
    return { kind: 'snapshot' };
  }

  play(): ClockState {
    return this.applyNow({ change: 'play' });
  }

  pause(): ClockState {
    return this.applyNow({ change: 'pause' });
  }

  seek(positionMs: number): ClockState {
    return this.applyNow({ change: 'seek', positionMs });
  }

  setRate(rate: number): ClockState {
    return this.applyNow({ change: 'rate', rate });
  }

  setLoop(loop: boolean): ClockState {
    return this.applyNow({ change: 'loop', loop });
  }

  restart(): ClockState {
    return this.applyNow({ change: 'restart' });
  }

  /**
   * Applies a command at a given server time, which may be in the future (cluster mode: every
   * node schedules the same command for the same instant, so all of them number the same messages
   * the same way). Resolves with the clock right after it.
   */
  schedule(command: PlannedCommand, atMs: number): Promise<ClockState> {
    return new Promise((resolve) => {
      const pending = { command, atMs, resolve };
      const index = this.pending.findIndex((p) => p.atMs > atMs);
      if (index < 0) this.pending.push(pending);
      else this.pending.splice(index, 0, pending);
      this.tick();
    });
  }

  private applyNow(command: PlannedCommand): ClockState {
    // Stryker disable next-line ConditionalExpression: a disposed player's tick returns before running anything, so a command queued anyway is never applied; the check only keeps it from queueing.
    if (this.disposed) return this.clockState;
    void this.schedule(command, this.options.time.now());
    return this.clockState;
  }

  /** Stops the timer; a disposed player emits nothing more. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  /** The clock after `command` at server time `atMs`: pure transitions, so every node agrees. */
  private applyCommand(command: PlannedCommand, atMs: number): void {
    const clock = this.clockState;
    switch (command.change) {
      case 'play':
        this.clockState = clocks.play(clock, atMs);
        break;
      case 'pause':
        this.clockState = clocks.pause(clock, atMs);
        break;
      case 'seek':
        this.clockState = clocks.seek(clock, atMs, command.positionMs);
        break;
      case 'rate':
        this.clockState = clocks.setRate(clock, atMs, command.rate);
        break;
      case 'loop':
        this.clockState = clocks.setLoop(clock, command.loop);
        break;
      case 'restart':
        this.clockState = clocks.restart(clock, atMs);
        break;
      default:
        assertNever(command);
    }
    this.emitClock(command.change);
  }

  private emitClock(change: ClockChange, automatic = false): void {
    const message: ClockMessage = { seq: ++this.seqCounter, change, clock: this.clockState };
    if (this.clockState.epoch !== this.epochOfSegments) {
      // The clock message opens the new epoch: a client that applied it is in the new epoch.
      this.epochOfSegments = this.clockState.epoch;
      this.epochSegments = [];
      this.epochBaseSeq = message.seq - 1;
      this.nextIndex = this.contextStart(this.clockState.positionMs);
    }
    this.log.push({ type: 'clock', message });
    this.options.sink.clock(message, automatic);
  }

  /** First segment to (re)send for a position: a little context from the same turn. */
  private contextStart(positionMs: number): number {
    const segments = this.options.segments;
    let current = -1;
    for (let i = 0; i < segments.length && segments[i].startMs <= positionMs; i++) current = i;
    // Stryker disable next-line EqualityOperator: at current 0 the loop below leaves start at 0 too.
    if (current < 0) return 0;
    let start = current;
    while (start > 0 && current - start < SEEK_CONTEXT_SEGMENTS && segments[start - 1].turn === segments[current].turn) start--;
    return start;
  }

  /**
   * Runs every event that is due, in time order, then sleeps until the next. Events are computed
   * from the clock, never from the sum of timer delays: a segment is due `lookaheadMs` before the
   * clock reaches it; a command at its scheduled time; the end when the clock reaches the
   * duration; a loop's restart a pause after the end. At equal times a command goes first.
   */
  private tick = (): void => {
    this.clearTimer();
    if (this.disposed) return;
    // Only what was due when this tick began: what falls due while it runs waits for the next
    // turn of the event loop, so a room whose sends take longer than its spacing cannot starve
    // every socket of the process (it would otherwise never leave this loop).
    const startedAt = this.options.time.now();
    for (;;) {
      const event = this.nextEvent();
      if (!event) return;
      if (event.atMs > startedAt) return this.scheduleWake(event.atMs - this.options.time.now());
      if (event.segment) this.options.onSegmentScheduled?.(this.options.time.now() - event.atMs);
      this.lastRunAtMs = event.atMs;
      event.run();
    }
  };

  private nextEvent(): { atMs: number; run: () => void; segment?: true } | undefined {
    const { segments, lookaheadMs, loopPauseMs } = this.options;
    const clock = this.clockState;
    let segmentAt = Infinity;
    if (this.nextIndex < segments.length) {
      const startMs = segments[this.nextIndex].startMs;
      if (clock.status === 'playing') segmentAt = Math.max(clock.anchorAtMs, clocks.serverTimeAt(clock, startMs) - lookaheadMs);
      // A paused room still shows what is on screen at its position (after a seek, for instance).
      else if (clock.status === 'paused' && startMs <= clock.positionMs) segmentAt = clock.anchorAtMs;
    }
    let autoAt = Infinity;
    let auto: (() => void) | undefined;
    // Stryker disable next-line ConditionalExpression: compile.ts makes the duration at least every segment's end, so a segment left to send is always due before the end and goes first anyway.
    if (clock.status === 'playing' && this.nextIndex >= segments.length) {
      autoAt = Math.round(clocks.serverTimeAt(clock, clock.durationMs));
      auto = () => {
        this.clockState = clocks.end(clock, autoAt);
        this.emitClock('ended', true);
      };
    } else if (clock.status === 'ended' && clock.loop) {
      autoAt = clock.anchorAtMs + loopPauseMs;
      auto = () => {
        this.clockState = clocks.restart(clock, autoAt);
        this.emitClock('restart', true);
      };
    }
    const command = this.pending[0];
    const commandAt = command?.atMs ?? Infinity;
    // A segment is due only while one is left to send and the clock runs (or holds still on it), never
    // when the end or a loop's restart is pending: only a command can come first, and at equal times does.
    if (segmentAt < commandAt) {
      return { atMs: segmentAt, run: () => this.emitNextSegment(), segment: true };
    }
    if (command && commandAt <= autoAt) {
      return {
        atMs: commandAt,
        run: () => {
          this.pending.shift();
          this.applyCommand(command.command, command.atMs);
          this.cursor = { command: command.command, clock: this.clockState, seq: this.seqCounter, nextIndex: this.nextIndex };
          command.resolve(this.clockState);
        },
      };
    }
    if (auto) return { atMs: autoAt, run: auto };
    return undefined;
  }

  private emitNextSegment(): void {
    const segment = this.options.segments[this.nextIndex];
    const message: SegmentMessage = { seq: ++this.seqCounter, epoch: this.clockState.epoch, dueMs: segment.startMs, segment };
    this.nextIndex++;
    this.epochSegments.push(message);
    this.log.push({ type: 'segment', message });
    this.options.sink.segment(message);
  }

  private scheduleWake(delayMs: number): void {
    // Round up: a timer that fires a fraction early would find nothing due and spin once more.
    this.timer = this.options.time.setTimer(this.tick, Math.max(0, Math.ceil(delayMs)));
  }

  private clearTimer(): void {
    // Stryker disable next-line ConditionalExpression: clearing an unset timer is a no-op (clearTimeout(undefined)).
    if (this.timer !== undefined) {
      this.options.time.clearTimer(this.timer);
      this.timer = undefined;
    }
  }
}
