import type { CaptionSegment, ClockChange, ClockMessage, ClockState, SegmentMessage } from '../protocol';
import * as clocks from './clock';
import { MessageLog } from './message-log';
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
  /** A clock to resume (after a restart of the server); a fresh one otherwise. */
  readonly clock?: ClockState;
  readonly seq?: number;
  readonly playing?: boolean;
  readonly loop?: boolean;
}

/** After a seek, this many earlier segments of the same turn are resent so the new position reads in context. */
export const SEEK_CONTEXT_SEGMENTS = 3;
/** Segments of the current epoch that a snapshot carries: what is on screen plus scrollback. */
export const SNAPSHOT_SEGMENTS = 60;

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
  private epochSegments: SegmentMessage[] = [];
  readonly log: MessageLog;

  constructor(private readonly options: RoomPlayerOptions) {
    const now = options.time.now();
    this.clockState =
      options.clock ?? clocks.initialClock(options.durationMs, now, { playing: options.playing ?? true, loop: options.loop ?? false });
    this.seqCounter = options.seq ?? 0;
    this.log = new MessageLog();
    this.nextIndex = this.contextStart(clocks.positionAt(this.clockState, now));
    this.tick();
  }

  get clock(): ClockState {
    return this.clockState;
  }

  get seq(): number {
    return this.seqCounter;
  }

  get segments(): readonly CaptionSegment[] {
    return this.options.segments;
  }

  /** Segments of the current epoch already sent, newest last, bounded for snapshots. */
  recentSegments(limit = SNAPSHOT_SEGMENTS): readonly SegmentMessage[] {
    return this.epochSegments.slice(-limit);
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
    const newEpoch = next.epoch !== this.clockState.epoch;
    this.clockState = next;
    if (newEpoch) {
      this.epochSegments = [];
      this.nextIndex = this.contextStart(next.positionMs);
    }
    this.emitClock(change);
    this.tick();
    return this.clockState;
  }

  private emitClock(change: ClockChange): void {
    const message: ClockMessage = { seq: ++this.seqCounter, change, clock: this.clockState };
    this.log.push({ type: 'clock', message });
    this.options.sink.clock(message);
  }

  /** First segment to (re)send for a position: a little context from the same turn. */
  private contextStart(positionMs: number): number {
    const segments = this.options.segments;
    let current = -1;
    for (let i = 0; i < segments.length && segments[i].startMs <= positionMs; i++) current = i;
    if (current < 0) return 0;
    if (positionMs >= segments[current].endMs && current === segments.length - 1) return segments.length;
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
        this.epochSegments = [];
        this.nextIndex = 0;
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
      this.emitSegment(segments[this.nextIndex]);
      this.nextIndex++;
    }
  }

  private emitSegment(segment: CaptionSegment): void {
    const message: SegmentMessage = { seq: ++this.seqCounter, epoch: this.clockState.epoch, dueMs: segment.startMs, segment };
    this.epochSegments.push(message);
    if (this.epochSegments.length > SNAPSHOT_SEGMENTS * 2) this.epochSegments.splice(0, SNAPSHOT_SEGMENTS);
    this.log.push({ type: 'segment', message });
    this.options.sink.segment(message);
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
