import { describe, expect, it } from 'vitest';
import { JOIN_CODE_PATTERN, roomCodeFromInput } from '../../../app/lib/presenter/room-code-input';
import { DEFAULT_SETTINGS, MAX_BG_PERCENT, MAX_ROWS, MIN_BG_PERCENT, MIN_ROWS, parseSettings } from '../../../app/lib/viewer-settings';
import { MAX_KEPT_SEGMENTS, MAX_SCROLLBACK_SEGMENTS, initialViewerState, viewerReducer, type ViewerState } from '../../../app/lib/viewer-state';
import type { CaptionSegment, SegmentMessage } from '../../../server/protocol';
import { initialClock } from '../../../server/replay/clock';
import { MAX_ROOM_CODE_LENGTH, MIN_ROOM_CODE_LENGTH, ROOM_CODE_ALPHABET, normaliseRoomCode } from '../../../server/rooms/room-code';

/** The viewer's limits, each met exactly and missed by one: sequence gaps, scrollback, settings, room codes. */

function segment(index: number): CaptionSegment {
  return {
    index,
    id: `s${index}`,
    turn: 1,
    speakerId: 'kerry',
    sourceLang: 'en',
    kind: 'speech',
    text: { en: `Sentence ${index}.` },
    startMs: index * 1_000,
    endMs: index * 1_000 + 900,
    timing: { en: { startMs: index * 1_000, endMs: index * 1_000 + 900 } },
  };
}

const message = (seq: number, index = seq): SegmentMessage => ({ seq, epoch: 0, dueMs: index * 1_000, segment: segment(index) });

const live: ViewerState = { ...initialViewerState, seq: 5, clock: initialClock(600_000, 0, { playing: true, loop: false }), connection: 'live' };
const apply = (state: ViewerState, m: SegmentMessage) => viewerReducer(state, { type: 'segment', message: m });

describe('sequence gaps', () => {
  it('applies the very next message: no gap', () => {
    const next = apply(live, message(live.seq + 1));
    expect(next.seq).toBe(live.seq + 1);
    expect(next.needsResync).toBe(false);
    expect(next.segments.map((m) => m.segment.index)).toEqual([live.seq + 1]);
  });

  it('a single missed message is a gap: nothing applied, resync asked for', () => {
    const next = apply(live, message(live.seq + 2));
    expect(next.seq).toBe(live.seq);
    expect(next.needsResync).toBe(true);
    expect(next.segments).toEqual([]);
  });

  it('the message already applied is a duplicate, ignored', () => {
    expect(apply(live, message(live.seq))).toBe(live);
  });
});

describe('scrollback', () => {
  it(`keeps ${MAX_KEPT_SEGMENTS} segments on screen; one more pushes the oldest out`, () => {
    let state: ViewerState = { ...live, seq: 0 };
    for (let seq = 1; seq <= MAX_KEPT_SEGMENTS; seq++) state = apply(state, message(seq));
    expect(state.segments).toHaveLength(MAX_KEPT_SEGMENTS);
    expect(state.segments[0].seq).toBe(1);
    state = apply(state, message(MAX_KEPT_SEGMENTS + 1));
    expect(state.segments).toHaveLength(MAX_KEPT_SEGMENTS);
    expect(state.segments[0].seq).toBe(2);
    expect(state.history).toHaveLength(MAX_KEPT_SEGMENTS + 1);
  });

  it(`keeps ${MAX_SCROLLBACK_SEGMENTS} segments in the scrollback; one more pushes the oldest out`, () => {
    // Filled to one short of the bound by a fetched transcript, then two live messages.
    const filled = viewerReducer(
      { ...live, seq: 0 },
      { type: 'transcript', epoch: live.clock?.epoch ?? 0, segments: Array.from({ length: MAX_SCROLLBACK_SEGMENTS - 1 }, (_, i) => segment(-MAX_SCROLLBACK_SEGMENTS + i)) },
    );
    expect(filled.history).toHaveLength(MAX_SCROLLBACK_SEGMENTS - 1);
    let state = apply(filled, message(1));
    expect(state.history).toHaveLength(MAX_SCROLLBACK_SEGMENTS);
    expect(state.history[0].segment.index).toBe(-MAX_SCROLLBACK_SEGMENTS);
    state = apply(state, message(2));
    expect(state.history).toHaveLength(MAX_SCROLLBACK_SEGMENTS);
    expect(state.history[0].segment.index).toBe(-MAX_SCROLLBACK_SEGMENTS + 1);
    expect(state.history.at(-1)?.seq).toBe(2);
  });
});

describe('viewer settings from a link', () => {
  // A base that differs from every limit, so "refused" (the base kept) cannot look like "accepted".
  const base = { ...DEFAULT_SETTINGS, rows: 3 as const, bg: 50 };

  it.each([
    ['fewest rows', MIN_ROWS, MIN_ROWS - 1],
    ['most rows', MAX_ROWS, MAX_ROWS + 1],
  ])('%s: %d is taken, %d is not', (_which, at, past) => {
    expect(parseSettings(new URLSearchParams({ rows: String(at) }), base).rows).toBe(at);
    expect(parseSettings(new URLSearchParams({ rows: String(past) }), base).rows).toBe(base.rows);
  });

  it.each([
    ['no background', MIN_BG_PERCENT, MIN_BG_PERCENT - 1],
    ['an opaque background', MAX_BG_PERCENT, MAX_BG_PERCENT + 1],
  ])('%s: %d percent is taken as is; %d is held at the limit', (_which, at, past) => {
    expect(parseSettings(new URLSearchParams({ bg: String(at) }), base).bg).toBe(at);
    expect(parseSettings(new URLSearchParams({ bg: String(past) }), base).bg).toBe(at);
  });
});

describe('room codes', () => {
  const code = (n: number) => ROOM_CODE_ALPHABET.slice(0, n);

  it.each([
    ['shortest', MIN_ROOM_CODE_LENGTH, MIN_ROOM_CODE_LENGTH - 1],
    ['longest', MAX_ROOM_CODE_LENGTH, MAX_ROOM_CODE_LENGTH + 1],
  ])('the %s code (%d characters) is a code, %d characters are not, on the server and in the join box', (_which, at, past) => {
    expect(normaliseRoomCode(code(at))).toBe(code(at));
    expect(normaliseRoomCode(code(past))).toBeUndefined();
    expect(roomCodeFromInput(code(at))).toBe(code(at));
    expect(roomCodeFromInput(code(past))).toBeUndefined();
    expect(JOIN_CODE_PATTERN.test(code(at))).toBe(true);
  });
});
