import type { Logger } from 'pino';
import type { TimeSource } from '../replay/time-source';
import type { OutputConfig } from './outputs';
import { DeliveryError, type OutgoingCaption, type Target } from './target';

/** Captions one output holds waiting to be sent; beyond it the oldest are dropped (and counted). */
export const MAX_QUEUED = 500;
/** Latencies kept per output for the median and p99 the console shows. */
const LATENCY_SAMPLES = 1_000;
/** A caption confirmed this long (wall) after its due time is logged with where the time went. */
export const LATE_LOG_MS = 500;

/** Where one caption's time went between its due time and the platform's answer, wall milliseconds. */
export interface LateBreakdown {
  /** Taken into the queue after it was due (the room sent its segment late, or a catch-up). */
  queuedAfterDueMs: number;
  /** Waiting for the state file to hold its `seq` (written before it may leave). */
  stateWriteMs: number;
  /** Zoom's read-back of the last accepted `seq`. */
  resyncMs: number;
  /** Requests to the platform, every attempt. */
  sendMs: number;
  /** Backoff between attempts. */
  backoffMs: number;
  attempts: number;
  /** The rest: waiting behind the captions before it (their retries), or the event loop busy elsewhere. */
  behindMs: number;
}

/** A Teams line still being filled (packLines): its text, and the segment it ends with. */
export interface HeldLine {
  readonly text: string;
  readonly turn: number;
  readonly index: number;
  readonly speaker: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly dueAtMs: number;
}

/** An output and everything needed to continue it after a restart: saved before each first send. */
export interface OutputRecord {
  readonly config: OutputConfig;
  stopped: boolean;
  /** The last `seq` given to a caption (the next caption gets one more). */
  seq: number;
  /** The last segment of the room taken into the queue, and its turn. */
  lastIndex: number | null;
  lastTurn: number | null;
  /** Captions with their `seq`, not yet confirmed by the platform, oldest first. */
  pending: OutgoingCaption[];
  /** A platform without `seq` (Teams, OBS): the `seq` of a caption whose send began and has no answer yet. */
  attempted: number | null;
  held: HeldLine | null;
  stats: { delivered: number; retries: number; dropped: number; uncertain: number; lastSeq: number };
}

/** A new output's record: nothing numbered, queued or sent yet. */
export function newOutputRecord(config: OutputConfig): OutputRecord {
  return {
    config,
    stopped: false,
    seq: 0,
    lastIndex: null,
    lastTurn: null,
    pending: [],
    attempted: null,
    held: null,
    stats: { delivered: 0, retries: 0, dropped: 0, uncertain: 0, lastSeq: 0 },
  };
}

export type OutputState = 'sending' | 'failing' | 'stopped';

