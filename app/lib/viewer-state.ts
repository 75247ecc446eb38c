import type { ClockMessage, ClockState, JoinResult, RoomInfo, RoomMessage, SegmentMessage } from '../../server/protocol';

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
  /** Every segment shown this session, across seeks and restarts, for scrollback (bounded). */
  readonly history: readonly SegmentMessage[];
  readonly connection: ConnectionStatus;
  /** Set when a gap was seen; cleared by the next join result. */
  readonly needsResync: boolean;
}

export type ViewerEvent =
  | { type: 'joined'; result: JoinResult }
  | { type: 'segment'; message: SegmentMessage }
  | { type: 'clock'; message: ClockMessage }
  | { type: 'connection'; status: ConnectionStatus };

/** Scrollback kept in memory: a whole press conference is under 200 segments. */
export const MAX_KEPT_SEGMENTS = 2_000;

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
    return { ...fresh, connection: 'live', history: appendHistory(state.history, fresh.segments) };
  }
  let next: ViewerState = { ...state, room: result.room, stream: result.stream, needsResync: false, connection: 'live' };
  for (const message of result.messages) next = applyMessage(next, message);
  // The resume's clock is the newest; it also covers a resume with no messages.
  return { ...next, clock: result.clock.epoch >= (next.clock?.epoch ?? 0) ? result.clock : next.clock };
}

function applyMessage(state: ViewerState, entry: RoomMessage): ViewerState {
  const { seq } = entry.message;
  if (seq <= state.seq) return state;
  if (seq > state.seq + 1) return state.needsResync ? state : { ...state, needsResync: true };
  if (entry.type === 'clock') {
    const clock = entry.message.clock;
    const newEpoch = clock.epoch !== state.clock?.epoch;
    return { ...state, seq, clock, segments: newEpoch ? [] : state.segments };
  }
  const message = entry.message;
  if (state.clock && message.epoch !== state.clock.epoch) return { ...state, seq };
  // Never render a segment twice, even if a resend overlaps what is on screen.
  if (hasSegment(state.segments, message)) return { ...state, seq };
  const segments = [...state.segments.slice(-MAX_KEPT_SEGMENTS + 1), message];
  return { ...state, seq, segments, history: appendHistory(state.history, [message]) };
}

function appendHistory(history: readonly SegmentMessage[], added: readonly SegmentMessage[]): readonly SegmentMessage[] {
  const fresh = added.filter((m) => !hasSegment(history, m));
  return fresh.length === 0 ? history : [...history, ...fresh].slice(-MAX_KEPT_SEGMENTS);
}

function hasSegment(segments: readonly SegmentMessage[], message: SegmentMessage): boolean {
  return segments.some((m) => m.epoch === message.epoch && m.segment.index === message.segment.index);
}

function assertNever(value: never): never {
  throw new Error(`unhandled viewer event ${JSON.stringify(value)}`);
}
