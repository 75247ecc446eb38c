import { describe, expect, it } from 'vitest';
import { positionAt } from '../../../server/replay/clock';
import { MEDIA_LATENCY_MAX_MS, MEDIA_RATE_MAX, MEDIA_TIME_MAX_S, mediaClockFromHost } from '../../../app/embed/_client/host-messages';

const NOW = 1_000_000;
const DURATION = 600_000;
const clockOf = (data: unknown, now = NOW) => {
  const clock = mediaClockFromHost(data, now, DURATION);
  if (!clock || 'error' in clock) throw new Error(`expected a clock, got ${JSON.stringify(clock)}`);
  return clock;
};

describe("the transcript embed's media clock from boothcast:time", () => {
  it('runs on from the posted time at the posted rate, and stands still when paused', () => {
    const playing = clockOf({ type: 'boothcast:time', currentTime: 42.5, paused: false, playbackRate: 1.5 });
    expect(positionAt(playing, NOW)).toBe(42_500);
    expect(positionAt(playing, NOW + 200)).toBe(42_800);
    const paused = clockOf({ type: 'boothcast:time', currentTime: 42.5, paused: true, playbackRate: 1.5 });
    expect(positionAt(paused, NOW + 5_000)).toBe(42_500);
  });

  it('takes rate 1 when the host leaves it out, and snaps to each message (a seek back is a jump back)', () => {
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 100, paused: false }), NOW + 1_000)).toBe(101_000);
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 3, paused: false }, NOW + 1_000), NOW + 1_000)).toBe(3_000);
  });

  it("counts from the host's own time stamp when it is believable, so the time in transit is no lag", () => {
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 10, paused: false, at: NOW - 40 }), NOW)).toBe(10_040);
    // From the future, or older than the bound: the arrival time is used instead.
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 10, paused: false, at: NOW + 40 }), NOW)).toBe(10_000);
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 10, paused: false, at: NOW - MEDIA_LATENCY_MAX_MS - 1 }), NOW)).toBe(10_000);
  });

  it('ignores every other message', () => {
    for (const data of [null, 'boothcast:time', 7, { type: 'boothcast:set', lang: 'en' }, { currentTime: 1, paused: false }]) {
      expect(mediaClockFromHost(data, NOW, DURATION)).toBeUndefined();
    }
  });

  it.each([
    [{ currentTime: '12', paused: false }, /currentTime/u],
    [{ currentTime: -1, paused: false }, /currentTime/u],
    [{ currentTime: Number.NaN, paused: false }, /currentTime/u],
    [{ currentTime: Number.POSITIVE_INFINITY, paused: false }, /currentTime/u],
    [{ currentTime: 1, paused: 'no' }, /paused/u],
    [{ currentTime: 1, paused: false, playbackRate: MEDIA_RATE_MAX + 1 }, /playbackRate/u],
    [{ currentTime: 1, paused: false, playbackRate: -1 }, /playbackRate/u],
    [{ currentTime: '12', paused: false }, /currentTime.*got the string "12"$/u],
    [{ currentTime: 1e308, paused: false }, /currentTime.*got 1e\+308$/u],
    [{ currentTime: MEDIA_TIME_MAX_S + 0.001, paused: false }, /currentTime/u],
    [{ currentTime: null, paused: false }, /currentTime.*got null$/u],
    [{ currentTime: [40], paused: false }, /currentTime.*got an array$/u],
    [{ paused: false }, /currentTime.*got undefined$/u],
    [{ currentTime: 1 }, /paused.*got undefined$/u],
    [{ currentTime: 1, paused: 0 }, /paused.*got 0$/u],
    [{ currentTime: 1, paused: { value: true } }, /paused.*got an object$/u],
    [{ currentTime: 1, paused: false, playbackRate: Number.NaN }, /playbackRate.*got NaN$/u],
    [{ currentTime: 1, paused: false, playbackRate: 1e308 }, /playbackRate/u],
    [{ currentTime: 1, paused: false, playbackRate: Number.NEGATIVE_INFINITY }, /playbackRate/u],
    [{ currentTime: 1, paused: false, playbackRate: null }, /playbackRate/u],
  ])('refuses %j with an error naming the field', (fields, field) => {
    const result = mediaClockFromHost({ type: 'boothcast:time', ...fields }, NOW, DURATION);
    expect(result && 'error' in result ? result.error : '').toMatch(field);
  });

  it('quotes at most the first 40 characters of a refused string, so a huge one is not echoed back', () => {
    const result = mediaClockFromHost({ type: 'boothcast:time', currentTime: 'x'.repeat(1_000_000), paused: false }, NOW, DURATION);
    const error = result && 'error' in result ? result.error : '';
    expect(error).toMatch(/^boothcast:time: currentTime .*got the string "x{40}"… \(1000000 characters\)$/u);
    expect(error.length).toBeLessThan(200);
  });

  it('accepts the edges of the ranges, and a rate of 0 (a stalled player)', () => {
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 0, paused: false, playbackRate: 0 }), NOW + 1_000)).toBe(0);
    expect(clockOf({ type: 'boothcast:time', currentTime: MEDIA_TIME_MAX_S, paused: true, playbackRate: MEDIA_RATE_MAX }).positionMs).toBe(MEDIA_TIME_MAX_S * 1000);
  });

  it.each([Number.NaN, 1e308, -1e308, Number.POSITIVE_INFINITY, 'soon', null])('ignores a time stamp `at` of %s and counts from the arrival instead', (at) => {
    expect(positionAt(clockOf({ type: 'boothcast:time', currentTime: 10, paused: false, at }), NOW + 500)).toBe(10_500);
  });
});
