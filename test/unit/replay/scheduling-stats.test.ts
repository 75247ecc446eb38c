import { describe, expect, it } from 'vitest';
import { SchedulingStats } from '../../../server/replay/scheduling-stats';

describe('scheduling error statistics for the benchmarks', () => {
  it('gives percentiles to 0.1 ms, never understating, and counts early emissions', () => {
    const stats = new SchedulingStats();
    for (let i = 0; i < 97; i++) stats.record(0.42);
    stats.record(7.03);
    stats.record(7.05);
    stats.record(-0.3);
    const s = stats.summary();
    expect(s.count).toBe(100);
    expect(s.p50).toBeCloseTo(0.5, 6);
    // The 99th of 100 is 7.03: its bucket's upper edge, but never past the largest error seen.
    expect(s.p99).toBeCloseTo(7.05, 6);
    expect(s.max).toBe(7.05);
    expect(s.early).toBe(1);
  });

  it('keeps errors beyond its range as their maximum, and starts afresh on reset', () => {
    const stats = new SchedulingStats();
    stats.record(12_345);
    expect(stats.summary()).toMatchObject({ count: 1, p50: 12_345, p99: 12_345, max: 12_345 });
    stats.reset();
    expect(stats.summary()).toEqual({ count: 0, p50: 0, p99: 0, max: 0, early: 0 });
  });
});
