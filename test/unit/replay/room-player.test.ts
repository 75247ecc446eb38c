import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaptionSegment, ClockMessage, ClockState, SegmentMessage } from '../../../server/protocol';
import { fastForward, positionAt, serverTimeAt } from '../../../server/replay/clock';
import { RoomPlayer, SNAPSHOT_SEGMENTS, type PlannedCommand } from '../../../server/replay/room-player';
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

/**
 * A small transcript whose times and turns are chosen for the edges: turn 1 is two segments, turn
 * 2 five (longer than the seek context), turn 3 one; the media ends 2 s after the last segment.
 */
const SMALL: CaptionSegment[] = [
  [1, 1_000], [1, 2_000], [2, 3_000], [2, 4_000], [2, 5_000], [2, 6_000], [2, 7_000], [3, 8_000],
].map(([turn, startMs], index) => ({
  index, id: `s${index}`, turn, speakerId: `p${turn}`, sourceLang: 'en', kind: 'speech',
  text: { en: `line ${index}` }, startMs, endMs: startMs + 900, timing: {},
}));
const SMALL_DURATION_MS = 10_000;
const LOOP_PAUSE_MS = 5_000;

type Seen =
  | { kind: 'segment'; seq: number; epoch: number; index: number; atMs: number }
  | { kind: 'clock'; seq: number; change: string; automatic: boolean; atMs: number };

function small(options: Partial<ConstructorParameters<typeof RoomPlayer>[0]> = {}) {
  const time = new FakeTime();
  const start = time.now();
  const seen: Seen[] = [];
  const player = new RoomPlayer({
    segments: SMALL, durationMs: SMALL_DURATION_MS, time, lookaheadMs: 0, loopPauseMs: LOOP_PAUSE_MS, stream: 's',
    sink: {
      segment: (m) => seen.push({ kind: 'segment', seq: m.seq, epoch: m.epoch, index: m.segment.index, atMs: time.now() }),
      clock: (m, automatic) => seen.push({ kind: 'clock', seq: m.seq, change: m.change, automatic, atMs: time.now() }),
    },
    ...options,
  });
  const indexes = (epoch?: number) => seen.flatMap((s) => (s.kind === 'segment' && (epoch === undefined || s.epoch === epoch) ? [s.index] : []));
  const changes = () => seen.flatMap((s) => (s.kind === 'clock' ? [`${s.change}${s.automatic ? ' (automatic)' : ''}`] : []));
  return { time, start, seen, player, indexes, changes };
}

