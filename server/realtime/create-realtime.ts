import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { ReplaySink } from '../replay/room-player';
import type { TimeSource } from '../replay/time-source';
import { secretMatches } from '../rooms/presenter-secret';
import { normaliseRoomCode } from '../rooms/room-code';
import type { RoomRegistry } from '../rooms/room-registry';
import type { RoomService } from '../rooms/room-service';
import type { RoomStore } from '../rooms/room-store';
import { fail, payloadAndAck } from './ack';
import { presentersChannel, roomChannel } from './channels';
import { controlHandlers } from './control-handlers';
import { roomHandlers, type JoinKind } from './room-handlers';
import { presenceNotifier } from './presence';
import { roomFanout, webSocketEngine } from './room-fanout';
import { upgradeRequestReleaser } from './release-request';
import { SocketBuckets, type RateLimits } from './rate-limit';
import { originAllowed } from './origin-check';
import { HandshakeAuthSchema } from './schemas';
import { clientAddress } from './client-address';
import type { RoomAdmission } from '../rooms/room-admission';
import type { Handler, IoServer, IoSocket } from './types';
import { knownJsonParser } from './reply-encoding';

export type { IoServer, IoSocket, SocketData, Handler } from './types';

/** Control messages are tiny; anything bigger is abuse (reliability-anchors B3). */
export const MAX_HTTP_BUFFER_BYTES = 16 * 1024;
/** Per socket, any event: a burst of 30, then 10 a second (clock sync sends a short burst on join). */
export const EVENT_BURST = 30;
export const EVENTS_PER_SECOND = 10;
/** Per socket, presenter commands: a burst of 20, then 5 a second (reliability-anchors B12). */
export const CONTROL_BURST = 20;
export const CONTROLS_PER_SECOND = 5;
/** Per socket, room creation: 3 at once, then one every 10 s. */
export const CREATE_BURST = 3;
export const CREATES_PER_SECOND = 0.1;

export type { RateLimits };

export const DEFAULT_RATE_LIMITS: RateLimits = {
  eventBurst: EVENT_BURST,
  eventsPerSecond: EVENTS_PER_SECOND,
  controlBurst: CONTROL_BURST,
  controlsPerSecond: CONTROLS_PER_SECOND,
  createBurst: CREATE_BURST,
  createsPerSecond: CREATES_PER_SECOND,
};

export interface RealtimeDeps {
  readonly time: TimeSource;
  readonly logger: Logger;
  readonly dev: boolean;
  readonly allowedOrigins: readonly string[];
  readonly limits?: RateLimits;
  /** TRUST_PROXY=1: the client's address is the last hop of X-Forwarded-For. */
  readonly trustProxy: boolean;
  /** Unsent bytes above which a viewer is skipped for room messages (room-fanout.ts). */
  readonly slowViewerBytes?: number;
  /** Seconds one room message took to hand to the room's viewers on this node (metrics). */
  readonly observeFanout?: (seconds: number) => void;
  /** How each `room:join` was answered (room-handlers.ts; metrics). */
  readonly onJoin?: (kind: JoinKind) => void;
}

