import type { CaptionSegment, ClockMessage, ClockState, JoinResult, RoomInfo, RoomMessage, SegmentMessage } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { finishedBy } from './viewer-at';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * What a viewer knows about its room. Applied strictly in sequence order: a message at or below
 * `seq` is a duplicate and ignored; one beyond `seq + 1` means something was missed, and the
 * viewer asks to resume from `seq`.
 */
export interface ViewerState {
  readonly room?: RoomInfo;
  /** The room's message stream that `seq` belongs to. */
  readonly stream?: string;
  readonly clock?: ClockState;
  /** Last applied sequence number. */
  readonly seq: number;
  /** Segments of the current epoch, in sequence order. */
  readonly segments: readonly SegmentMessage[];
  /**
   * The scrollback: every segment of this session, across seeks and restarts, oldest first
   * (bounded). An earlier epoch keeps only the languages its lanes finished before it ended; the
   * current epoch holds what was sent, and `scrollbackAt` trims it to the position.
   */
  readonly history: readonly SegmentMessage[];
  readonly connection: ConnectionStatus;
  /** Set when a gap was seen; cleared by the next join result. */
  readonly needsResync: boolean;
}

export type ViewerEvent =
  | { type: 'joined'; result: JoinResult }
  | { type: 'segment'; message: SegmentMessage }
  | { type: 'clock'; message: ClockMessage }
  | { type: 'connection'; status: ConnectionStatus }
  /** The transcript from its start, fetched over HTTP after a late join, for the epoch it was asked in. */
  | { type: 'transcript'; epoch: number; segments: readonly CaptionSegment[] };

/** Segments of the current epoch kept for the lanes: far more than any screen shows. */
export const MAX_KEPT_SEGMENTS = 2_000;

/**
 * Scrollback kept in memory: as many segments as the largest transcript a room may play
 * (MAX_SEGMENTS in server/transcript/import-upload.ts, about 20 hours of speech), so one whole
 * event always fits; a room looping for days keeps its newest.
 */
export const MAX_SCROLLBACK_SEGMENTS = 10_000;

export const initialViewerState: ViewerState = {
  seq: 0,
  segments: [],
  history: [],
  connection: 'connecting',
  needsResync: false,
};

export function viewerReducer(state: ViewerState, event: ViewerEvent): ViewerState {
  switch (event.type) {
    case 'connection':
      return state.connection === event.status ? state : { ...state, connection: event.status };
    case 'joined':
      return applyJoin(state, event.result);
    case 'segment':
    case 'clock':
      return applyMessage(state, event);
    case 'transcript':
      return applyTranscript(state, event.epoch, event.segments);
    default:
      return assertNever(event);
  }
}

export function stateFromSnapshot(result: Extract<JoinResult, { mode: 'snapshot' }>): ViewerState {
  const { snapshot } = result;
  return {
    ...initialViewerState,
    room: snapshot.room,
    stream: snapshot.stream,
    clock: snapshot.clock,
    seq: snapshot.seq,
    segments: snapshot.segments.filter((m) => m.epoch === snapshot.clock.epoch),
    history: snapshot.segments.filter((m) => m.epoch === snapshot.clock.epoch),
  };
}

function applyJoin(state: ViewerState, result: JoinResult): ViewerState {
  if (result.mode === 'snapshot') {
    const { snapshot } = result;
    const sameEpoch =
      // Stryker disable next-line OptionalChaining: a state with the stream has its room and clock too (every join sets all three)
      state.stream === snapshot.stream && state.room?.code === snapshot.room.code && state.clock?.epoch === snapshot.clock.epoch;
    if (sameEpoch) {
      // Caught up from the epoch's segments: keep what is on screen, add only what is new.
      const added = snapshot.segments.filter((m) => !hasSegment(state.segments, m));
      return {
        ...state,
        clock: snapshot.clock,
        seq: snapshot.seq,
        segments: [...state.segments, ...added],
        history: appendHistory(state.history, added),
        needsResync: false,
        connection: 'live',
      };
    }
    const fresh = stateFromSnapshot(result);
    const settled = settleEpoch(state.history, state.clock, snapshot.serverNowMs);
    return { ...fresh, connection: 'live', history: appendHistory(settled, fresh.segments) };
  }
  let next: ViewerState = { ...state, room: result.room, stream: result.stream, needsResync: false, connection: 'live' };
  for (const message of result.messages) next = applyMessage(next, message);
  // The resume's clock is the newest; it also covers a resume with no messages.
  if (result.clock.epoch < (next.clock?.epoch ?? 0)) return next;
  const history = result.clock.epoch === next.clock?.epoch ? next.history : settleEpoch(next.history, next.clock, result.clock.anchorAtMs);
  return { ...next, clock: result.clock, history };
}

