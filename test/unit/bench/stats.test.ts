import { describe, expect, it } from 'vitest';
import { Histogram, linearSlope, median } from '../../../bench/lib/stats';

describe('Histogram', () => {
  it('answers nearest-rank percentiles to within one bucket', () => {
    const h = new Histogram({ low: 0, high: 1000, step: 1 });
    for (let v = 1; v <= 100; v++) h.record(v - 0.5);
    expect(h.count).toBe(100);
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(99)).toBe(99);
    expect(h.percentile(100)).toBe(99.5);
    expect(h.percentile(0)).toBe(0.5);
    expect(h.summary().mean).toBeCloseTo(50, 10);
  });

  it('never reports a percentile outside the exact min and max', () => {
    const h = new Histogram({ low: -10, high: 10, step: 5 });
    h.record(1.2);
    h.record(1.3);
    expect(h.percentile(50)).toBe(1.3);
    expect(h.percentile(1)).toBeGreaterThanOrEqual(1.2);
  });

  it('counts values beyond its range in the end buckets but keeps the exact extremes', () => {
    const h = new Histogram({ low: 0, high: 10, step: 1 });
    h.record(-5);
    h.record(50);
    h.record(5);
    expect(h.min).toBe(-5);
    expect(h.max).toBe(50);
    expect(h.percentile(100)).toBe(50);
    expect(h.percentile(33)).toBe(1); // rank 1 of 3: -5, counted in bucket 0, whose upper edge is 1
    expect(h.percentile(34)).toBe(6); // rank 2: 5, in bucket [5, 6)
  });

  it('handles negative values (lead) with the same resolution', () => {
    const h = new Histogram({ low: -2000, high: 30_000, step: 0.1 });
    for (const v of [-995.55, -990.12, -980.01]) h.record(v);
    expect(h.percentile(50)).toBeCloseTo(-990.1, 5);
  });

  it('merges histograms, also through their JSON form, as if all samples were recorded in one', () => {
    const spec = { low: 0, high: 100, step: 0.5 };
    const a = new Histogram(spec);
    const b = new Histogram(spec);
    const all = new Histogram(spec);
    for (let i = 0; i < 500; i++) {
      const v = (i * 37) % 100;
      (i % 2 ? a : b).record(v);
      all.record(v);
    }
    const merged = Histogram.fromData(JSON.parse(JSON.stringify(a.toData())));
    merged.merge(b.toData());
    expect(merged.summary()).toEqual(all.summary());
  });

  it('merges an empty histogram without disturbing min and max', () => {
    const a = new Histogram({ low: 0, high: 10, step: 1 });
    a.record(3);
    a.merge(JSON.parse(JSON.stringify(new Histogram({ low: 0, high: 10, step: 1 }).toData())));
    expect([a.min, a.max, a.count]).toEqual([3, 3, 1]);
  });

  it('refuses to merge a histogram of another spec', () => {
    expect(() => new Histogram({ low: 0, high: 10, step: 1 }).merge(new Histogram({ low: 0, high: 10, step: 2 }))).toThrow(/specs differ/u);
  });

  it('is NaN everywhere when empty', () => {
    const s = new Histogram().summary();
    expect([s.count, s.p50, s.p99, s.max, s.mean]).toEqual([0, NaN, NaN, NaN, NaN]);
  });
});

describe('median and linearSlope', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('finds the least-squares slope', () => {
    expect(linearSlope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 12);
    expect(linearSlope([0, 1, 2, 3], [5, 5, 5, 5])).toBe(0);
    expect(linearSlope([1], [1])).toBeNaN();
    expect(linearSlope([2, 2], [1, 3])).toBeNaN();
  });
});
