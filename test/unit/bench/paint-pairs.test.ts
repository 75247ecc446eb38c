import { describe, expect, it } from 'vitest';
import { differentFrames, pairPaints, summarizeDiffs } from '../../../bench/lib/paint-pairs';
import type { ProbeRecords, Seen } from '../../../bench/lib/paint-probe';
import { percentile } from '../../../bench/lib/stats';

const seen = (paintedAt: number, frameAt = paintedAt): Seen => ({ seenAt: paintedAt - 10, paintedAt, frameAt });

describe('pairing the words two pages painted', () => {
  const window = { fromMs: 1000, toMs: 2000 };

  it('matches each word across the pages, to 0.1 ms, with the baseline from its segment arrival', () => {
    const a: ProbeRecords = { words: { 'en s1 1': seen(1100.04, 1099), 'en s1 2': seen(1200, 1199) }, arrivals: { s1: seen(500.01) } };
    const b: ProbeRecords = { words: { 'en s1 1': seen(1101, 1099), 'en s1 2': seen(1217, 1216) }, arrivals: { s1: seen(503) } };
    const pairs = pairPaints(a, b, window);
    expect(pairs.paint).toEqual([1, 17]);
    expect(pairs.frame).toEqual([0, 17]);
    expect(pairs.arrival).toEqual([3, 3]);
    expect(pairs.message).toEqual([3]);
    expect(pairs.oneSideOnly).toBe(0);
    expect(differentFrames(pairs)).toBe(1);
  });

  it('keeps a word either page painted in the window, and counts one the other page never painted', () => {
    const a: ProbeRecords = { words: { 'en s1 1': seen(990), 'en s1 2': seen(1500), 'ru s1 1': seen(400) }, arrivals: {} };
    const b: ProbeRecords = { words: { 'en s1 1': seen(1040), 'ru s1 1': seen(401), 'ru s2 1': { seenAt: 1990, paintedAt: -1, frameAt: -1 } }, arrivals: {} };
    const pairs = pairPaints(a, b, window);
    expect(pairs.paint).toEqual([50]);
    expect(pairs.arrival).toEqual([]);
    expect(pairs.oneSideOnly).toBe(1);
  });

  it('summarises differences with exact nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeDiffs(values)).toEqual({ count: 100, p50: 50, p99: 99, max: 100, overFrame: 83 });
    expect(summarizeDiffs([]).count).toBe(0);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });
});
