import { describe, expect, it } from 'vitest';
import type { ClockState } from '../../../server/protocol';
import { serverTimeAt } from '../../../server/replay/clock';
import { dueWallMs, latenessMs } from '../../../bench/lib/due-time';

const clock: ClockState = { status: 'playing', positionMs: 10_000, anchorAtMs: 1_700_000_000_000, rate: 1, loop: true, epoch: 3, durationMs: 60_000 };

describe('due time of a caption', () => {
  it('is the anchor plus the media distance to the due position, divided by the rate', () => {
    expect(dueWallMs(clock, 12_500)).toBe(1_700_000_002_500);
    expect(dueWallMs({ ...clock, rate: 2 }, 12_500)).toBe(1_700_000_001_250);
    expect(dueWallMs({ ...clock, rate: 0.5 }, 9_000)).toBe(1_699_999_998_000);
  });

  it('agrees with the server scheduler (serverTimeAt)', () => {
    for (const rate of [0.5, 1, 1.25, 2]) {
      for (const dueMs of [0, 10_000, 10_001, 59_999]) expect(dueWallMs({ ...clock, rate }, dueMs)).toBe(serverTimeAt({ ...clock, rate }, dueMs));
    }
  });

  it('reports lateness as received − due: positive late, negative lead', () => {
    expect(latenessMs(clock, 11_000, 1_700_000_001_012.5)).toBeCloseTo(12.5, 6);
    expect(latenessMs(clock, 11_000, 1_700_000_000_000)).toBe(-1000);
  });
});