export interface DeliveryOptions {
  /** Per-request timeout (AbortSignal.timeout), wall milliseconds. */
  readonly timeoutMs: number;
  /** First retry's delay and the longest, wall milliseconds; each retry doubles it, with jitter. */
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { timeoutMs: 5_000, backoffBaseMs: 250, backoffCapMs: 15_000 };

/** The delay before retry `attempt` (1, 2, …): doubling from the base up to the cap, then 50–100 % of it. */
export function backoffDelay(attempt: number, options: DeliveryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.backoffCapMs, options.backoffBaseMs * 2 ** Math.min(30, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * One output's delivery loop: sends its queued captions in `seq` order, each when it is due, with a
 * timeout per request, retrying with exponential backoff and jitter (capped). A retry resends the
 * same `seq`. A caption's `seq` is saved before its first send (`saved`), so a restart resends the
 * same numbers; Zoom's last accepted `seq` is read back at start and after an error, and what it
 * already has is not sent again. A platform without `seq` never gets a send whose answer was lost
 * (it may have shown it): that caption counts as `uncertain` instead of risking a double post.
 */
export class DeliveryLoop {
  state: OutputState;
  lastError: string | undefined;
  private readonly latencies: number[] = [];
  private wake: (() => void) | undefined;
  private closing = false;
  private running: Promise<void> | undefined;
  private needsResync = true;
  private readonly stopWaits = new AbortController();
  /** The write that saves the latest queued captions' `seq`. */
  private saved: Promise<void> = Promise.resolve();
  /** Room-clock time each queued caption was taken into the queue, by `seq` (in memory only). */
  private readonly queuedAt = new Map<number, number>();
  /** The caption whose send began (the platform may have it, so it keeps its `seq`). */
  private begun: OutgoingCaption | undefined;
  /** Where the head caption's time is going (logged if it ends up late). */
  private spent: LateBreakdown = emptyBreakdown();

  constructor(
    readonly record: OutputRecord,
    private readonly deps: {
      readonly target: Target;
      readonly time: TimeSource;
      readonly clockSpeed: number;
      readonly options: DeliveryOptions;
      readonly logger: Logger;
      /** Resolves once the record as it is now is on disk. */
      readonly save: () => Promise<void>;
    },
  ) {
    this.state = record.stopped ? 'stopped' : 'sending';
    // A send without `seq` that began before a crash: it may have been shown; never repeat it.
    if (record.attempted !== null && !deps.target.idempotent && record.pending[0]?.seq === record.attempted) {
      record.pending.shift();
      record.stats.uncertain++;
    }
    record.attempted = null;
    // Sent before a restart, perhaps: it keeps its number if the queue overflows.
    this.begun = record.pending[0];
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Queues captions (their `seq` already given) and the write that saves them; wakes the loop. */
  enqueue(captions: readonly OutgoingCaption[], saved: Promise<void>): void {
    const { record } = this;
    this.saved = saved;
    record.pending.push(...captions);
    for (const c of captions) this.queuedAt.set(c.seq, this.deps.time.now());
    const over = record.pending.length - MAX_QUEUED;
    if (over > 0) this.dropOldest(over);
    this.notify();
  }

  /**
   * Drops the `over` oldest captions never sent, and numbers the ones after them down so `seq` still
   * goes up by one per caption the platform gets (Zoom and YouTube count one more per new caption;
   * a gap is not what they expect). A caption whose send began keeps its place and number: the
   * platform may have it.
   */
  private dropOldest(over: number): void {
    const { record } = this;
    const keep = record.pending[0] !== undefined && record.pending[0] === this.begun ? 1 : 0;
    const dropped = record.pending.splice(keep, over);
    for (const c of dropped) this.queuedAt.delete(c.seq);
    const queuedAt = new Map(this.queuedAt);
    this.queuedAt.clear();
    record.pending = record.pending.map((c, i) => {
      const seq = i < keep ? c.seq : c.seq - dropped.length;
      const at = queuedAt.get(c.seq);
      if (at !== undefined) this.queuedAt.set(seq, at);
      return i < keep ? c : { ...c, seq };
    });
    record.seq -= dropped.length;
    record.stats.dropped += dropped.length;
  }

  latency(): { medianMs: number; p99Ms: number } | null {
    if (this.latencies.length === 0) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return { medianMs: at(0.5), p99Ms: at(0.99) };
  }

  /** Stops sending; what is queued stays (a `start` continues from it). */
  async close(): Promise<void> {
    this.closing = true;
    this.stopWaits.abort();
    this.notify();
    await this.running;
    this.deps.target.close?.();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForWork(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Waits on the room's clock until `atMs` (accelerated in tests) or until closed. */
  private waitUntil(atMs: number): Promise<void> {
    const delay = atMs - this.deps.time.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.deps.time.setTimer(finish, delay);
      const signal = this.stopWaits.signal;
      function finish() {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }
      const onAbort = () => {
        this.deps.time.clearTimer(timer);
        finish();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Waits wall milliseconds (a retry's backoff), or until closed. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopWaits.signal;
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      }
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  private async loop(): Promise<void> {
    const { record, deps } = this;
    let failures = 0;
    while (!this.closing) {
      const head = record.pending[0];
      if (record.stopped || !head) {
        if (record.pending.length === 0) this.queuedAt.clear();
        await this.waitForWork();
        continue;
      }
      await this.waitUntil(head.dueAtMs);
      if (this.closing) break;
      let phase = 'stateWriteMs' as 'stateWriteMs' | 'resyncMs' | 'sendMs';
      let phaseStart = performance.now();
      const endPhase = () => (this.spent[phase] += performance.now() - phaseStart);
      try {
        // Its seq must be on disk before it leaves: a restart then resends the same number.
        await this.saved.catch(() => (this.saved = deps.save()));
        await this.saved;
        endPhase();
        if (this.closing || record.pending[0] !== head || record.stopped) continue;
        if (this.needsResync && deps.target.lastAcceptedSeq) {
          phase = 'resyncMs';
          phaseStart = performance.now();
          await this.resync(AbortSignal.timeout(deps.options.timeoutMs));
          endPhase();
          this.needsResync = false;
          continue;
        }
        this.needsResync = false;
        if (!deps.target.idempotent) {
          phaseStart = performance.now();
          record.attempted = head.seq;
          await deps.save();
          endPhase();
        }
        phase = 'sendMs';
        phaseStart = performance.now();
        this.spent.attempts++;
        this.begun = head;
        await deps.target.send(head, AbortSignal.timeout(deps.options.timeoutMs));
        endPhase();
        this.confirmed(head);
        failures = 0;
      } catch (error) {
        endPhase();
        const failure = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), undefined, true);
        this.state = 'failing';
        this.lastError = failure.message;
        if (failure.ambiguous && !deps.target.idempotent && record.attempted === head.seq) {
          // It may have been shown: never post it twice.
          record.pending.shift();
          this.queuedAt.delete(head.seq);
          this.spent = emptyBreakdown();
          record.stats.uncertain++;
          record.attempted = null;
          deps.save().catch(() => undefined);
          deps.logger.warn({ output: record.config.id, type: record.config.type, seq: head.seq, error: failure.message }, 'caption may not have reached the platform; not resent');
          continue;
        }
        record.attempted = null;
        failures++;
        record.stats.retries++;
        this.needsResync = true;
        deps.logger.warn({ output: record.config.id, type: record.config.type, seq: head.seq, status: failure.status, error: failure.message, attempt: failures }, 'caption output failing; retrying');
        const backoffStart = performance.now();
        await this.pause(backoffDelay(failures, deps.options));
        this.spent.backoffMs += performance.now() - backoffStart;
      }
    }
  }

  private confirmed(caption: OutgoingCaption): void {
    const { record, deps } = this;
    record.pending.shift();
    record.attempted = null;
    record.stats.delivered++;
    record.stats.lastSeq = caption.seq;
    this.state = 'sending';
    this.lastError = undefined;
    const latencyMs = Math.max(0, (deps.time.now() - caption.dueAtMs) / deps.clockSpeed);
    this.latencies.push(latencyMs);
    if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
    const queuedAt = this.queuedAt.get(caption.seq);
    this.queuedAt.delete(caption.seq);
    const spent = { ...this.spent, queuedAfterDueMs: queuedAt === undefined ? 0 : Math.max(0, (queuedAt - caption.dueAtMs) / deps.clockSpeed) };
    spent.behindMs = Math.max(0, latencyMs - spent.queuedAfterDueMs - spent.stateWriteMs - spent.resyncMs - spent.sendMs - spent.backoffMs);
    this.spent = emptyBreakdown();
    if (latencyMs >= LATE_LOG_MS) {
      const rounded = Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)]));
      deps.logger.info({ output: record.config.id, type: record.config.type, seq: caption.seq, latencyMs: Math.round(latencyMs), ...rounded }, 'caption reached the platform late');
    }
    deps.save().catch(() => undefined);
  }

  /**
   * Zoom: asks for the last `seq` it accepted. What it already has is not sent again; a fresh
   * output whose meeting already counted captions (another tool, an earlier output) continues
   * after them.
   */
  private async resync(signal: AbortSignal): Promise<void> {
    const { record, deps } = this;
    const last = await deps.target.lastAcceptedSeq!(signal);
    if (last === undefined) return;
    const neverSent = record.stats.delivered === 0 && record.stats.retries === 0 && record.stats.lastSeq === 0;
    if (neverSent && record.pending.length > 0 && last >= record.pending[0].seq) {
      const shift = last - record.pending[0].seq + 1;
      record.pending = record.pending.map((c) => ({ ...c, seq: c.seq + shift }));
      const queuedAt = [...this.queuedAt];
      this.queuedAt.clear();
      for (const [seq, at] of queuedAt) this.queuedAt.set(seq + shift, at);
      record.seq += shift;
      await deps.save();
      return;
    }
    while (record.pending.length > 0 && record.pending[0].seq <= last) {
      const caption = record.pending.shift()!;
      this.queuedAt.delete(caption.seq);
      record.stats.delivered++;
      record.stats.lastSeq = caption.seq;
    }
    if (last > record.seq) record.seq = last;
    deps.save().catch(() => undefined);
  }
}

function emptyBreakdown(): LateBreakdown {
  return { queuedAfterDueMs: 0, stateWriteMs: 0, resyncMs: 0, sendMs: 0, backoffMs: 0, attempts: 0, behindMs: 0 };
}