describe('room player at the edges (a small transcript)', () => {
  it('plays and does not loop unless told to', () => {
    const { time, player, changes } = small();
    expect(player.clock).toMatchObject({ status: 'playing', loop: false });
    time.advance(SMALL_DURATION_MS + LOOP_PAUSE_MS + 1_000);
    expect(changes()).toEqual(['ended (automatic)']);
  });

  it('marks the end and a loop restart as automatic, and every command as not', () => {
    const { time, player, changes } = small({ loop: true });
    time.advance(SMALL_DURATION_MS + LOOP_PAUSE_MS);
    expect(changes()).toEqual(['ended (automatic)', 'restart (automatic)']);
    player.pause();
    player.play();
    player.seek(4_000);
    player.setRate(2);
    player.setLoop(false);
    player.restart();
    expect(changes().slice(2)).toEqual(['pause', 'play', 'seek', 'rate', 'loop', 'restart']);
  });

  it('a presenter restart starts from the top in a new epoch and sends the first segment again', () => {
    const { time, start, player, seen, indexes } = small();
    time.advance(5_500);
    expect(indexes()).toEqual([0, 1, 2, 3, 4]);
    player.restart();
    expect(player.clock).toMatchObject({ status: 'playing', positionMs: 0, epoch: 1, anchorAtMs: start + 5_500 });
    time.advance(1_000);
    expect(indexes(1)).toEqual([0]);
    expect(seen.at(-1)).toMatchObject({ kind: 'segment', index: 0, atMs: start + 6_500 });
  });

  it('loops after the end once looping is switched on mid-play', () => {
    const { time, start, seen, player, changes } = small();
    time.advance(2_000);
    player.setLoop(true);
    expect(player.clock.loop).toBe(true);
    time.advance(SMALL_DURATION_MS - 2_000 + LOOP_PAUSE_MS);
    expect(changes()).toEqual(['loop', 'ended (automatic)', 'restart (automatic)']);
    expect(seen.filter((s) => s.kind === 'clock').at(-1)!.atMs).toBe(start + SMALL_DURATION_MS + LOOP_PAUSE_MS);
  });

  it.each([
    // [seek to (ms), segments resent: the one on screen and up to three before it from its turn]
    [500, []], // before the first segment: nothing yet
    [1_000, [0]], // exactly at the first segment's start: it is on screen
    [2_000, [0, 1]], // the context stops at the start of the transcript
    [3_000, [2]], // first of its turn: no context from the turn before
    [6_999, [2, 3, 4, 5]],
    [7_000, [3, 4, 5, 6]], // exactly at a start: that segment, and three (not four) of context
    [9_500, [7]], // after the last segment's start
  ])('paused, a seek to %i ms resends %j and nothing more until play', (positionMs, resent) => {
    const { time, player, indexes } = small({ playing: false });
    player.seek(positionMs);
    expect(indexes(1)).toEqual(resent);
    time.advance(30_000);
    expect(indexes(1)).toEqual(resent);
    player.play();
    time.advance(SMALL_DURATION_MS);
    // Then it plays on from there: every later segment once, in order.
    const next = SMALL.filter((s) => s.startMs > positionMs).map((s) => s.index);
    expect(indexes(1)).toEqual([...resent, ...next]);
  });

  it('applies commands for one instant in the order they came, and later ones in time order', async () => {
    const { time, start, player, changes } = small();
    const resolved: string[] = [];
    const plan: [PlannedCommand, number][] = [
      [{ change: 'seek', positionMs: 6_000 }, 2_000],
      [{ change: 'pause' }, 3_000],
      [{ change: 'rate', rate: 2 }, 2_000],
      [{ change: 'play' }, 2_000],
      [{ change: 'loop', loop: true }, 1_000],
    ];
    const done = plan.map(([command, at]) => player.schedule(command, start + at).then(() => resolved.push(command.change)));
    time.advance(3_000);
    await Promise.all(done);
    expect(changes()).toEqual(['loop', 'seek', 'rate', 'play', 'pause']);
    expect(resolved).toEqual(['loop', 'seek', 'rate', 'play', 'pause']);
    // At 2 s: seek to 6 s, then 1 s at rate 2 is 2 s of media.
    expect(player.clock).toMatchObject({ status: 'paused', positionMs: 8_000, rate: 2, loop: true });
  });

  it('at one instant, a command goes before the segment due then', () => {
    const { time, start, player, seen } = small();
    void player.schedule({ change: 'pause' }, start + 3_000);
    time.advance(3_000);
    // The pause is numbered first; the paused room still shows the segment at its position.
    expect(seen.slice(-2)).toMatchObject([
      { kind: 'clock', change: 'pause', atMs: start + 3_000 },
      { kind: 'segment', index: 2, atMs: start + 3_000 },
    ]);
    expect(seen.at(-1)!.seq).toBe(seen.at(-2)!.seq + 1);
  });

  it('at one instant, a command goes before the automatic end', () => {
    const { time, start, player, changes } = small();
    void player.schedule({ change: 'pause' }, start + SMALL_DURATION_MS);
    time.advance(SMALL_DURATION_MS + 60_000);
    expect(changes()).toEqual(['pause']);
    expect(player.clock).toMatchObject({ status: 'paused', positionMs: SMALL_DURATION_MS });
  });

  it('a disposed player acts on nothing: no command, no scheduled command, no timer', () => {
    const { time, player, seen } = small();
    time.advance(2_500);
    const before = [...seen];
    const clock = player.clock;
    player.dispose();
    expect(player.pause()).toBe(clock);
    expect(player.seek(7_000)).toBe(clock);
    void player.schedule({ change: 'restart' }, time.now());
    time.advance(SMALL_DURATION_MS + LOOP_PAUSE_MS);
    expect(seen).toEqual(before);
    expect(player.clock).toBe(clock);
    expect(time.pendingTimers).toBe(0);
  });

  it('sends what is already due while it is being created, before any timer', () => {
    const { seen } = small({ segments: [{ ...SMALL[0], startMs: 0 }, ...SMALL.slice(1)] });
    expect(seen).toMatchObject([{ kind: 'segment', index: 0 }]);
  });

  it('in a cluster, starts exactly from the origin clock and seq, even when that clock is in the past', () => {
    const time = new FakeTime();
    const origin = {
      clock: { status: 'playing' as const, positionMs: 7_000, anchorAtMs: time.now() - 2_000, rate: 1, loop: false, epoch: 4, durationMs: SMALL_DURATION_MS },
      seq: 40,
    };
    const sent: SegmentMessage[] = [];
    const player = new RoomPlayer({
      segments: SMALL, durationMs: SMALL_DURATION_MS, time, lookaheadMs: 0, loopPauseMs: LOOP_PAUSE_MS, stream: 's', origin,
      sink: { segment: (m) => sent.push(m), clock: () => {} },
    });
    // No fast-forward and no new epoch: the context of the origin position, then what fell due since.
    expect(player.clock).toBe(origin.clock);
    expect(sent.map((m) => [m.seq, m.epoch, m.segment.index])).toEqual([[41, 4, 3], [42, 4, 4], [43, 4, 5], [44, 4, 6], [45, 4, 7]]);
  });

  it('after a restart, takes the duration of the transcript it replays, not the saved one', () => {
    const time = new FakeTime();
    const saved = { clock: { status: 'paused' as const, positionMs: 1_000, anchorAtMs: time.now(), rate: 1, loop: false, epoch: 0, durationMs: 99_000 }, seq: 7 };
    const player = new RoomPlayer({
      segments: SMALL, durationMs: SMALL_DURATION_MS, time, lookaheadMs: 0, loopPauseMs: LOOP_PAUSE_MS, stream: 's', restore: saved,
      sink: { segment: () => {}, clock: () => {} },
    });
    expect(player.clock).toMatchObject({ durationMs: SMALL_DURATION_MS, epoch: 1, positionMs: 1_000 });
    expect(player.seq).toBe(8);
  });

  it('catches up a client that is up to date with nothing, and one just before the epoch with the whole epoch', () => {
    const { time, player, seen } = small({ logLimit: 2 });
    time.advance(2_500);
    player.seek(5_000); // opens epoch 1 with seq 3
    time.advance(2_000); // and sends 2,3,4 (context) then 5, 6
    const seek = seen.find((s) => s.kind === 'clock' && s.change === 'seek')!;
    expect(player.catchUp('s', player.seq)).toEqual({ kind: 'resume', messages: [] });
    // The log holds only the last two: the epoch's segments are what a client in it is owed.
    const owed = player.catchUp('s', seek.seq - 1);
    expect(owed.kind).toBe('epoch');
    if (owed.kind === 'epoch') expect(owed.segments.map((m) => m.segment.index)).toEqual([2, 3, 4, 5, 6]);
    const later = player.catchUp('s', seek.seq + 1);
    if (later.kind === 'epoch') expect(later.segments.map((m) => m.segment.index)).toEqual([3, 4, 5, 6]);
    expect(later.kind).toBe('epoch');
    // A client from before the epoch never got its clock: only a snapshot helps it.
    expect(player.catchUp('s', seek.seq - 2)).toEqual({ kind: 'snapshot' });
  });

  it('a new room is caught up from its first message while the log reaches back, and by its epoch after', () => {
    const { time, player } = small({ logLimit: 2 });
    time.advance(4_500);
    const owed = player.catchUp('s', 0);
    expect(owed.kind).toBe('epoch');
    if (owed.kind === 'epoch') expect(owed.segments.map((m) => m.segment.index)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the current epoch\'s latest segments for a snapshot, at most SNAPSHOT_SEGMENTS by default', () => {
    const { time, player } = setup({ lookaheadMs: 0 });
    time.advance(segments[29].startMs);
    expect(player.recentSegments().map((m) => m.segment.index)).toEqual(segments.slice(30 - SNAPSHOT_SEGMENTS, 30).map((s) => s.index));
    expect(player.recentSegments(3).map((m) => m.segment.index)).toEqual(segments.slice(27, 30).map((s) => s.index));
    player.seek(segments[0].startMs);
    expect(player.recentSegments().map((m) => m.segment.index)).toEqual([segments[0].index]);
  });
});

describe('room player at the edges, continued', () => {
  it('reports a scheduling error for each segment, and none for a command or the end', () => {
    const errors: number[] = [];
    const { time, start, player } = small({ onSegmentScheduled: (errorMs) => errors.push(errorMs) });
    void player.schedule({ change: 'rate', rate: 1 }, start + 4_500);
    time.advance(SMALL_DURATION_MS + 1_000);
    expect(player.clock.status).toBe('ended');
    expect(errors).toEqual(SMALL.map(() => 0));
  });

  it('a room that had ended when the server stopped stays ended, showing nothing, after the restart', () => {
    const time = new FakeTime();
    const saved = { clock: { status: 'ended' as const, positionMs: SMALL_DURATION_MS, anchorAtMs: time.now() - 1_000, rate: 1, loop: false, epoch: 2, durationMs: SMALL_DURATION_MS }, seq: 30 };
    const seen: unknown[] = [];
    const player = new RoomPlayer({
      segments: SMALL, durationMs: SMALL_DURATION_MS, time, lookaheadMs: 0, loopPauseMs: LOOP_PAUSE_MS, stream: 's', restore: saved,
      sink: { segment: (m) => seen.push(m), clock: (m) => seen.push(m) },
    });
    time.advance(60_000);
    expect(seen).toEqual([]);
    expect(player.clock).toMatchObject({ status: 'ended', epoch: 3 });
    expect(time.pendingTimers).toBe(0);
  });
});

describe('room player at the edges, last', () => {
  it('names its stream and transcript, and has sent nothing before its first segment', () => {
    const { player } = small({ playing: false });
    expect(player.stream).toBe('s');
    expect(player.segments).toBe(SMALL);
    expect(player.recentSegments()).toEqual([]);
  });

  it('a looping room that is paused stays paused: only the end starts the loop pause', () => {
    const { time, player, changes } = small({ loop: true });
    time.advance(2_500);
    player.pause();
    time.advance(SMALL_DURATION_MS + LOOP_PAUSE_MS);
    expect(changes()).toEqual(['pause']);
    expect(player.clock).toMatchObject({ status: 'paused', positionMs: 2_500, epoch: 0 });
  });

  it('a command due after the end waits for it: the room ends first', () => {
    const { time, start, player, changes } = small();
    void player.schedule({ change: 'seek', positionMs: 1_000 }, start + SMALL_DURATION_MS + 1_000);
    time.advance(SMALL_DURATION_MS + 2_000);
    expect(changes()).toEqual(['ended (automatic)', 'seek']);
  });

  it('resumes a client with the missed messages as they were sent, clock changes and segments', () => {
    const { time, player, seen } = small();
    time.advance(2_500);
    player.pause();
    const caughtUp = player.catchUp('s', 1);
    expect(caughtUp.kind).toBe('resume');
    if (caughtUp.kind === 'resume') expect(caughtUp.messages.map((m) => [m.type, m.message.seq])).toEqual([['segment', 2], ['clock', 3]]);
    expect(seen.map((s) => s.seq)).toEqual([1, 2, 3]);
  });
});
