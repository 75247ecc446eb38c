import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config';
import type { CaptionSegment, ClockMessage, RoomMessage, SegmentMessage } from '../../../server/protocol';
import { MAX_RATE, MIN_RATE, initialClock, seek, setRate } from '../../../server/replay/clock';
import { MESSAGE_LOG_LIMIT, MessageLog } from '../../../server/replay/message-log';
import { RoomPlayer, SEEK_CONTEXT_SEGMENTS, SNAPSHOT_SEGMENTS } from '../../../server/replay/room-player';
import { CommandLog, REMEMBERED_COMMANDS } from '../../../server/rooms/command-log';
import { FakeTime } from '../../support/fake-time';

/**
 * The replay engine's limits, each met exactly and missed by one unit (a millisecond, a message,
 * a segment), on a fake clock: the lookahead is wall time whatever the rate, the loop pause is
 * exact, and the bounded logs keep exactly their size.
 */

const SPACING_MS = 1_000;
/** `n` one-second segments of one turn, the first due at `firstMs`. */
function segments(n: number, firstMs = 10_000, turn = (_i: number) => 1): CaptionSegment[] {
  return Array.from({ length: n }, (_, index) => ({
    index,
    id: `s${index}`,
    turn: turn(index),
    speakerId: 'kerry',
    sourceLang: 'en',
    kind: 'speech',
    text: { en: `Sentence ${index}.` },
    startMs: firstMs + index * SPACING_MS,
    endMs: firstMs + index * SPACING_MS + 900,
    timing: { en: { startMs: firstMs + index * SPACING_MS, endMs: firstMs + index * SPACING_MS + 900 } },
  }));
}

function player(options: { segments: CaptionSegment[]; lookaheadMs?: number; loopPauseMs?: number; loop?: boolean; playing?: boolean }) {
  const time = new FakeTime();
  const start = time.now();
  const sent: SegmentMessage[] = [];
  const clocks: ClockMessage[] = [];
  const last = options.segments.at(-1)!;
  const room = new RoomPlayer({
    segments: options.segments,
    durationMs: last.endMs + 1_000,
    time,
    sink: { segment: (m) => sent.push(m), clock: (m) => clocks.push(m) },
    lookaheadMs: options.lookaheadMs ?? 0,
    loopPauseMs: options.loopPauseMs ?? 0,
    stream: 'stream-1',
    loop: options.loop ?? false,
    playing: options.playing ?? true,
  });
  /** Moves the fake clock to `start + ms`. */
  const at = (ms: number) => time.advance(start + ms - time.now());
  return { time, start, sent, clocks, room, at };
}

describe('lookahead: wall time before a segment is due, at every rate', () => {
  const { lookaheadMs } = readConfig({ NODE_ENV: 'test' });
  const dueMs = 20_000;

  it.each([MIN_RATE, 1, MAX_RATE])(`rate %d: a segment leaves ${lookaheadMs} ms of wall time early, not a millisecond sooner`, (rate) => {
    const { sent, room, at } = player({ segments: segments(1, dueMs), lookaheadMs });
    room.setRate(rate);
    // The clock reaches the segment after dueMs / rate of wall time.
    const sendAt = dueMs / rate - lookaheadMs;
    at(sendAt - 1);
    expect(sent, 'a millisecond before the lookahead').toEqual([]);
    at(sendAt);
    expect(sent.map((m) => m.segment.index)).toEqual([0]);
  });
});

describe('loop pause', () => {
  const loopPauseMs = readConfig({ NODE_ENV: 'test' }).loopPauseMs;

  it(`a looping room restarts exactly ${loopPauseMs} ms after its end`, () => {
    const { clocks, room, at } = player({ segments: segments(1, 1_000), loop: true, loopPauseMs });
    const endAt = room.clock.durationMs;
    at(endAt);
    expect(clocks.map((c) => c.change)).toEqual(['ended']);
    at(endAt + loopPauseMs - 1);
    expect(clocks.map((c) => c.change), 'a millisecond before the pause is over').toEqual(['ended']);
    at(endAt + loopPauseMs);
    expect(clocks.map((c) => c.change)).toEqual(['ended', 'restart']);
  });
});

