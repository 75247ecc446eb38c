/**
 * A reconnect storm in one load worker: every viewer's socket is dropped at the same moment
 * (terminate: no close handshake, as when a network path or a proxy goes away), then every viewer
 * reconnects and rejoins its room, with `lastSeq` and `stream` on our server.
 */
import { JOIN_REPLY_TIMEOUT_MS, RECONNECT_OPTIONS } from '../../app/lib/reconnect-policy';
import { sleep } from '../lib/proc';
import { Histogram, type HistogramSpec } from '../lib/stats';
import type { StormReport, WorkerPlan } from './protocol';
import { openViewer, type JoinMode, type Viewer, type ViewerSink } from './viewer';

/** Drop → rejoined, ms: up to two minutes (past any deadline) at 1 ms. */
export const REJOIN_SPEC: HistogramSpec = { low: 0, high: 120_000, step: 1 };

/**
 * The wait before attempt `attempt` (0 = the first after the drop), as socket.io-client's backoff
 * computes it (its Manager and Backoff) from the browser's options: `reconnectionDelay × 2^attempt`,
 * one random draw deciding both the deviation (up to `randomizationFactor` of it) and its sign,
 * then capped at `reconnectionDelayMax`.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const { reconnectionDelay, reconnectionDelayMax, randomizationFactor } = RECONNECT_OPTIONS;
  const base = reconnectionDelay * 2 ** attempt;
  const draw = random();
  const deviation = Math.floor(draw * randomizationFactor * base);
  const jittered = (Math.floor(draw * 10) & 1) === 0 ? base - deviation : base + deviation;
  return Math.min(jittered, reconnectionDelayMax);
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
  let replyBytes = 0;
  let joinResends = 0;

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
      await sleep(Math.min(reconnectDelayMs(attempt), Math.max(0, deadline - performance.now())));
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        stranded++;
        return;
      }
      try {
        // As the browser's client: Socket.IO's connect timeout, and a late join reply asked again.
        const joined = await openViewer(plan, v, sink, remaining, { connectTimeoutMs: RECONNECT_OPTIONS.timeout, joinReplyTimeoutMs: JOIN_REPLY_TIMEOUT_MS });
        modes[joined.mode]++;
        resumedMessages += joined.resumed;
        replyBytes += joined.replyBytes;
        joinResends += joined.resends;
        rejoinMs.record(performance.now() - dropped);
        return;
      } catch (error) {
        failedAttempts++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  // Every viewer as a browser would, no cap on handshakes in flight: each waits its first backoff
  // (250 to 750 ms with the browser's options) and then connects, and the server copes or not
  // (its listen backlog, its event loop), which is what the storm measures.
  await Promise.all(viewers.map(rejoin));

  return {
    viewers: viewers.length,
    rejoined: rejoinMs.count,
    stranded,
    modes,
    resumedMessages,
    replyBytes,
    joinResends,
    failedAttempts,
    firstError,
    rejoinMs: rejoinMs.toData(),
    droppedAtMs: performance.timeOrigin + dropped,
  };
}
