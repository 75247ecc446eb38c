import { describe, expect, it } from 'vitest';
import type { CaptionSegment, SpeakerInfo } from '../../../server/protocol';
import { MIN_BLOCK_PCT, percentOf, positionAtPointer, sliderTarget, timelineLanes } from '../../../app/lib/presenter/timeline';

const speaker = (id: string, colour: number): SpeakerInfo => ({ id, label: { en: id }, short: { en: id }, colour });
const segment = (index: number, speakerId: string, startMs: number, endMs: number, over: Partial<CaptionSegment> = {}): CaptionSegment => ({
  index,
  id: `s${index}`,
  turn: index,
  speakerId,
  sourceLang: 'en',
  kind: 'speech',
  text: { en: 'x' },
  startMs,
  endMs,
  timing: {},
  ...over,
});

describe('timelineLanes', () => {
  const speakers = [speaker('kerry', 0), speaker('nobody', 1), speaker('lavrov', 3)];
  const segments = [
    segment(0, 'kerry', 0, 25_000),
    segment(1, 'lavrov', 25_000, 50_000, { sourceLang: 'ru' }),
    segment(2, 'lavrov', 50_000, 50_100, { kind: 'sound', sourceLang: 'ru' }),
    segment(3, 'kerry', 75_000, 100_000),
  ];
  const lanes = timelineLanes(segments, speakers, 100_000, 'en');

  it('draws one lane per speaker who speaks, in speaker order', () => {
    expect(lanes.map((l) => l.speaker.id)).toEqual(['kerry', 'lavrov']);
  });

  it.each([
    ['s0', { leftPct: 0, widthPct: 25, interpreted: false }],
    ['s1', { leftPct: 25, widthPct: 25, interpreted: true }],
    ['s2', { leftPct: 50, widthPct: MIN_BLOCK_PCT, interpreted: false }],
    ['s3', { leftPct: 75, widthPct: 25, interpreted: false }],
  ])('places %s as a share of the duration; speech in the other language is interpreted', (id, expected) => {
    const block = lanes.flatMap((l) => l.blocks).find((b) => b.id === id);
    expect(block).toMatchObject(expected);
  });

  it('marks the other language when the room is Russian first', () => {
    const ru = timelineLanes(segments, speakers, 100_000, 'ru');
    expect(ru.flatMap((l) => l.blocks).filter((b) => b.interpreted).map((b) => b.id)).toEqual(['s0', 's3']);
  });
});

describe('timeline geometry', () => {
  it.each([
    [0, 1000, 0],
    [500, 1000, 50],
    [2000, 1000, 100],
    [-5, 1000, 0],
    [10, 0, 0],
  ])('percentOf(%i, %i) = %i', (position, duration, expected) => {
    expect(percentOf(position, duration)).toBe(expected);
  });

  it.each([
    [100, { left: 100, width: 400 }, 0],
    [300, { left: 100, width: 400 }, 300_000],
    [500, { left: 100, width: 400 }, 600_000],
    [50, { left: 100, width: 400 }, 0],
    [900, { left: 100, width: 400 }, 600_000],
    [300, { left: 100, width: 0 }, 0],
  ])('a click at x=%i on %o is %i ms into 10 minutes', (x, track, expected) => {
    expect(positionAtPointer(x, track, 600_000)).toBe(expected);
  });

  it.each([
    ['ArrowRight', 30_000, 35_000],
    ['ArrowUp', 30_000, 35_000],
    ['ArrowLeft', 30_000, 25_000],
    ['ArrowDown', 2_000, 0],
    ['PageUp', 30_000, 90_000],
    ['PageDown', 30_000, 0],
    ['PageUp', 590_000, 600_000],
    ['Home', 30_000, 0],
    ['End', 30_000, 600_000],
    ['Enter', 30_000, undefined],
  ])('slider key %s at %i → %s', (key, position, expected) => {
    expect(sliderTarget(key, position, 600_000)).toBe(expected);
  });
});
