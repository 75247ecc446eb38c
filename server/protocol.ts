/**
 * Boothcast wire protocol: the one contract between the server and every client.
 * Imports nothing, so the browser can `import type` it and no server code reaches a bundle.
 * Documented for third-party clients in docs/protocol.md; bump PROTOCOL_VERSION on any change
 * a client could notice.
 *
 * Conventions: integer milliseconds everywhere; `...Ms` is a duration or a position on the
 * room's media time line; `...AtMs` is a server wall-clock time (milliseconds since the Unix
 * epoch, from a monotonic source). Clients asks with `noun:verb` events and get an ack; the
 * server states facts with `noun:past-tense` events.
 */
export const PROTOCOL_VERSION = 1;

export type Lang = 'en' | 'ru';

export type PlaybackStatus = 'playing' | 'paused' | 'ended';

/** The room clock: enough to compute the media position at any server time. */
export interface ClockState {
  readonly status: PlaybackStatus;
  /** Media position at `anchorAtMs`. */
  readonly positionMs: number;
  /** Server time at which `positionMs` held. */
  readonly anchorAtMs: number;
  /** Playback rate, 0.5 to 2. */
  readonly rate: number;
  readonly loop: boolean;
  /** Increases at every discontinuity (seek, restart, loop); segments sent ahead for an older epoch are void. */
  readonly epoch: number;
  /** Length of the media time line. */
  readonly durationMs: number;
}

export interface SpeakerInfo {
  readonly id: string;
  readonly label: Partial<Record<Lang, string>>;
  readonly short: Partial<Record<Lang, string>>;
  /** Index into the caption palette (BBC order: white, yellow, cyan, green, …). */
  readonly colour: number;
}

export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

/** One sentence or one sound event, in every language the room carries. */
export interface CaptionSegment {
  readonly index: number;
  readonly id: string;
  readonly turn: number;
  readonly speakerId: string;
  /** Language actually spoken; the others are interpretations. */
  readonly sourceLang: Lang;
  readonly kind: 'speech' | 'sound';
  readonly text: Partial<Record<Lang, string>>;
  /** When the source speech is heard on the media time line. */
  readonly startMs: number;
  readonly endMs: number;
  /** When each language's text is shown on the media time line (interpretations trail their source). */
  readonly timing: Partial<Record<Lang, Span>>;
}

/** A segment as delivered: its place in the room's sequence, and the clock epoch it belongs to. */
export interface SegmentMessage {
  /** Per-room sequence number: every room message carries the next one, so a gap is visible. */
  readonly seq: number;
  readonly epoch: number;
  /** Media position at which the segment is due: paint it when the clock reaches it. */
  readonly dueMs: number;
  readonly segment: CaptionSegment;
}

export type ClockChange = 'play' | 'pause' | 'seek' | 'rate' | 'loop' | 'restart' | 'ended';

export interface ClockMessage {
  readonly seq: number;
  readonly change: ClockChange;
  readonly clock: ClockState;
}

export interface RoomInfo {
  readonly code: string;
  readonly transcriptId: string;
  readonly title: string;
  readonly attribution: string;
  readonly languages: readonly Lang[];
  readonly speakers: readonly SpeakerInfo[];
}

/** Everything a client needs to paint the room now, and to continue from `seq`. */
export interface RoomSnapshot {
  readonly protocolVersion: number;
  readonly room: RoomInfo;
  readonly clock: ClockState;
  /** Server time when the snapshot was taken. */
  readonly serverNowMs: number;
  /** The last sequence number this snapshot includes; the next message carries `seq + 1`. */
  readonly seq: number;
  /**
   * Segments of the current epoch already due or sent ahead, oldest first: the ones on screen now,
   * recent history for scrollback, and those due within the lookahead.
   */
  readonly segments: readonly SegmentMessage[];
}

/** A room message as kept in the room's log and replayed to a client that rejoins. */
export type RoomMessage =
  | { readonly type: 'segment'; readonly message: SegmentMessage }
  | { readonly type: 'clock'; readonly message: ClockMessage };

/**
 * The answer to `room:join`. A client that sends `lastSeq` and is still within the room's log
 * gets `resume`: exactly the messages after `lastSeq`, in order. Otherwise `snapshot`.
 */
export type JoinResult =
  | { readonly mode: 'snapshot'; readonly snapshot: RoomSnapshot }
  | {
      readonly mode: 'resume';
      readonly room: RoomInfo;
      readonly clock: ClockState;
      readonly serverNowMs: number;
      readonly messages: readonly RoomMessage[];
    };

export const ERROR_CODES = [
  'invalid-payload',
  'unknown-room',
  'unknown-event',
  'rate-limited',
  'unsupported-version',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  readonly code: ErrorCode;
  readonly message: string;
  /** The payload field at fault, as a dotted path, when there is one. */
  readonly field?: string;
}

export type Ack<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ProtocolError };

export interface JoinRequest {
  readonly room: string;
  /** Protocol version the client speaks. */
  readonly protocolVersion: number;
  /** Last sequence number the client applied in this room, when it rejoins after a drop. */
  readonly lastSeq?: number;
}

export interface TimeSyncReply {
  /** Server time when the request was handled. */
  readonly serverNowMs: number;
}

export interface ServerToClientEvents {
  'caption:segment': (message: SegmentMessage) => void;
  'clock:changed': (message: ClockMessage) => void;
}

export interface ClientToServerEvents {
  'room:join': (request: JoinRequest, ack: (reply: Ack<JoinResult>) => void) => void;
  'time:sync': (request: Record<string, never>, ack: (reply: Ack<TimeSyncReply>) => void) => void;
}
