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
export const PROTOCOL_VERSION = 2;

/**
 * What a presenter puts in the Socket.IO handshake's `auth` payload (never in a URL):
 * `io(url, { auth: { presenter: { room, secret } } })`. Viewers send no `auth`.
 */
export interface HandshakeAuth {
  readonly presenter?: { readonly room: string; readonly secret: string };
}

/**
 * A language: any BCP 47 tag in its canonical form (`en`, `ru`, `fr`, `ar`, `zh-Hans`, `pt-BR`).
 * Its text direction and name follow from the tag (server/language-tags.ts; docs/protocol.md).
 */
export type Lang = string;

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
  /** The transcript's own title, as its source gives it. */
  readonly title: string;
  /** The title in each of the room's languages that has one of its own; show `titles[lang] ?? title`. */
  readonly titles?: Partial<Record<Lang, string>>;
  readonly attribution: string;
  /**
   * The languages that have text in this room, in the transcript's order: the first is the floor
   * language of the event, the others its booths. One or more; a language whose only text would be
   * sound labels is not one of them.
   */
  readonly languages: readonly Lang[];
  readonly speakers: readonly SpeakerInfo[];
}

/** Everything a client needs to paint the room now, and to continue from `seq`. */
export interface RoomSnapshot {
  readonly protocolVersion: number;
  readonly room: RoomInfo;
  /**
   * Identifies this run of the room's message stream. It changes when the server restarts; a
   * `lastSeq` is only meaningful together with the `stream` it came from.
   */
  readonly stream: string;
  readonly clock: ClockState;
  /** Server time when the snapshot was taken. */
  readonly serverNowMs: number;
  /** The last sequence number this snapshot includes; the next message carries `seq + 1`. */
  readonly seq: number;
  /**
   * Segments of the current epoch already due or sent ahead, oldest first: the ones on screen now,
   * recent history for scrollback, and those due within the lookahead. For a client that rejoins
   * in the same stream and epoch but is too far behind for a `resume`, exactly the segments of the
   * epoch after its `lastSeq` (the client keeps what it already has).
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
      readonly stream: string;
      readonly clock: ClockState;
      readonly serverNowMs: number;
      readonly messages: readonly RoomMessage[];
    };

export const ERROR_CODES = [
  'invalid-payload',
  'unknown-room',
  'unknown-transcript',
  'forbidden',
  'room-limit',
  'unavailable',
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
  /** The `stream` that `lastSeq` belongs to (from the snapshot or resume the client last had). */
  readonly stream?: string;
}

export interface CreateRoomRequest {
  readonly transcriptId: string;
  readonly loop?: boolean;
  /** Start playing at once (default) or wait paused for the presenter. */
  readonly autoplay?: boolean;
}

export interface CreatedRoom {
  readonly code: string;
  /** Keep it secret: whoever has it controls the room. Send it only in the handshake `auth`. */
  readonly secret: string;
}

/** Every presenter command names its room and carries a client-made id, so a retry applies once. */
export interface CommandBase {
  readonly room: string;
  /** 8 to 64 characters from [A-Za-z0-9_-]; unique per command (a UUID will do). */
  readonly commandId: string;
}

/** Seek to exactly one of: a media position, a segment by index, a segment by id. */
export type SeekRequest = CommandBase &
  ({ readonly positionMs: number } | { readonly segmentIndex: number } | { readonly segmentId: string });

export interface CommandResult {
  readonly clock: ClockState;
  /** True when this command id was seen before: nothing was applied again. */
  readonly duplicate: boolean;
  /**
   * False when the server could not save the room's state (a full or read-only disk): the change
   * holds and viewers see it, but a restart would lose it. True once it is on disk (or in Redis).
   */
  readonly saved: boolean;
}

/**
 * Sent to a presenter when its socket connects, and to every presenter when the server stops or
 * resumes saving room state. `saving: false`: changes apply but are not being saved.
 */
export interface StorageMessage {
  readonly saving: boolean;
}

/** Sent to a room's presenters when the number of viewers changes. */
export interface PresenceMessage {
  readonly room: string;
  readonly viewers: number;
}

export interface TimeSyncReply {
  /** Server time when the request was handled. */
  readonly serverNowMs: number;
}

export interface ServerToClientEvents {
  'caption:segment': (message: SegmentMessage) => void;
  'clock:changed': (message: ClockMessage) => void;
  'room:presence': (message: PresenceMessage) => void;
  'storage:changed': (message: StorageMessage) => void;
}

type Control<T> = (request: T, ack: (reply: Ack<CommandResult>) => void) => void;

export interface ClientToServerEvents {
  'room:join': (request: JoinRequest, ack: (reply: Ack<JoinResult>) => void) => void;
  'room:create': (request: CreateRoomRequest, ack: (reply: Ack<CreatedRoom>) => void) => void;
  'time:sync': (request: Record<string, never>, ack: (reply: Ack<TimeSyncReply>) => void) => void;
  'playback:play': Control<CommandBase>;
  'playback:pause': Control<CommandBase>;
  'playback:seek': Control<SeekRequest>;
  'playback:rate': Control<CommandBase & { readonly rate: number }>;
  'playback:restart': Control<CommandBase>;
  'playback:loop': Control<CommandBase & { readonly loop: boolean }>;
}

/** The client events, for a dispatcher that must know every one of them. */
export const CLIENT_EVENTS = [
  'room:join',
  'room:create',
  'time:sync',
  'playback:play',
  'playback:pause',
  'playback:seek',
  'playback:rate',
  'playback:restart',
  'playback:loop',
] as const satisfies readonly (keyof ClientToServerEvents)[];
