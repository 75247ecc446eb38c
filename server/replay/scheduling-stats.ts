/**
 * Scheduling error of a room player's emissions (actual emission minus the time it was scheduled
 * for), kept for the benchmarks' GET /metrics (BENCH_METRICS=1): counts per 0.1 ms up to 10 s,
 * beyond that in one overflow bucket, so memory stays fixed however long it runs.
 */
const RESOLUTION_MS = 0.1;
const BUCKETS = 100_000;

export interface SchedulingSummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Emissions before their scheduled time: the engine promises none. */
  readonly early: number;
}

export class SchedulingStats {
  private counts = new Uint32Array(BUCKETS + 1);
  private total = 0;
  private early = 0;
  private max = -Infinity;

  record(errorMs: number): void {
    this.total++;
    if (errorMs < 0) this.early++;
    if (errorMs > this.max) this.max = errorMs;
    this.counts[Math.min(BUCKETS, Math.max(0, Math.floor(errorMs / RESOLUTION_MS)))]++;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.early = 0;
    this.max = -Infinity;
  }

  summary(): SchedulingSummary {
    return { count: this.total, p50: this.quantile(0.5), p99: this.quantile(0.99), max: this.total ? this.max : 0, early: this.early };
  }

  /** The upper edge of the bucket holding the q-quantile (never understates the error). */
  private quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return i === BUCKETS ? this.max : Math.min(this.max, (i + 1) * RESOLUTION_MS);
    }
    return this.max;
  }
}