function applyMessage(state: ViewerState, entry: RoomMessage): ViewerState {
  const { seq } = entry.message;
  if (seq <= state.seq) return state;
  if (seq > state.seq + 1) return state.needsResync ? state : { ...state, needsResync: true };
  if (entry.type === 'clock') {
    const clock = entry.message.clock;
    const newEpoch = clock.epoch !== state.clock?.epoch;
    if (!newEpoch) return { ...state, seq, clock };
    return { ...state, seq, clock, segments: [], history: settleEpoch(state.history, state.clock, clock.anchorAtMs) };
  }
  const message = entry.message;
  if (state.clock && message.epoch !== state.clock.epoch) return { ...state, seq };
  // Never render a segment twice, even if a resend overlaps what is on screen.
  if (hasSegment(state.segments, message)) return { ...state, seq };
  const segments = [...state.segments.slice(-MAX_KEPT_SEGMENTS + 1), message];
  return { ...state, seq, segments, history: appendHistory(state.history, [message]) };
}

/**
 * Closes the scrollback of the epoch `clock` belonged to, which ended at server time `endedAtMs`:
 * a language's line stays only if its lane had finished it by then, so a seek or a restart never
 * leaves in the scrollback what was sent ahead but never shown.
 */
function settleEpoch(history: readonly SegmentMessage[], clock: ClockState | undefined, endedAtMs: number): readonly SegmentMessage[] {
  if (!clock) return history;
  const reachedMs = positionAt(clock, endedAtMs);
  const out: SegmentMessage[] = [];
  for (const m of history) {
    if (m.epoch !== clock.epoch) out.push(m);
    else {
      const trimmed = finishedBy(m, reachedMs);
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}

/**
 * Adds the transcript fetched over HTTP (from its start up to the viewer's position, asked in
 * `epoch`) to the scrollback, each segment once. A viewer whose whole session is that epoch (a late
 * joiner) gets it before what the socket delivered, in transcript order, trimmed at display time
 * like the rest. A viewer who has seen a seek or a restart since gets only what was said before
 * the first line it holds, closed at that line's start: the fetched time line may no longer be the
 * room's, and the scrollback must not repeat what it already lists.
 */
function applyTranscript(state: ViewerState, epoch: number, segments: readonly CaptionSegment[]): ViewerState {
  const oldest = state.history[0];
  if (epoch === state.clock?.epoch && state.history.every((m) => m.epoch === epoch)) {
    const known = new Set(state.history.map((m) => m.segment.index));
    const fetched = segments.filter((s) => !known.has(s.index)).map((segment): SegmentMessage => ({ seq: 0, epoch, dueMs: segment.startMs, segment }));
    if (fetched.length === 0) return state;
    const merged = [...state.history, ...fetched].sort((a, b) => a.segment.index - b.segment.index);
    return { ...state, history: merged.slice(-MAX_SCROLLBACK_SEGMENTS) };
  }
  if (!oldest) return state;
  const before: SegmentMessage[] = [];
  for (const segment of segments) {
    if (segment.startMs >= oldest.segment.startMs) continue;
    const closed = finishedBy({ seq: 0, epoch: oldest.epoch, dueMs: segment.startMs, segment }, oldest.segment.startMs);
    if (closed) before.push(closed);
  }
  if (before.length === 0) return state;
  return { ...state, history: [...before, ...state.history].slice(-MAX_SCROLLBACK_SEGMENTS) };
}

function appendHistory(history: readonly SegmentMessage[], added: readonly SegmentMessage[]): readonly SegmentMessage[] {
  const fresh = added.filter((m) => !hasSegment(history, m));
  return fresh.length === 0 ? history : [...history, ...fresh].slice(-MAX_SCROLLBACK_SEGMENTS);
}

function hasSegment(segments: readonly SegmentMessage[], message: SegmentMessage): boolean {
  return segments.some((m) => m.epoch === message.epoch && m.segment.index === message.segment.index);
}

function assertNever(value: never): never {
  throw new Error(`unhandled viewer event ${JSON.stringify(value)}`);
}
