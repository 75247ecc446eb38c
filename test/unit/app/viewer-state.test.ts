import { describe, expect, it } from 'vitest';
import { initialViewerState, MAX_KEPT_SEGMENTS, stateFromSnapshot, viewerReducer, type ViewerEvent, type ViewerState } from '../../../app/lib/viewer-state';
import type { CaptionSegment, ClockState, RoomMessage, RoomSnapshot, SegmentMessage } from '../../../server/protocol';

const clock: ClockState = { status: 'playing', positionMs: 0, anchorAtMs: 0, rate: 1, loop: true, epoch: 0, durationMs: 60_000 };
const segment = (index: number): CaptionSegment => ({
  index,
  id: `s${index}`,
  turn: 0,
  speakerId: 'kerry',
  sourceLang: 'en',
  kind: 'speech',
  text: { en: `Sentence ${index}.` },
  startMs: index * 1_000,
  endMs: index * 1_000 + 900,
  timing: { en: { startMs: index * 1_000, endMs: index * 1_000 + 900 } },
});
const message = (seq: number, index: number, epoch = 0): SegmentMessage => ({ seq, epoch, dueMs: index * 1_000, segment: segment(index) });
const snapshot: RoomSnapshot = {
  protocolVersion: 2,
  room: { code: 'PRESS', transcriptId: 't', title: 'T', attribution: 'A', languages: ['en'], speakers: [] },
  stream: 'stream-1',
  clock,
  serverNowMs: 0,
  seq: 2,
  segments: [message(1, 0), message(2, 1)],
};
const start = (): ViewerState => stateFromSnapshot({ mode: 'snapshot', snapshot });

