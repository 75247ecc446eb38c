import type { CaptionSegment, ClockChange, ClockMessage, ClockState, RoomMessage, SegmentMessage } from '../protocol';
import * as clocks from './clock';
import { MESSAGE_LOG_LIMIT, MessageLog } from './message-log';
import type { TimeSource, TimerHandle } from './time-source';

export interface ReplaySink {
  segment(message: SegmentMessage): void;
  clock(message: ClockMessage): void;
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
  readonly playing?: boolean;
  readonly loop?: boolean;
  readonly logLimit?: number;
}

/** After a seek, this many earlier segments of the same turn are resent so the new position reads in context. */
export const SEEK_CONTEXT_SEGMENTS = 3;
/** Segments of the current epoch that a fresh join's snapshot carries: what is on screen plus scrollback. */
export const SNAPSHOT_SEGMENTS = 60;

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
  readonly log: MessageLog;

  constructor(private readonly options: RoomPlayerOptions) {
    const now = options.time.now();
    if (options.restore) {
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
    this.nextIndex = this.contextStart(clocks.positionAt(this.clockState, now));
    this.tick();
  }

  get clock(): ClockState {
    return this.clockState;
  }

  get seq(): number {
    return this.seqCounter;
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
    return this.change('play', clocks.play(this.clockState, this.options.time.now()));
  }

  pause(): ClockState {
    return this.change('pause', clocks.pause(this.clockState, this.options.time.now()));
  }

  seek(positionMs: number): ClockState {
    return this.change('seek', clocks.seek(this.clockState, this.options.time.now(), positionMs));
  }

  setRate(rate: number): ClockState {
    return this.change('rate', clocks.setRate(this.clockState, this.options.time.now(), rate));
  }

  setLoop(loop: boolean): ClockState {
    return this.change('loop', clocks.setLoop(this.clockState, loop));
  }

  restart(): ClockState {
    return this.change('restart', clocks.restart(this.clockState, this.options.time.now()));
  }

  /** Stops the timer; a disposed player emits nothing more. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private change(change: ClockChange, next: ClockState): ClockState {
    if (this.disposed) return this.clockState;
    this.clockState = next;
    this.emitClock(change);
    this.tick();
    return this.clockState;
  }

  private emitClock(change: ClockChange): void {
    const message: ClockMessage = { seq: ++this.seqCounter, change, clock: this.clockState };
    if (this.clockState.epoch !== this.epochOfSegments) {
      // The clock message opens the new epoch: a client that applied it is in the new epoch.
      this.epochOfSegments = this.clockState.epoch;
      this.epochSegments = [];
      this.epochBaseSeq = message.seq - 1;
      this.nextIndex = this.contextStart(this.clockState.positionMs);
    }
    this.log.push({ type: 'clock', message });
    this.options.sink.clock(message);
  }

  /** First segment to (re)send for a position: a little context from the same turn. */
  private contextStart(positionMs: number): number {
    const segments = this.options.segments;
    let current = -1;
    for (let i = 0; i < segments.length && segments[i].startMs <= positionMs; i++) current = i;
    if (current < 0) return 0;
    let start = current;
    while (start > 0 && current - start < SEEK_CONTEXT_SEGMENTS && segments[start - 1].turn === segments[current].turn) start--;
    return start;
  }

  private tick = (): void => {
    this.clearTimer();
    if (this.disposed) return;
    const { time, segments, lookaheadMs, loopPauseMs } = this.options;
    for (;;) {
      const now = time.now();
      const clock = this.clockState;
      if (clock.status === 'paused') {
        // A paused room still shows what is on screen at its position (after a seek, for instance).
        this.emitDueBy(clock.positionMs);
        return;
      }
      if (clock.status === 'ended') {
        if (!clock.loop) return;
        const restartAt = clock.anchorAtMs + loopPauseMs;
        if (now < restartAt) return this.schedule(restartAt - now);
        this.clockState = clocks.restart(clock, restartAt);
        this.emitClock('restart');
        continue;
      }
      this.emitDueBy(clocks.positionAt(clock, now + lookaheadMs));
      if (this.nextIndex < segments.length) {
        const wakeAt = clocks.serverTimeAt(clock, segments[this.nextIndex].startMs) - lookaheadMs;
        return this.schedule(wakeAt - now);
      }
      const endAt = clocks.serverTimeAt(clock, clock.durationMs);
      if (now < endAt) return this.schedule(endAt - now);
      this.clockState = clocks.end(clock, Math.round(endAt));
      this.emitClock('ended');
    }
  };

  /** Emits, in order, every segment not yet sent that starts at or before `horizonMs`. */
  private emitDueBy(horizonMs: number): void {
    const segments = this.options.segments;
    while (this.nextIndex < segments.length && segments[this.nextIndex].startMs <= horizonMs) {
      const message: SegmentMessage = {
        seq: ++this.seqCounter,
        epoch: this.clockState.epoch,
        dueMs: segments[this.nextIndex].startMs,
        segment: segments[this.nextIndex],
      };
      this.nextIndex++;
      this.epochSegments.push(message);
      this.log.push({ type: 'segment', message });
      this.options.sink.segment(message);
    }
  }

  private schedule(delayMs: number): void {
    // Round up: a timer that fires a fraction early would find nothing due and spin once more.
    this.timer = this.options.time.setTimer(this.tick, Math.max(0, Math.ceil(delayMs)));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.options.time.clearTimer(this.timer);
      this.timer = undefined;
    }
  }
}
