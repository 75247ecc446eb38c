import type { CreatedRoom, JoinResult, TimeSyncReply } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import type { TimeSource } from '../replay/time-source';
import { hashSecret } from '../rooms/presenter-secret';
import { normaliseRoomCode } from '../rooms/room-code';
import type { RoomAdmission } from '../rooms/room-admission';
import type { RoomRegistry } from '../rooms/room-registry';
import type { RoomService } from '../rooms/room-service';
import { fail, invalidPayload } from './ack';
import { presentersChannel, roomChannel } from './channels';
import type { Handler } from './types';
import type { presenceNotifier } from './presence';
import { replyWithMessages } from './reply-encoding';
import { CreateRoomRequestSchema, JoinRequestSchema, TimeSyncRequestSchema } from './schemas';

/**
 * How a `room:join` was answered: `new` (the client named no earlier message: a first join), or,
 * for a rejoin, `resume`, `epoch` or `snapshot` (room-player.ts's catch-up; a `snapshot` rejoin is
 * the fallback when the log no longer reaches back).
 */
export type JoinKind = 'new' | 'resume' | 'epoch' | 'snapshot';

/** Joining, creating and clock sync: what viewers and presenters ask before any control. */
export function roomHandlers(deps: {
  registry: RoomRegistry;
  rooms: RoomService;
  admission: RoomAdmission;
  time: TimeSource;
  presence: ReturnType<typeof presenceNotifier>;
  /** Told how each join was answered (the metrics count them by kind). */
  onJoin?: (kind: JoinKind) => void;
}): Record<'room:join' | 'room:create' | 'time:sync', Handler> {
  const { registry, rooms, time, presence } = deps;
  return {
    'room:join': async (socket, payload) => {
      const parsed = JoinRequestSchema.safeParse(payload);
      if (!parsed.success) return invalidPayload(parsed.error);
      const request = parsed.data;
      if (request.protocolVersion !== PROTOCOL_VERSION) {
        const sent = request.protocolVersion;
        return fail('unsupported-version', `this server speaks protocol version ${PROTOCOL_VERSION}, not ${sent}; reload the page or update the client`, 'protocolVersion');
      }
      const code = normaliseRoomCode(request.room);
      const room = code ? await rooms.find(code) : undefined;
      if (!room) return fail('unknown-room', `no room "${request.room.slice(0, 16)}"`, 'room');
      if (socket.disconnected) return fail('unknown-room', 'disconnected');
      if (socket.data.room && socket.data.room !== room.code) {
        void socket.leave(roomChannel(socket.data.room));
        registry.touch(socket.data.room);
        presence.changed(socket.data.room);
      }
      registry.touch(room.code);
      // Join and answer in the same tick: no broadcast can fall between the answer and the next message.
      void socket.join(roomChannel(room.code));
      socket.data.room = room.code;
      presence.changed(room.code);
      const catchUp = room.player.catchUp(request.stream, request.lastSeq);
      deps.onJoin?.(request.lastSeq === undefined ? 'new' : catchUp.kind);
      let result: JoinResult;
      switch (catchUp.kind) {
        case 'resume':
          // Each missed message's JSON is made once, not once per rejoining viewer (reply-encoding.ts).
          return replyWithMessages<Extract<JoinResult, { mode: 'resume' }>>({
            mode: 'resume',
            room: room.info,
            stream: room.player.stream,
            clock: room.player.clock,
            serverNowMs: time.now(),
            messages: catchUp.messages,
          });
        case 'epoch':
          result = { mode: 'snapshot', snapshot: registry.snapshot(room, catchUp.segments) };
          break;
        case 'snapshot':
          result = { mode: 'snapshot', snapshot: registry.snapshot(room) };
          break;
      }
      return { ok: true, data: result };
    },

    'room:create': async (socket, payload) => {
      const parsed = CreateRoomRequestSchema.safeParse(payload);
      if (!parsed.success) return invalidPayload(parsed.error);
      if (!socket.data.buckets.create.take()) return fail('rate-limited', 'too many rooms created; wait a little');
      const { transcriptId, loop, autoplay } = parsed.data;
      const outcome = await deps.admission.create(socket.data.address, transcriptId, { loop: loop ?? false, autoplay: autoplay ?? true });
      if (!outcome.ok) return fail(outcome.code, outcome.message, outcome.code === 'unknown-transcript' ? 'transcriptId' : undefined);
      const { room, secret } = outcome;
      // The creator presents this room from this socket at once, as well as any it opened before;
      // later connections prove the secret.
      (socket.data.presenting ??= new Map()).set(room.code, hashSecret(secret));
      void socket.join(presentersChannel(room.code));
      return { ok: true, data: { code: room.code, secret } satisfies CreatedRoom };
    },

    'time:sync': (_socket, payload) => {
      const parsed = TimeSyncRequestSchema.safeParse(payload ?? {});
      if (!parsed.success) return invalidPayload(parsed.error);
      return { ok: true, data: { serverNowMs: time.now() } satisfies TimeSyncReply };
    },
  };
}