describe('viewer state', () => {
  it('applies the next message in sequence', () => {
    const next = viewerReducer(start(), { type: 'segment', message: message(3, 2) });
    expect(next.seq).toBe(3);
    expect(next.segments.map((m) => m.segment.index)).toEqual([0, 1, 2]);
  });

  it('ignores a duplicate, so no line is shown twice', () => {
    const once = viewerReducer(start(), { type: 'segment', message: message(3, 2) });
    const twice = viewerReducer(once, { type: 'segment', message: message(3, 2) });
    expect(twice).toBe(once);
  });

  it('notices a gap and asks to resync instead of skipping a line', () => {
    const next = viewerReducer(start(), { type: 'segment', message: message(5, 4) });
    expect(next.needsResync).toBe(true);
    expect(next.seq).toBe(2);
    expect(next.segments).toHaveLength(2);
  });

  it.each([
    ['one message', 4],
    ['two messages', 5],
    ['many messages', 40],
  ])('asks to resync when %s went missing, showing nothing out of order', (_what, seq) => {
    const next = viewerReducer(start(), { type: 'segment', message: message(seq, seq - 1) });
    expect(next.needsResync).toBe(true);
    expect(next.seq).toBe(2);
    expect(next.segments.map((m) => m.segment.index)).toEqual([0, 1]);
    expect(next.history.map((m) => m.segment.index)).toEqual([0, 1]);
  });

  it('asks to resync when a clock change went missing, and keeps its clock until then', () => {
    const next = viewerReducer(start(), { type: 'clock', message: { seq: 4, change: 'pause', clock: { ...clock, status: 'paused' } } });
    expect(next.needsResync).toBe(true);
    expect(next.clock).toEqual(clock);
    expect(next.seq).toBe(2);
  });

  it('fills a gap from a resume, in order, and clears the resync flag', () => {
    const gapped = viewerReducer(start(), { type: 'segment', message: message(5, 4) });
    const resumed = viewerReducer(gapped, {
      type: 'joined',
      result: {
        mode: 'resume',
        room: snapshot.room,
        stream: 'stream-1',
        clock,
        serverNowMs: 0,
        messages: [3, 4, 5].map((seq) => ({ type: 'segment' as const, message: message(seq, seq - 1) })),
      },
    });
    expect(resumed.needsResync).toBe(false);
    expect(resumed.seq).toBe(5);
    expect(resumed.segments.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('clears the screen on a new epoch and drops segments sent ahead for the old one', () => {
    const seeked = viewerReducer(start(), {
      type: 'clock',
      message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, positionMs: 30_000 } },
    });
    expect(seeked.segments).toEqual([]);
    const stale = viewerReducer(seeked, { type: 'segment', message: message(4, 2, 0) });
    expect(stale.segments).toEqual([]);
    expect(stale.seq).toBe(4);
    const fresh = viewerReducer(stale, { type: 'segment', message: message(5, 30, 1) });
    expect(fresh.segments.map((m) => m.segment.index)).toEqual([30]);
  });
});

describe('viewer state on rejoin', () => {
  it('merges a catch-up snapshot of the same stream and epoch without losing or doubling a line', () => {
    const state = start();
    const caughtUp = viewerReducer(state, {
      type: 'joined',
      result: { mode: 'snapshot', snapshot: { ...snapshot, seq: 6, segments: [message(2, 1), message(5, 4), message(6, 5)] } },
    });
    expect(caughtUp.segments.map((m) => m.segment.index)).toEqual([0, 1, 4, 5]);
    expect(caughtUp.seq).toBe(6);
  });

  it('starts afresh from a snapshot of another stream (the server restarted)', () => {
    const state = viewerReducer(start(), { type: 'segment', message: message(3, 2) });
    const restarted = viewerReducer(state, {
      type: 'joined',
      result: { mode: 'snapshot', snapshot: { ...snapshot, stream: 'stream-2', seq: 1, segments: [message(1, 2, 1)], clock: { ...clock, epoch: 1 } } },
    });
    expect(restarted.stream).toBe('stream-2');
    expect(restarted.seq).toBe(1);
    expect(restarted.segments.map((m) => [m.epoch, m.segment.index])).toEqual([[1, 2]]);
  });

  it('ignores a segment of the current epoch it already shows, even under a new sequence number', () => {
    const next = viewerReducer(start(), { type: 'segment', message: { ...message(3, 1) } });
    expect(next.segments.map((m) => m.segment.index)).toEqual([0, 1]);
    expect(next.seq).toBe(3);
  });
});

const indices = (messages: readonly SegmentMessage[]) => messages.map((m) => [m.epoch, m.segment.index]);
const apply = (state: ViewerState, ...events: ViewerEvent[]) => events.reduce(viewerReducer, state);
const resume = (messages: RoomMessage[], resumeClock: ClockState = clock): ViewerEvent => ({
  type: 'joined',
  result: { mode: 'resume', room: snapshot.room, stream: 'stream-1', clock: resumeClock, serverNowMs: 0, messages },
});

describe('viewer state from the first message', () => {
  it('starts connecting, with nothing on screen, expecting message 1', () => {
    expect(initialViewerState).toEqual({ seq: 0, segments: [], history: [], connection: 'connecting', needsResync: false });
    const first = viewerReducer(initialViewerState, { type: 'segment', message: message(1, 0) });
    expect(first.needsResync).toBe(false);
    expect(indices(first.segments)).toEqual([[0, 0]]);
    expect(indices(first.history)).toEqual([[0, 0]]);
  });

  it('takes a first clock message without a clock before it', () => {
    const first = viewerReducer(initialViewerState, { type: 'clock', message: { seq: 1, change: 'play', clock } });
    expect(first.clock).toEqual(clock);
    expect(first.seq).toBe(1);
  });

  it('shows the connection status, and keeps the same state when it does not change', () => {
    const state = start();
    const lost = viewerReducer(state, { type: 'connection', status: 'reconnecting' });
    expect(lost.connection).toBe('reconnecting');
    expect(lost.segments).toBe(state.segments);
    expect(viewerReducer(lost, { type: 'connection', status: 'reconnecting' })).toBe(lost);
  });

  it('shows from a snapshot only the segments of its current epoch', () => {
    const state = stateFromSnapshot({ mode: 'snapshot', snapshot: { ...snapshot, clock: { ...clock, epoch: 1 }, segments: [message(1, 0, 0), message(2, 5, 1)] } });
    expect(indices(state.segments)).toEqual([[1, 5]]);
    expect(indices(state.history)).toEqual([[1, 5]]);
  });
});

describe('viewer state across epochs', () => {
  it('keeps the clock and the lines on a clock change within the epoch (a rate change)', () => {
    const faster = viewerReducer(start(), { type: 'clock', message: { seq: 3, change: 'rate', clock: { ...clock, rate: 2 } } });
    expect(faster.clock?.rate).toBe(2);
    expect(indices(faster.segments)).toEqual([[0, 0], [0, 1]]);
  });

  it('shows a segment again in a new epoch (a seek back), and keeps both in the scrollback', () => {
    const seekedBack = apply(
      start(),
      // Sought back 2 s into the room, when segments 0 and 1 had been shown whole.
      { type: 'clock', message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, anchorAtMs: 2_000 } } },
      { type: 'segment', message: message(4, 1, 1) },
    );
    expect(indices(seekedBack.segments)).toEqual([[1, 1]]);
    expect(indices(seekedBack.history)).toEqual([[0, 0], [0, 1], [1, 1]]);
  });

  it(`keeps at most ${MAX_KEPT_SEGMENTS} segments on screen, dropping the oldest, and all of them in the scrollback`, () => {
    // Joined with one line short of the bound, then five more: the bound is passed without thousands of steps.
    const shownAtJoin = Array.from({ length: MAX_KEPT_SEGMENTS - 1 }, (_, i) => message(i + 1, i));
    let state = stateFromSnapshot({ mode: 'snapshot', snapshot: { ...snapshot, seq: shownAtJoin.length, segments: shownAtJoin } });
    const count = MAX_KEPT_SEGMENTS + 5;
    for (let i = shownAtJoin.length; i < count; i++) state = viewerReducer(state, { type: 'segment', message: message(i + 1, i) });
    expect(state.seq).toBe(count);
    expect(state.segments).toHaveLength(MAX_KEPT_SEGMENTS);
    expect(state.history).toHaveLength(count);
    expect(state.segments[0].segment.index).toBe(5);
    expect(state.history[0].segment.index).toBe(0);
    expect(state.segments.at(-1)?.segment.index).toBe(count - 1);
    expect(state.history.at(-1)?.segment.index).toBe(count - 1);
  });
});

