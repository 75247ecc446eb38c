import type { CaptionSegment, RoomInfo, RoomSnapshot } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import { RoomPlayer, type ReplaySink } from '../replay/room-player';
import type { TimeSource } from '../replay/time-source';
import type { Transcript } from '../transcript/model';
import { generateRoomCode } from './room-code';

export interface Room {
  readonly code: string;
  readonly transcript: Transcript;
  readonly info: RoomInfo;
  readonly player: RoomPlayer;
}

export interface RoomRegistryOptions {
  readonly transcripts: ReadonlyMap<string, Transcript>;
  readonly time: TimeSource;
  readonly sinkFor: (code: string) => ReplaySink;
  readonly lookaheadMs: number;
  readonly loopPauseMs: number;
}

/** All rooms of this server, by code. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly options: RoomRegistryOptions) {}

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  list(): Room[] {
    return [...this.rooms.values()];
  }

  create(transcriptId: string, options: { code?: string; playing?: boolean; loop?: boolean } = {}): Room {
    const transcript = this.options.transcripts.get(transcriptId);
    if (!transcript) throw new Error(`no transcript "${transcriptId}"`);
    const code = options.code ?? generateRoomCode((c) => this.rooms.has(c));
    if (this.rooms.has(code)) throw new Error(`room ${code} exists`);
    const player = new RoomPlayer({
      segments: transcript.segments.map(toWireSegment),
      durationMs: transcript.durationMs,
      time: this.options.time,
      sink: this.options.sinkFor(code),
      lookaheadMs: this.options.lookaheadMs,
      loopPauseMs: this.options.loopPauseMs,
      playing: options.playing,
      loop: options.loop,
    });
    const room: Room = { code, transcript, info: roomInfo(code, transcript), player };
    this.rooms.set(code, room);
    return room;
  }

  snapshot(room: Room): RoomSnapshot {
    return {
      protocolVersion: PROTOCOL_VERSION,
      room: room.info,
      clock: room.player.clock,
      serverNowMs: this.options.time.now(),
      seq: room.player.seq,
      segments: room.player.recentSegments(),
    };
  }

  dispose(): void {
    for (const room of this.rooms.values()) room.player.dispose();
    this.rooms.clear();
  }
}

function roomInfo(code: string, transcript: Transcript): RoomInfo {
  return {
    code,
    transcriptId: transcript.id,
    title: transcript.meta.title,
    attribution: transcript.meta.attribution,
    languages: transcript.languages,
    speakers: transcript.speakers.map(({ id, label, short, colour }) => ({ id, label, short, colour })),
  };
}

function toWireSegment(segment: Transcript['segments'][number]): CaptionSegment {
  const { index, id, turn, speakerId, sourceLang, kind, text, startMs, endMs, timing } = segment;
  return { index, id, turn, speakerId, sourceLang, kind, text, startMs, endMs, timing };
}
