import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, JoinResult, ServerToClientEvents, TimeSyncReply } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import type { ReplaySink } from '../replay/room-player';
import type { TimeSource } from '../replay/time-source';
import { normaliseRoomCode } from '../rooms/room-code';
import type { RoomRegistry } from '../rooms/room-registry';
import { fail, invalidPayload, payloadAndAck } from './ack';
import { TokenBucket } from './rate-limit';
import { JoinRequestSchema, TimeSyncRequestSchema } from './schemas';

interface SocketData {
  room?: string;
  bucket: TokenBucket;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Control messages are tiny; anything bigger is abuse (reliability-anchors B3). */
export const MAX_HTTP_BUFFER_BYTES = 16 * 1024;
/** Per socket: a burst of 20 events, then 10 a second (clock sync sends a short burst on join). */
export const EVENT_BURST = 20;
export const EVENTS_PER_SECOND = 10;

export function roomChannel(code: string): string {
  return `room:${code}`;
}

/** Attaches Socket.IO to the HTTP server and returns it; the sink factory feeds room players. */
export function createRealtime(httpServer: HttpServer, deps: { time: TimeSource; logger: Logger; dev: boolean }): {
  io: IoServer;
  sinkFor: (code: string) => ReplaySink;
  attach: (registry: RoomRegistry) => void;
} {
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    // Captions are short text sent once per room; compressing per socket costs CPU and memory.
    perMessageDeflate: false,
    // In development Next.js serves its hot-reload WebSocket on the same server.
    destroyUpgrade: !deps.dev,
  });

  const sinkFor = (code: string): ReplaySink => ({
    segment: (message) => io.to(roomChannel(code)).emit('caption:segment', message),
    clock: (message) => io.to(roomChannel(code)).emit('clock:changed', message),
  });

  const attach = (registry: RoomRegistry) => {
    const handlers: Record<keyof ClientToServerEvents, (socket: IoSocket, payload: unknown) => unknown> = {
      'room:join': (socket, payload) => {
        const parsed = JoinRequestSchema.safeParse(payload);
        if (!parsed.success) return invalidPayload(parsed.error);
        const request = parsed.data;
        if (request.protocolVersion !== PROTOCOL_VERSION) {
          return fail('unsupported-version', `this server speaks protocol version ${PROTOCOL_VERSION}`, 'protocolVersion');
        }
        const code = normaliseRoomCode(request.room);
        const room = code ? registry.get(code) : undefined;
        if (!room) return fail('unknown-room', `no room "${request.room}"`, 'room');
        if (socket.data.room && socket.data.room !== room.code) void socket.leave(roomChannel(socket.data.room));
        void socket.join(roomChannel(room.code));
        socket.data.room = room.code;
        const missed =
          request.lastSeq !== undefined && request.lastSeq <= room.player.seq ? room.player.log.after(request.lastSeq) : undefined;
        const result: JoinResult = missed
          ? { mode: 'resume', room: room.info, clock: room.player.clock, serverNowMs: deps.time.now(), messages: missed }
          : { mode: 'snapshot', snapshot: registry.snapshot(room) };
        return { ok: true, data: result };
      },
      'time:sync': (_socket, payload) => {
        const parsed = TimeSyncRequestSchema.safeParse(payload ?? {});
        if (!parsed.success) return invalidPayload(parsed.error);
        return { ok: true, data: { serverNowMs: deps.time.now() } satisfies TimeSyncReply };
      },
    };

    io.on('connection', (socket) => {
      socket.data.bucket = new TokenBucket(EVENT_BURST, EVENTS_PER_SECOND, deps.time.now);
      const dispatch = (event: string, args: unknown[]) => {
        const { payload, ack } = payloadAndAck(args);
        let reply: unknown;
        try {
          if (!socket.data.bucket.take()) reply = fail('rate-limited', 'too many events; slow down');
          else if (Object.hasOwn(handlers, event)) reply = handlers[event as keyof typeof handlers](socket, payload);
          else reply = fail('unknown-event', `unknown event "${event.slice(0, 40)}"`);
        } catch (error) {
          deps.logger.error({ err: error, event }, 'handler failed');
          reply = fail('internal', 'the server could not handle this event');
        }
        ack?.(reply);
      };
      socket.onAny((event: unknown, ...args: unknown[]) => dispatch(String(event), args));
    });
  };

  return { io, sinkFor, attach };
}