describe('viewer state on rejoin: what is merged and what starts afresh', () => {
  // On screen: segments 0, 1, 2 of epoch 0; the viewer lost its connection.
  const shown = () => apply(start(), { type: 'segment', message: message(3, 2) }, { type: 'connection', status: 'reconnecting' });
  // Taken 3 s in, when segments 0, 1 and 2 had been shown whole.
  const later = { ...snapshot, seq: 4, serverNowMs: 3_000, segments: [message(3, 2), message(4, 3)] };

  it('merges a snapshot of the same stream, room and epoch: goes live, clears the resync, keeps the lines', () => {
    const gapped = viewerReducer(shown(), { type: 'segment', message: message(9, 8) });
    const merged = viewerReducer(gapped, { type: 'joined', result: { mode: 'snapshot', snapshot: later } });
    expect(indices(merged.segments)).toEqual([[0, 0], [0, 1], [0, 2], [0, 3]]);
    expect(indices(merged.history)).toEqual([[0, 0], [0, 1], [0, 2], [0, 3]]);
    expect(merged).toMatchObject({ seq: 4, needsResync: false, connection: 'live' });
  });

  it('keeps the same scrollback when a merged snapshot brings nothing new', () => {
    const state = shown();
    const merged = viewerReducer(state, { type: 'joined', result: { mode: 'snapshot', snapshot: { ...snapshot, seq: 3, segments: [message(3, 2)] } } });
    expect(merged.history).toBe(state.history);
  });

  it.each([
    ['another room', { ...later, room: { ...snapshot.room, code: 'OTHER' } }],
    ['another stream', { ...later, stream: 'stream-2' }],
    ['another epoch', { ...later, clock: { ...clock, epoch: 1 }, segments: [message(3, 2, 1), message(4, 3, 1)] }],
  ])('starts afresh from a snapshot of %s, live, keeping the scrollback', (_what, fresh) => {
    const state = viewerReducer(shown(), { type: 'joined', result: { mode: 'snapshot', snapshot: fresh } });
    const epoch = fresh.clock.epoch;
    expect(indices(state.segments)).toEqual([[epoch, 2], [epoch, 3]]);
    expect(state.connection).toBe('live');
    expect(state.room?.code).toBe(fresh.room.code);
    // The scrollback keeps what was shown and never lists a line twice.
    expect(indices(state.history)).toEqual(epoch === 0 ? [[0, 0], [0, 1], [0, 2], [0, 3]] : [[0, 0], [0, 1], [0, 2], [1, 2], [1, 3]]);
  });

  it('goes live on a resume and takes its clock, even with no message missed', () => {
    const resumed = viewerReducer(shown(), resume([], { ...clock, rate: 1.5 }));
    expect(resumed).toMatchObject({ connection: 'live', needsResync: false, seq: 3 });
    expect(resumed.clock?.rate).toBe(1.5);
  });

  it('keeps the newer clock when a resumed clock change is newer than the resume clock', () => {
    const seek = { ...clock, epoch: 2, positionMs: 9_000 };
    const resumed = viewerReducer(shown(), resume([{ type: 'clock', message: { seq: 4, change: 'seek', clock: seek } }], { ...clock, epoch: 1 }));
    expect(resumed.clock).toEqual(seek);
  });

  it('takes the resume clock on a first join that is a resume', () => {
    const resumed = viewerReducer(initialViewerState, resume([], { ...clock, epoch: 3 }));
    expect(resumed.clock?.epoch).toBe(3);
    expect(resumed.connection).toBe('live');
  });
});
