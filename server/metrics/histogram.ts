/**
 * A fixed-bucket histogram: constant memory however many samples, mergeable across worker
 * processes (sparse JSON), exact count, sum, min and max. Percentiles are nearest-rank and
 * answer the upper edge of the bucket holding that rank (clamped to the exact min and max), so a
 * reported p99 is never below the true one by more than one step.
 */
export interface HistogramSpec {
  /** Lowest value with a bucket of its own; anything lower counts in the first bucket. */
  readonly low: number;
  /** Highest value with a bucket of its own; anything higher counts in the last bucket. */
  readonly high: number;
  /** Bucket width. */
  readonly step: number;
}

export interface HistogramData {
  readonly spec: HistogramSpec;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** Sparse buckets: [index, count] for every non-empty bucket. */
  readonly buckets: readonly (readonly [number, number])[];
}

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** Lateness in milliseconds: 1 s early to 30 s late, at 0.1 ms. */
export const LATENESS_SPEC: HistogramSpec = { low: -2000, high: 30_000, step: 0.1 };

export class Histogram {
  private readonly counts: Float64Array;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly spec: HistogramSpec = LATENESS_SPEC) {
    if (!(spec.step > 0) || !(spec.high > spec.low)) throw new Error('histogram: need low < high and step > 0');
    this.counts = new Float64Array(Math.ceil((spec.high - spec.low) / spec.step) + 1);
  }

  record(value: number): void {
    if (Number.isNaN(value)) return;
    const last = this.counts.length - 1;
    const index = Math.min(last, Math.max(0, Math.floor((value - this.spec.low) / this.spec.step)));
    this.counts[index]++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Adds another histogram of the same spec into this one. */
  merge(other: Histogram | HistogramData): this {
    const data = other instanceof Histogram ? other.toData() : other;
    const { low, high, step } = data.spec;
    if (low !== this.spec.low || high !== this.spec.high || step !== this.spec.step) throw new Error('histogram: specs differ');
    for (const [index, n] of data.buckets) this.counts[index] += n;
    this.count += data.count;
    this.sum += data.sum;
    if (data.count > 0) {
      this.min = Math.min(this.min, data.min);
      this.max = Math.max(this.max, data.max);
    }
    return this;
  }

  /** Nearest-rank percentile, `p` from 0 to 100; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const upper = this.spec.low + (i + 1) * this.spec.step;
        return Math.min(this.max, Math.max(this.min, upper));
      }
    }
    return this.max;
  }

  summary(): Summary {
    return {
      count: this.count,
      min: this.count ? this.min : NaN,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: this.count ? this.max : NaN,
      mean: this.count ? this.sum / this.count : NaN,
    };
  }

  toData(): HistogramData {
    const buckets: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) buckets.push([i, this.counts[i]]);
    return { spec: this.spec, count: this.count, sum: this.sum, min: this.min, max: this.max, buckets };
  }

  static fromData(data: HistogramData): Histogram {
    return new Histogram(data.spec).merge(data);
  }
}
