import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaptionSegment, ClockMessage, ClockState, SegmentMessage } from '../../../server/protocol';
import { fastForward, positionAt, serverTimeAt } from '../../../server/replay/clock';
import { RoomPlayer, type PlannedCommand } from '../../../server/replay/room-player';
import { FakeTime } from '../../support/fake-time';
import { loadVienna } from '../../support/load-vienna';

const vienna = loadVienna();
const segments: CaptionSegment[] = vienna.segments.map(({ line: _line, sound: _sound, ...rest }) => rest);

interface Emission {
  atMs: number;
  message: SegmentMessage;
}

function setup(options: { lookaheadMs?: number; loop?: boolean; playing?: boolean } = {}) {
  const time = new FakeTime();
  const start = time.now();
  const emitted: Emission[] = [];
  const clocks: { atMs: number; message: ClockMessage }[] = [];
  const player = new RoomPlayer({
    segments,
    durationMs: vienna.durationMs,
    time,
    sink: {
      segment: (message) => emitted.push({ atMs: time.now(), message }),
      clock: (message) => clocks.push({ atMs: time.now(), message }),
    },
    lookaheadMs: options.lookaheadMs ?? 1_000,
    loopPauseMs: 5_000,
    stream: 'stream-1',
    loop: options.loop ?? false,
    playing: options.playing ?? true,
  });
  return { time, start, emitted, clocks, player };
}