/** Attaches Socket.IO to the HTTP server that also serves the pages; `attach` wires the rooms once they exist. */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  // ws's server, noting each upgrade's WebSocket: room messages go to a viewer's WebSocket directly (room-fanout.ts).
  const webSockets = webSocketEngine();
  const io: IoServer = new Server({
    serveClient: false,
    wsEngine: webSockets.engine,
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    // Captions are short text sent once per room; compressing per socket costs CPU and memory.
    perMessageDeflate: false,
    // Socket.IO's encoder, but a resume reply's missed messages are encoded once, not per viewer.
    parser: knownJsonParser,
    // In development Next.js serves its hot-reload WebSocket on the same server.
    destroyUpgrade: !deps.dev,
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req.headers.origin, req.headers.host, deps.allowedOrigins);
      if (!allowed) deps.logger.warn({ origin: String(req.headers.origin).slice(0, 100) }, 'socket refused: origin not allowed');
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  io.attach(httpServer);
  const limits = deps.limits ?? DEFAULT_RATE_LIMITS;
  const presence = presenceNotifier(io);
  const fanout = roomFanout(io, deps.slowViewerBytes, webSockets.socketFor);

  const observe = deps.observeFanout;
  /** Sends and times a room message; a room with no viewer on this node costs nothing and is not timed. */
  const send: typeof fanout.send = (channel, event, message) => {
    if (!observe || !io.of('/').adapter.rooms.has(channel)) return fanout.send(channel, event, message);
    const started = performance.now();
    fanout.send(channel, event, message);
    observe((performance.now() - started) / 1000);
  };
  const sinkFor = (code: string): ReplaySink => ({
    // Local only: in a cluster every node plays every room it serves and sends to its own viewers.
    segment: (message) => send(roomChannel(code), 'caption:segment', message),
    clock: (message) => send(roomChannel(code), 'clock:changed', message),
  });

  /** `storage`: whether room state is being saved, told to presenters (`storage:changed`). */
  const attach = (registry: RoomRegistry, rooms: RoomService, admission: RoomAdmission, storage?: Pick<RoomStore, 'writable' | 'onWritableChange'>) => {
    presence.countWith(rooms);
    storage?.onWritableChange((saving) => {
      const channels = registry.list().map((room) => presentersChannel(room.code));
      if (channels.length > 0) io.local.to(channels).emit('storage:changed', { saving });
    });
    // Authentication: a presenter proves the secret in the handshake; anyone else is a viewer.
    io.use((socket, next) => {
      const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) return next(new Error('invalid-auth'));
      const claim = auth.data.presenter;
      if (!claim) return next();
      const code = normaliseRoomCode(claim.room);
      void (code ? rooms.find(code) : Promise.resolve(undefined)).then(
        (room) => {
          const hash = room?.secretHash ?? undefined;
          if (!room || !hash || !secretMatches(hash, claim.secret)) return next(new Error('forbidden'));
          socket.data.presenting = new Map([[room.code, hash]]);
          next();
        },
        () => next(new Error('unavailable')),
      );
    });

    const handlers: Record<string, Handler> = {
      ...roomHandlers({ registry, rooms, admission, time: deps.time, presence, onJoin: deps.onJoin }),
      ...controlHandlers({ rooms }),
    };

    const failed = (name: string, error: unknown) => {
      deps.logger.error({ err: error, event: name.slice(0, 40) }, 'handler failed');
      return fail('internal', 'the server could not handle this event');
    };
    // One listener function for every socket (Socket.IO calls it with the socket as `this`), so a
    // connection costs no closures of its own.
    function onEvent(this: IoSocket, event: unknown, ...args: unknown[]) {
      const { payload, ack } = payloadAndAck(args);
      const name = String(event);
      let reply: unknown;
      try {
        if (!this.data.buckets.events.take()) reply = fail('rate-limited', 'too many events; slow down');
        else if (Object.hasOwn(handlers, name)) reply = handlers[name](this, payload);
        else reply = fail('unknown-event', `unknown event "${name.slice(0, 40)}"`);
      } catch (error) {
        reply = failed(name, error);
      }
      // Handlers may answer at once or later (cluster mode waits for Redis); either way one ack.
      if (reply instanceof Promise) reply.then((value) => ack?.(value), (error: unknown) => ack?.(failed(name, error)));
      else ack?.(reply);
    }
    function onDisconnect(this: IoSocket) {
      // The room was in use until now: its idle time starts here.
      if (this.data.room) {
        registry.touch(this.data.room);
        presence.changed(this.data.room);
      }
      for (const code of this.data.presenting?.keys() ?? []) registry.touch(code);
    }

    const releaseRequest = upgradeRequestReleaser(io);
    io.on('connection', (socket) => {
      // Read before the handshake's headers are let go of.
      socket.data.address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], deps.trustProxy);
      fanout.track(socket);
      releaseRequest(socket);
      socket.data.buckets = new SocketBuckets(limits, deps.time.now);
      for (const code of socket.data.presenting?.keys() ?? []) {
        void socket.join(presentersChannel(code));
        registry.touch(code);
      }
      // A console learns at once whether its changes are being saved, not at its next command.
      if (socket.data.presenting?.size && storage) socket.emit('storage:changed', { saving: storage.writable() });
      socket.onAny(onEvent);
      socket.on('disconnect', onDisconnect);
    });
  };

  return { io, sinkFor, attach, presence, fanout };
}
