import { describe, expect, it } from 'vitest';
import { resentInCatchUp } from '../../../bench/load/viewer';

const clock = (epoch: number) => ({ status: 'playing', positionMs: 0, anchorAtMs: 0, rate: 1, epoch });
const snapshot = (stream: string, epoch: number, segmentSeqs: number[]) => ({ ok: true, mode: 'snapshot', stream, seq: 50, clock: clock(epoch), segmentSeqs }) as const;

describe('the load viewer counts what an epoch catch-up sends again', () => {
  const viewer = { stream: 's1', clock: clock(3), lastSeq: 40 };

  it('counts segments at or before its last seq in a catch-up of its own stream and epoch', () => {
    expect(resentInCatchUp(viewer, snapshot('s1', 3, [38, 39, 40, 43, 47]))).toBe(3);
    expect(resentInCatchUp(viewer, snapshot('s1', 3, [43, 47]))).toBe(0);
  });

  it('counts nothing in a fresh snapshot, which replaces what the viewer had', () => {
    expect(resentInCatchUp(viewer, snapshot('s1', 4, [38, 39, 40]))).toBe(0);
    expect(resentInCatchUp(viewer, snapshot('s2', 3, [38, 39, 40]))).toBe(0);
    expect(resentInCatchUp({ stream: undefined, clock: undefined, lastSeq: -1 }, snapshot('s1', 3, [38, 39, 40]))).toBe(0);
  });
});
