import type { SchedulingStats } from '../replay/scheduling-stats';

/**
 * The benchmarks' JSON at `/bench-metrics` (BENCH_METRICS=1; bench/lib/metrics.ts reads it, and
 * bench/baseline/ws-server.ts answers the same): the process's heap, RSS and CPU, its sockets, the
 * fan-out's counts and the scheduling error's percentiles since the last `reset`. Kept apart from
 * the Prometheus `/metrics`: the benchmarks need exact p99s at 0.1 ms over a window they choose,
 * which Prometheus buckets do not give (metrics/histogram.ts).
 */
export function benchMetricsReader(sources: { sockets(): number; fanout(): object; readonly scheduling: SchedulingStats }) {
  return (reset: boolean) => {
    if (reset) sources.scheduling.reset();
    const { heapUsed, rss } = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      heapUsed,
      rss,
      cpuUs: cpu.user + cpu.system,
      sockets: sources.sockets(),
      fanout: sources.fanout(),
      scheduling: sources.scheduling.summary(),
    };
  };
}
