import { Histogram, type HistogramSpec } from '../metrics/histogram';

/**
 * Scheduling error of a room player's emissions (actual emission minus the time it was scheduled
 * for), kept for the benchmarks' GET /bench-metrics (BENCH_METRICS=1; Prometheus gets the same errors in buckets: metrics/prometheus.ts): a fixed-bucket histogram at
 * 0.1 ms up to 10 s, so memory stays fixed however long it runs.
 */
const SPEC: HistogramSpec = { low: -20, high: 10_000, step: 0.1 };

export interface SchedulingSummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Emissions before their scheduled time: the engine promises none. */
  readonly early: number;
}

export class SchedulingStats {
  private errors = new Histogram(SPEC);
  private early = 0;

  record(errorMs: number): void {
    if (errorMs < 0) this.early++;
    this.errors.record(errorMs);
  }

  reset(): void {
    this.errors = new Histogram(SPEC);
    this.early = 0;
  }

  /** Percentiles answer the upper edge of their bucket, clamped to the largest error: never understated. */
  summary(): SchedulingSummary {
    if (this.errors.count === 0) return { count: 0, p50: 0, p99: 0, max: 0, early: 0 };
    return { count: this.errors.count, p50: this.errors.percentile(50), p99: this.errors.percentile(99), max: this.errors.max, early: this.early };
  }
}
