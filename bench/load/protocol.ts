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

export type Reply = ConnectReport | WindowReport | { readonly type: 'started' } | { readonly type: 'closed' } | { readonly type: 'error'; readonly message: string };
