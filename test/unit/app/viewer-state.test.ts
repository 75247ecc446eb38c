import { describe, expect, it } from 'vitest';
import { stateFromSnapshot, viewerReducer, type ViewerState } from '../../../app/lib/viewer-state';
import type { CaptionSegment, ClockState, RoomSnapshot, SegmentMessage } from '../../../server/protocol';

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
  protocolVersion: 1,
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
