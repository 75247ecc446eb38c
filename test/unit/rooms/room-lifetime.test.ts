import { describe, expect, it } from 'vitest';
import { evictionCandidate, roomsToExpire, sweepIntervalMs } from '../../../server/rooms/room-lifetime';

const HOUR = 3_600_000;
const NOW = 100 * HOUR;
const rooms = [
  { code: 'PRESS', lastActiveAtMs: 0 },
  { code: 'OLDEST', lastActiveAtMs: NOW - 30 * HOUR },
  { code: 'FULL', lastActiveAtMs: NOW - 40 * HOUR },
  { code: 'EDGE', lastActiveAtMs: NOW - 24 * HOUR },
  { code: 'JUST', lastActiveAtMs: NOW - 24 * HOUR + 1 },
  { code: 'FRESH', lastActiveAtMs: NOW - HOUR },
];
const keep = new Set(['PRESS']);
const inUse = (code: string) => code === 'FULL';

describe('roomsToExpire', () => {
  it.each([
    ['empty for the expiry or longer, never the kept room nor one in use', inUse, ['OLDEST', 'EDGE']],
    ['nobody anywhere', () => false, ['OLDEST', 'FULL', 'EDGE']],
    ['everyone somewhere', () => true, []],
  ])('%s', (_name, occupied, expected) => {
    expect(roomsToExpire(rooms, NOW, 24 * HOUR, keep, occupied).map((r) => r.code)).toEqual(expected);
  });
});

describe('evictionCandidate', () => {
  it.each([
    ['the room empty the longest that nobody is in', inUse, 'OLDEST'],
    ['the longest-empty of all when nobody is anywhere', () => false, 'FULL'],
    ['none when every room is kept or in use', (code: string) => code !== 'PRESS', undefined],
  ])('%s', (_name, occupied, expected) => {
    expect(evictionCandidate(rooms, keep, occupied)?.code).toBe(expected);
  });

  it('never the kept room, even when it is the only one', () => {
    expect(evictionCandidate([{ code: 'PRESS', lastActiveAtMs: 0 }], keep, () => false)).toBeUndefined();
  });
});

describe('sweepIntervalMs', () => {
  it.each([
    [24 * HOUR, 60_000],
    [30 * 60_000, 60_000],
    [5 * 60_000, 30_000],
    [1_000, 100],
  ])('an expiry of %i ms is checked every %i ms', (expiry, interval) => {
    expect(sweepIntervalMs(expiry)).toBe(interval);
  });
});