describe('snapshot and seek context', () => {
  it(`a snapshot carries the last ${SNAPSHOT_SEGMENTS} segments: the first of ${SNAPSHOT_SEGMENTS} is in, of ${SNAPSHOT_SEGMENTS + 1} it is out`, () => {
    const { room, at } = player({ segments: segments(SNAPSHOT_SEGMENTS + 1, 0) });
    at((SNAPSHOT_SEGMENTS - 1) * SPACING_MS);
    expect(room.recentSegments().map((m) => m.segment.index)).toEqual(Array.from({ length: SNAPSHOT_SEGMENTS }, (_, i) => i));
    at(SNAPSHOT_SEGMENTS * SPACING_MS);
    expect(room.recentSegments().map((m) => m.segment.index)).toEqual(Array.from({ length: SNAPSHOT_SEGMENTS }, (_, i) => i + 1));
  });

  it(`a seek resends ${SEEK_CONTEXT_SEGMENTS} earlier segments of the turn, not one more`, () => {
    const current = SEEK_CONTEXT_SEGMENTS + 2;
    const { sent, room } = player({ segments: segments(current + 2, 0), playing: false });
    room.seek(current * SPACING_MS);
    const afterSeek = sent.filter((m) => m.epoch === room.clock.epoch);
    expect(afterSeek.map((m) => m.segment.index)).toEqual(Array.from({ length: SEEK_CONTEXT_SEGMENTS + 1 }, (_, i) => current - SEEK_CONTEXT_SEGMENTS + i));
  });
});

describe('clock ranges', () => {
  const clock = initialClock(60_000, 0, { playing: true, loop: false });
  const next = (x: number, direction: 1 | -1) => x + direction * Number.EPSILON * Math.max(1, Math.abs(x));

  it.each([
    ['slowest', MIN_RATE, next(MIN_RATE, -1)],
    ['fastest', MAX_RATE, next(MAX_RATE, 1)],
  ])('the %s rate is kept; the next number past it is clamped to it', (_which, limit, past) => {
    expect(setRate(clock, 0, limit).rate).toBe(limit);
    expect(setRate(clock, 0, past).rate).toBe(limit);
    expect(past).not.toBe(limit);
  });

  it('a seek to the end stays there; a millisecond past it is clamped to the end, and below 0 to 0', () => {
    expect(seek(clock, 0, clock.durationMs).positionMs).toBe(clock.durationMs);
    expect(seek(clock, 0, clock.durationMs + 1).positionMs).toBe(clock.durationMs);
    expect(seek(clock, 0, 0).positionMs).toBe(0);
    expect(seek(clock, 0, -1).positionMs).toBe(0);
    expect(seek(clock, 0, clock.durationMs - 1).positionMs).toBe(clock.durationMs - 1);
  });
});

describe('bounded logs', () => {
  const clockMessage = (seq: number): RoomMessage => ({
    type: 'clock',
    message: { seq, change: 'play', clock: initialClock(1_000, 0, { playing: true, loop: false }) },
  });

  it(`the message log resumes a client ${MESSAGE_LOG_LIMIT} messages behind, not ${MESSAGE_LOG_LIMIT + 1}`, () => {
    const log = new MessageLog();
    for (let seq = 1; seq <= MESSAGE_LOG_LIMIT; seq++) log.push(clockMessage(seq));
    expect(log.after(0)).toHaveLength(MESSAGE_LOG_LIMIT);
    log.push(clockMessage(MESSAGE_LOG_LIMIT + 1));
    expect(log.after(0), `${MESSAGE_LOG_LIMIT + 1} behind: a snapshot instead`).toBeUndefined();
    expect(log.after(1)).toHaveLength(MESSAGE_LOG_LIMIT);
  });

  it(`a room answers a retried command among its last ${REMEMBERED_COMMANDS}, and forgets the one before`, () => {
    const log = new CommandLog();
    const result = { ok: true } as unknown as Parameters<CommandLog['remember']>[1];
    for (let i = 0; i < REMEMBERED_COMMANDS; i++) log.remember(`command-${i}`, result);
    expect(log.get('command-0')).toBe(result);
    log.remember(`command-${REMEMBERED_COMMANDS}`, result);
    expect(log.get('command-0')).toBeUndefined();
    expect(log.get('command-1')).toBe(result);
  });
});
