/**
 * A reconnect storm in one load worker: every viewer's socket is dropped at the same moment
 * (terminate: no close handshake, as when a network path or a proxy goes away), then every viewer
 * reconnects and rejoins its room, with `lastSeq` and `stream` on our server.
 */
import { sleep } from '../lib/proc';
import { Histogram, type HistogramSpec } from '../lib/stats';
import type { StormReport, WorkerPlan } from './protocol';
import { openViewer, type JoinMode, type Viewer, type ViewerSink } from './viewer';

/** Drop → rejoined, ms: up to two minutes (past any deadline) at 1 ms. */
export const REJOIN_SPEC: HistogramSpec = { low: 0, high: 120_000, step: 1 };

/** After a failed attempt, socket.io-client's reconnection backoff: 1 s doubling up to 5 s, ±50 %. */
function retryDelayMs(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** attempt) * (0.5 + Math.random());
}

export type StormOutcome = Omit<StormReport, 'type' | 'cpuUs' | 'windowMs' | 'loopDelayP99Ms'>;

/** Drops every viewer, reconnects them all, and resolves once each has rejoined or the deadline has passed. */
export async function reconnectStorm(plan: WorkerPlan, viewers: readonly Viewer[], sink: ViewerSink, deadlineMs: number): Promise<StormOutcome> {
  const rejoinMs = new Histogram(REJOIN_SPEC);
  const modes: Record<JoinMode, number> = { resume: 0, snapshot: 0 };
  let failedAttempts = 0;
  let firstError: string | null = null;
  let stranded = 0;
  let resumedMessages = 0;

  const dropped = performance.now();
  for (const v of viewers) {
    const ws = v.ws;
    v.ws = undefined;
    v.joined = false;
    ws?.terminate();
  }
  const deadline = dropped + deadlineMs;

  const rejoin = async (v: Viewer) => {
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        stranded++;
        return;
      }
      try {
        const { mode, resumed } = await openViewer(plan, v, sink, remaining);
        modes[mode]++;
        resumedMessages += resumed;
        rejoinMs.record(performance.now() - dropped);
        return;
      } catch (error) {
        failedAttempts++;
        firstError ??= error instanceof Error ? error.message : String(error);
        await sleep(Math.min(retryDelayMs(attempt), Math.max(0, deadline - performance.now())));
      }
    }
  };
  // Every viewer at once, no cap on handshakes in flight: that is what a crowd of browsers whose
  // connection dropped does, and the server copes or not (its listen backlog, its event loop),
  // which is what the storm measures. socket.io-client would spread the first attempt over
  // 0.5 to 1.5 s (its backoff applies to the first reconnection too); at once is the worst case.
  await Promise.all(viewers.map(rejoin));

  return {
    viewers: viewers.length,
    rejoined: rejoinMs.count,
    stranded,
    modes,
    resumedMessages,
    failedAttempts,
    firstError,
    rejoinMs: rejoinMs.toData(),
    droppedAtMs: performance.timeOrigin + dropped,
  };
}