describe('room player on the whole press conference', () => {
  it.each([1_000, 0])('emits every segment once, in order, exactly lookahead %i ms before it is due', (lookaheadMs) => {
    const { time, start, emitted, clocks, player } = setup({ lookaheadMs });
    time.advance(vienna.durationMs + 10_000);
    expect(emitted.map((e) => e.message.segment.index)).toEqual(segments.map((s) => s.index));
    for (const { atMs, message } of emitted) {
      const dueAt = start + message.segment.startMs;
      expect(message.dueMs).toBe(message.segment.startMs);
      // Never late; early by exactly the lookahead (the first ones clamp at the start).
      expect(atMs).toBe(Math.max(start, dueAt - lookaheadMs));
    }
    expect(clocks.map((c) => c.message.change)).toEqual(['ended']);
    expect(clocks[0].atMs).toBe(start + vienna.durationMs);
    expect(player.clock.status).toBe('ended');
    expect(time.pendingTimers).toBe(0);
  });

  it.each([2, 0.5])('keeps the lookahead in wall time at rate %d: each segment is sent 1 s before it is due, not 1 s of media', (rate) => {
    const { time, start, emitted, player } = setup({ lookaheadMs: 1_000 });
    player.setRate(rate);
    time.advance(300_000);
    const later = emitted.filter((e) => e.message.segment.startMs > 2_000 * rate);
    expect(later.length).toBeGreaterThanOrEqual(10);
    for (const { atMs, message } of later) expect(atMs).toBe(Math.ceil(start + message.segment.startMs / rate - 1_000));
  });

  it('hands the event loop back when its sends take longer than the spacing of its segments', () => {
    const time = new FakeTime();
    const sent: number[] = [];
    const errors: number[] = [];
    new RoomPlayer({
      segments,
      durationMs: vienna.durationMs,
      time,
      // Every send takes a minute: by the time one is done, the next several are already due.
      sink: { segment: (m) => (sent.push(m.segment.index), time.spend(60_000)), clock: () => {} },
      lookaheadMs: 0,
      loopPauseMs: 5_000,
      stream: 's',
      onSegmentScheduled: (errorMs) => errors.push(errorMs),
    });
    time.advance(segments[0].startMs);
    // Only what was due when the timer fired; the rest waits for the next turn of the event loop.
    expect(sent).toEqual([segments[0].index]);
    expect(time.pendingTimers).toBe(1);
    // Each later turn catches up, in order, and nothing is lost.
    for (let turn = 0; turn < segments.length && sent.length < segments.length; turn++) time.advance(0);
    expect(sent).toEqual(segments.map((s) => s.index));
    // The first went when due; the rest report how late the slow sends made them, none early.
    expect(errors[0]).toBe(0);
    expect(errors.slice(1).every((e) => e > 0)).toBe(true);
    expect(errors).toHaveLength(segments.length);
  });

  it('numbers every message in one contiguous per-room sequence', () => {
    const { time, emitted, clocks } = setup();
    time.advance(vienna.durationMs + 1_000);
    const seqs = [...emitted.map((e) => e.message.seq), ...clocks.map((c) => c.message.seq)].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('does not drift: the n-th segment is due at start + offset(n) however the timers are sliced', () => {
    const { time, start, emitted } = setup({ lookaheadMs: 0 });
    // Advance in awkward steps, as a busy event loop would deliver timers.
    while (emitted.length < segments.length) time.advance(37);
    for (const { atMs, message } of emitted) {
      expect(atMs - (start + message.segment.startMs)).toBeGreaterThanOrEqual(0);
      expect(atMs - (start + message.segment.startMs)).toBeLessThan(37);
    }
  });

  it('loops after a pause: a restart opens a new epoch and replays from the first segment', () => {
    const { time, start, emitted, clocks } = setup({ loop: true, lookaheadMs: 0 });
    time.advance(vienna.durationMs + 5_000 + 2_000);
    expect(clocks.map((c) => c.message.change)).toEqual(['ended', 'restart']);
    const restart = clocks[1];
    expect(restart.atMs).toBe(start + vienna.durationMs + 5_000);
    expect(restart.message.clock).toMatchObject({ status: 'playing', positionMs: 0, epoch: 1 });
    const second = emitted.filter((e) => e.message.epoch === 1);
    expect(second[0].message.segment.index).toBe(0);
    expect(second[0].atMs).toBe(restart.atMs + segments[0].startMs);
  });

  it('holds still while paused and resumes where it stopped', () => {
    const { time, emitted, player } = setup({ lookaheadMs: 0 });
    time.advance(20_000);
    const before = emitted.length;
    player.pause();
    const pausedAt = player.clock.positionMs;
    time.advance(60_000);
    expect(emitted.length).toBe(before);
    expect(positionAt(player.clock, time.now())).toBe(pausedAt);
    player.play();
    time.advance(segments[before].startMs - pausedAt);
    expect(emitted.length).toBe(before + 1);
  });

  it('seeks while paused: new epoch, context of the turn resent, nothing more until play', () => {
    const { time, emitted, clocks, player } = setup({ lookaheadMs: 0 });
    time.advance(5_000);
    player.pause();
    const target = segments.find((s) => s.turn === 7 && s.id.endsWith('s05'))!;
    player.seek(target.startMs + 100);
    const seekMessage = clocks.at(-1)!.message;
    expect(seekMessage.change).toBe('seek');
    expect(seekMessage.clock).toMatchObject({ status: 'paused', epoch: 1, positionMs: target.startMs + 100 });
    const resent = emitted.filter((e) => e.message.epoch === 1).map((e) => e.message.segment.id);
    expect(resent).toEqual(['t07-s02', 't07-s03', 't07-s04', 't07-s05']);
    const count = emitted.length;
    time.advance(30_000);
    expect(emitted.length).toBe(count);
  });

  it('changes rate mid-segment without a jump: the position is continuous and the next segment comes sooner', () => {
    const { time, start, emitted, player } = setup({ lookaheadMs: 0 });
    time.advance(10_000);
    const positionBefore = positionAt(player.clock, time.now());
    player.setRate(2);
    expect(positionAt(player.clock, time.now())).toBe(positionBefore);
    const next = segments.find((s) => s.startMs > positionBefore)!;
    const dueAt = serverTimeAt(player.clock, next.startMs);
    expect(dueAt).toBe(start + 10_000 + (next.startMs - positionBefore) / 2);
    time.advance(Math.ceil(dueAt - time.now()));
    expect(emitted.at(-1)!.message.segment.index).toBe(next.index);
    // Timers have whole-millisecond resolution: never early, less than a millisecond late.
    expect(emitted.at(-1)!.atMs - dueAt).toBeGreaterThanOrEqual(0);
    expect(emitted.at(-1)!.atMs - dueAt).toBeLessThan(1);
  });

  it('ends without looping when loop is off, and play() from ended restarts', () => {
    const { time, clocks, player } = setup({ loop: false, lookaheadMs: 0 });
    time.advance(vienna.durationMs + 60_000);
    expect(clocks.map((c) => c.message.change)).toEqual(['ended']);
    player.play();
    expect(player.clock).toMatchObject({ status: 'playing', positionMs: 0, epoch: 1 });
  });

  it('leaves no timer behind when disposed', () => {
    const { time, player } = setup();
    time.advance(3_000);
    expect(time.pendingTimers).toBe(1);
    player.dispose();
    expect(time.pendingTimers).toBe(0);
  });

  it('keeps recent messages for a client that missed some, and says when it is too far behind', () => {
    const { time, player } = setup({ lookaheadMs: 0 });
    time.advance(60_000);
    const missed = player.log.after(3)!;
    expect(missed.map((m) => m.message.seq)).toEqual(Array.from({ length: player.seq - 3 }, (_, i) => i + 4));
  });
});

describe('room player catch-up for rejoining clients', () => {
  it('resumes with exactly the missed messages while they are in the log', () => {
    const { time, player } = setup({ lookaheadMs: 0 });
    time.advance(60_000);
    const catchUp = player.catchUp('stream-1', 3);
    expect(catchUp.kind).toBe('resume');
    if (catchUp.kind === 'resume') expect(catchUp.messages.map((m) => m.message.seq)).toEqual(range(4, player.seq));
  });

  it('falls back to the epoch segments after lastSeq when the log no longer reaches back', () => {
    const time = new FakeTime();
    const player = new RoomPlayer({
      segments, durationMs: vienna.durationMs, time, sink: { segment: () => {}, clock: () => {} },
      lookaheadMs: 0, loopPauseMs: 5_000, stream: 's', logLimit: 4,
    });
    time.advance(120_000);
    const catchUp = player.catchUp('s', 2);
    expect(catchUp.kind).toBe('epoch');
    if (catchUp.kind === 'epoch') expect(catchUp.segments.map((m) => m.seq)).toEqual(range(3, player.seq));
  });

  it('asks for a snapshot from another stream, a future seq, or a client that missed the epoch change', () => {
    const { time, player } = setup({ lookaheadMs: 0 });
    time.advance(30_000);
    expect(player.catchUp('another', 3).kind).toBe('snapshot');
    expect(player.catchUp('stream-1', player.seq + 1).kind).toBe('snapshot');
    expect(player.catchUp('stream-1', undefined).kind).toBe('snapshot');
  });
});

describe('room player after a server restart', () => {
  it('resumes at the position it should have reached, in a new epoch, numbering on from the saved seq', () => {
    const { time, player } = setup({ lookaheadMs: 0 });
    time.advance(100_000);
    const saved = { clock: player.clock, seq: player.seq };
    player.dispose();
    time.advance(50_000);
    const emitted: SegmentMessage[] = [];
    const resumed = new RoomPlayer({
      segments, durationMs: vienna.durationMs, time, sink: { segment: (m) => emitted.push(m), clock: () => {} },
      lookaheadMs: 0, loopPauseMs: 5_000, stream: 'stream-2', restore: saved,
    });
    expect(positionAt(resumed.clock, time.now())).toBe(150_000);
    expect(resumed.clock.epoch).toBe(saved.clock.epoch + 1);
    expect(emitted[0].seq).toBe(saved.seq + 1);
    const onScreen = segments.filter((s) => s.startMs <= 150_000).at(-1)!;
    expect(emitted.map((m) => m.segment.index)).toContain(onScreen.index);
    expect(emitted.every((m) => m.segment.startMs <= 150_000)).toBe(true);
  });

  it('fast-forwards a looping room through the loops it missed while down', () => {
    const time = new FakeTime();
    const clock = { status: 'playing' as const, positionMs: 0, anchorAtMs: time.now(), rate: 1, loop: true, epoch: 0, durationMs: 10_000 };
    const later = fastForward(clock, time.now() + 3 * 15_000 + 2_000, 5_000);
    expect(later).toMatchObject({ status: 'playing', epoch: 3 });
    expect(positionAt(later, time.now() + 3 * 15_000 + 2_000)).toBe(2_000);
    const inPause = fastForward(clock, time.now() + 12_000, 5_000);
    expect(inPause).toMatchObject({ status: 'ended', epoch: 0 });
    const noLoop = fastForward({ ...clock, loop: false }, time.now() + 99_000, 5_000);
    expect(noLoop).toMatchObject({ status: 'ended', positionMs: 10_000 });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('room player with scheduled commands (cluster mode)', () => {
  const commandArb = fc.oneof(
    fc.constant({ change: 'play' as const }),
    fc.constant({ change: 'pause' as const }),
    fc.constant({ change: 'restart' as const }),
    fc.record({ change: fc.constant('seek' as const), positionMs: fc.integer({ min: 0, max: 700_000 }) }),
    fc.record({ change: fc.constant('rate' as const), rate: fc.constantFrom(0.5, 0.75, 1, 1.5, 2) }),
    fc.record({ change: fc.constant('loop' as const), loop: fc.boolean() }),
  );

  function run(commands: { command: PlannedCommand; atOffsetMs: number }[], stepMs: number, totalMs: number) {
    const time = new FakeTime();
    const start = time.now();
    const log: unknown[] = [];
    const player = new RoomPlayer({
      segments, durationMs: vienna.durationMs, time,
      sink: { segment: (m) => log.push(['segment', m.seq, m.epoch, m.segment.index]), clock: (m) => log.push(['clock', m.seq, m.change, m.clock]) },
      lookaheadMs: 1_000, loopPauseMs: 5_000, stream: 's', loop: true,
    });
    for (const { command, atOffsetMs } of commands) void player.schedule(command, start + atOffsetMs);
    for (let t = 0; t < totalMs; t += stepMs) time.advance(Math.min(stepMs, totalMs - t));
    player.dispose();
    return log;
  }

  it('numbers every message the same way on every node, however its timers fire', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ command: commandArb, atOffsetMs: fc.integer({ min: 0, max: 900_000 }) }), { maxLength: 12 }), (commands) => {
        const a = run(commands, 7, 1_000_000);
        const b = run(commands, 1_013, 1_000_000);
        expect(b).toEqual(a);
      }),
      { numRuns: 40 },
    );
  });

  it('applies a future command at its time, not when it was received', async () => {
    const { time, start, clocks: seen, player } = setup({ lookaheadMs: 0 });
    let applied: ClockState | undefined;
    void player.schedule({ change: 'pause' }, start + 50_000).then((clock) => (applied = clock));
    time.advance(49_999);
    await Promise.resolve();
    expect(applied).toBeUndefined();
    time.advance(1);
    await Promise.resolve();
    expect(applied).toMatchObject({ status: 'paused', positionMs: 50_000, anchorAtMs: start + 50_000 });
    expect(seen.at(-1)!.message.change).toBe('pause');
  });
});
