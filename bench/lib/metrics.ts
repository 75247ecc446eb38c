import WebSocket from 'ws';
import type { SchedulingSummary } from '../../server/replay/scheduling-stats';

/** What GET /bench-metrics answers (server/metrics/bench-metrics.ts with BENCH_METRICS=1, and the baseline likewise). */
export interface ServerMetrics {
  readonly heapUsed: number;
  readonly rss: number;
  readonly cpuUs: number;
  readonly sockets: number;
  /** Scheduling error of segment emissions since the last `reset` (ms). */
  readonly scheduling?: SchedulingSummary;
}

/** `reset`: also start a new window for the scheduling error. */
export async function readMetrics(url: string, timeoutMs = 10_000, reset = false): Promise<ServerMetrics> {
  const response = await fetch(`${url}/bench-metrics${reset ? '?reset' : ''}`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}/bench-metrics: ${response.status}`);
  return (await response.json()) as ServerMetrics;
}

/**
 * Forces a full garbage collection in a process started with `--inspect=127.0.0.1:0`, through
 * the inspector protocol (HeapProfiler.collectGarbage), so heap readings before and after
 * connecting viewers compare live objects rather than whenever V8 last collected.
 */
export function collectGarbage(inspectorUrl: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(inspectorUrl, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('inspector: no answer to HeapProfiler.collectGarbage'));
    }, timeoutMs);
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    ws.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
      if (reply.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      if (reply.error) reject(new Error(`inspector: ${reply.error.message}`));
      else resolve();
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Metrics after a full GC (twice: the second collects what the first's finalisers freed). */
export async function metricsAfterGc(url: string, inspectorUrl: string | undefined): Promise<ServerMetrics> {
  if (inspectorUrl) {
    await collectGarbage(inspectorUrl);
    await collectGarbage(inspectorUrl);
  }
  return readMetrics(url);
}
