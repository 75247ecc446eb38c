import type { Ack, TimeSyncReply } from '../../server/protocol';
import { clientNow, estimateOffset, SYNC_INTERVAL_MS, SYNC_SAMPLES, type SyncSample } from './clock-sync';

/** What the loop needs of a Socket.IO client socket (viewer, console or embed). */
export interface SyncSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'time:sync', request: Record<string, never>): Promise<Ack<TimeSyncReply>> };
}

/**
 * Estimates the server clock now and every SYNC_INTERVAL_MS after (NTP-style: the sample with the
 * shortest round trip wins), calling `onEstimate` with the offset. Returns a function that stops it.
 */
export function startClockSync(socket: SyncSocket, onEstimate: (offsetMs: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const round = async () => {
    const samples: SyncSample[] = [];
    for (let i = 0; i < SYNC_SAMPLES && socket.connected && !stopped; i++) {
      const sentAtMs = clientNow();
      const reply = await socket
        .timeout(2_000)
        .emitWithAck('time:sync', {})
        .catch(() => undefined);
      if (reply?.ok) samples.push({ sentAtMs, receivedAtMs: clientNow(), serverNowMs: reply.data.serverNowMs });
    }
    const estimate = estimateOffset(samples);
    if (estimate && !stopped) onEstimate(estimate.offsetMs);
    if (!stopped) timer = setTimeout(() => void round(), SYNC_INTERVAL_MS);
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
