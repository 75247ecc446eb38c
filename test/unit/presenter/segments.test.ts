import { describe, expect, it } from 'vitest';
import { currentSegmentIndex, nextSegmentIndex, previousSegmentIndex } from '../../../app/lib/presenter/segments';

const segments = [{ startMs: 1_000 }, { startMs: 10_000 }, { startMs: 20_000 }, { startMs: 30_000 }];

describe('segments at a position', () => {
  it.each([
    [0, -1, 0, 0],
    [1_000, 0, 0, 1],
    [5_000, 0, 0, 1],
    [10_000, 1, 0, 2],
    [11_000, 1, 0, 2],
    [15_000, 1, 1, 2],
    [29_999, 2, 2, 3],
    [45_000, 3, 3, undefined],
  ] as const)('at %i ms: current %i, previous %s, next %s', (position, current, previous, next) => {
    expect(currentSegmentIndex(segments, position)).toBe(current);
    expect(previousSegmentIndex(segments, position)).toBe(previous);
    expect(nextSegmentIndex(segments, position)).toBe(next);
  });

  it('has nothing to go to in an empty transcript', () => {
    expect(currentSegmentIndex([], 5)).toBe(-1);
    expect(previousSegmentIndex([], 5)).toBeUndefined();
    expect(nextSegmentIndex([], 5)).toBeUndefined();
  });
});
