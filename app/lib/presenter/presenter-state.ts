import type { ClockMessage, ClockState, JoinResult, RoomInfo, RoomSnapshot } from '../../../server/protocol';

/**
 * What the console knows about its room. It follows the clock, not the captions: a clock message
 * applies when it is newer (by sequence number) than what the console has; after any drop the
 * console rejoins for a fresh snapshot, which carries the current clock.
 */
export interface PresenterState {
  readonly room: RoomInfo;
  readonly clock: ClockState;
  /** Sequence number of the newest message the clock reflects. */
  readonly seq: number;
  readonly connection: PresenterConnection;
  /** Screens in the room other than this console; unknown until the server first says. */
  readonly viewers?: number;
  /** False while the server says it cannot save changes (a full or read-only disk): they apply, but a restart would undo them. */
  readonly saving: boolean;
}

export type PresenterConnection =
  | 'connecting'
  | 'live'
  | 'reconnecting'
  | 'offline'
  /** The handshake's secret does not control this room. */
  | 'forbidden'
  /** The room is gone (a server that lost its state). */
  | 'unknown-room';

export type PresenterEvent =
  | { readonly type: 'joined'; readonly result: JoinResult }
  | { readonly type: 'clock'; readonly message: ClockMessage }
  | { readonly type: 'presence'; readonly viewers: number }
  /** From `storage:changed`, or a command's acknowledgement (`saved`). */
  | { readonly type: 'storage'; readonly saving: boolean }
  | { readonly type: 'connection'; readonly status: PresenterConnection };

export function presenterStateFrom(snapshot: RoomSnapshot): PresenterState {
  return { room: snapshot.room, clock: snapshot.clock, seq: snapshot.seq, connection: 'connecting', saving: true };
}

export function presenterReducer(state: PresenterState, event: PresenterEvent): PresenterState {
  switch (event.type) {
    case 'joined': {
      const result = event.result;
      const next =
        result.mode === 'snapshot'
          ? { room: result.snapshot.room, clock: result.snapshot.clock, seq: result.snapshot.seq }
          : { room: result.room, clock: result.clock, seq: Math.max(state.seq, ...result.messages.map((m) => m.message.seq)) };
      return { ...state, ...next, connection: 'live' };
    }
    case 'clock':
      if (event.message.seq <= state.seq) return state;
      return { ...state, clock: event.message.clock, seq: event.message.seq };
    case 'presence':
      // The server counts the room's sockets that are not presenter consoles.
      return { ...state, viewers: Math.max(0, event.viewers) };
    case 'storage':
      return state.saving === event.saving ? state : { ...state, saving: event.saving };
    case 'connection':
      return state.connection === event.status ? state : { ...state, connection: event.status };
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled presenter event ${JSON.stringify(value)}`);
}
