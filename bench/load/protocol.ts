import type { HistogramData } from '../lib/stats';

/** IPC between the coordinator (spawn-workers.ts) and each load worker (worker.ts). */
export interface WorkerPlan {
  readonly id: number;
  /** Server base URL, http://127.0.0.1:PORT. */
  readonly url: string;
  /** `socketio`: Engine.IO v4 over WebSocket and room:join; `baseline`: `/?room=CODE`, no handshake. */
  readonly mode: 'socketio' | 'baseline';
  /** The room of each viewer this worker opens. */
  readonly rooms: readonly string[];
  /** Connections in progress at once. */
  readonly concurrency: number;
  /** Loopback source address (127.x.y.z) when one address's ephemeral ports are not enough. */
  readonly localAddress?: string;
  /** Give up on a viewer that has not joined by then. */
  readonly joinTimeoutMs: number;
}

export type Command =
  | { readonly type: 'connect'; readonly plan: WorkerPlan }
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'storm'; readonly deadlineMs: number }
  | { readonly type: 'sync-mark' }
  | { readonly type: 'sync-check'; readonly required: Readonly<Record<string, RoomPosition>> }
  | { readonly type: 'close' };

export interface ConnectReport {
  readonly type: 'connected';
  readonly joined: number;
  readonly failed: number;
  readonly firstError: string | null;
  readonly elapsedMs: number;
}

export interface WindowReport {
  readonly type: 'stopped';
  /** Lateness (received − due, ms) of every caption received in the window; negative is lead. */
  readonly lateness: HistogramData;
  readonly delivered: number;
  /** Captions received after their due time. */
  readonly late: number;
  /** Sequence numbers skipped: messages a viewer never received. */
  readonly gaps: number;
  /** Room messages whose seq the viewer had already applied. */
  readonly duplicates: number;
  /** Captions of an epoch other than the viewer's clock (sent ahead before a restart). */
  readonly stale: number;
  /** Viewers whose socket closed during the window. */
  readonly dropped: number;
  readonly open: number;
  /** This worker's CPU time in the window, microseconds, and the window's length. */
  readonly cpuUs: number;
  readonly windowMs: number;
  /** This worker's event-loop delay p99 in the window, ms: how late it could have read a frame. */
  readonly loopDelayP99Ms: number;
}

/** Where a room's stream is: a seq and the clock epoch in effect. */
export interface RoomPosition {
  readonly seq: number;
  readonly epoch: number;
}

/** A reconnect storm as one worker saw it: every viewer dropped at `droppedAtMs`, then reconnected. */
export interface StormReport {
  readonly type: 'stormed';
  readonly viewers: number;
  readonly rejoined: number;
  /** Viewers not rejoined by the deadline. */
  readonly stranded: number;
  readonly modes: Readonly<Record<'resume' | 'snapshot', number>>;
  /** Missed messages the resume replies carried, all viewers together. */
  readonly resumedMessages: number;
  /** Bytes of the join replies applied (the frames as received), all viewers together. */
  readonly replyBytes: number;
  /** Joins sent again on a connected socket because their reply had not come within JOIN_REPLY_TIMEOUT_MS. */
  readonly joinResends: number;
  /** Attempts that failed (and were retried while the deadline allowed), and the first error. */
  readonly failedAttempts: number;
  readonly firstError: string | null;
  /** Drop → joined again, ms, one sample per rejoined viewer. */
  readonly rejoinMs: HistogramData;
  /** Wall clock of the drop (performance.timeOrigin + now: the same clock in every process). */
  readonly droppedAtMs: number;
  readonly cpuUs: number;
  readonly windowMs: number;
  readonly loopDelayP99Ms: number;
}

/** The newest position any joined viewer of each room holds. */
export interface SyncMark {
  readonly type: 'sync-marked';
  readonly rooms: Readonly<Record<string, RoomPosition>>;
}

export interface SyncReport {
  readonly type: 'sync-checked';
  /** Joined viewers checked, and those behind the required seq or on an older epoch. */
  readonly checked: number;
  readonly outOfSync: number;
  /** The furthest any viewer was behind the required seq, in messages. */
  readonly maxBehind: number;
  /** Since the storm began: sequence numbers never received, and messages received twice. */
  readonly gaps: number;
  readonly duplicates: number;
}

export type Reply =
  | ConnectReport
  | WindowReport
  | StormReport
  | SyncMark
  | SyncReport
  | { readonly type: 'started' }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly message: string };
