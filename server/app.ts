import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { LISTEN_BACKLOG, type Config } from './config';
import { SchedulingStats } from './replay/scheduling-stats';
import { createLogger } from './logger';
import { createRealtime, type IoServer, type RateLimits, type RealtimeListener } from './realtime/create-realtime';
import { listenUws, type UwsListener } from './realtime/uws-listener';
import { socketForward } from './http/socket-forward';
import { acceleratedTimeSource, systemTimeSource, type TimeSource } from './replay/time-source';
import { benchRoomCode, benchRoomPhase } from './rooms/bench-rooms';
import { hashSecret } from './rooms/presenter-secret';
import { RoomRegistry } from './rooms/room-registry';
import { fileRoomStore, memoryRoomStore, type RoomStore } from './rooms/room-store';
import { localRoomService, type RoomService } from './rooms/room-service';
import { connectRedis } from './cluster/redis-link';
import { clusterRoomStore } from './cluster/room-store';
import { startClusterRooms } from './cluster/cluster-rooms';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { publishServices } from './services';
import { TranscriptLibrary } from './rooms/transcript-library';
import { ImportRunner, type ImportLimits } from './transcript/worker/import-runner';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Application {
  readonly httpServer: HttpServer;
  readonly io: IoServer;
  readonly registry: RoomRegistry;
  readonly logger: Logger;
  readonly time: TimeSource;
  /**
   * Room messages written straight to idle WebSockets, those sent through Socket.IO, and those
   * published to a room's topic under µWebSockets.js (room-fanout.ts).
   */
  readonly fanout: { readonly direct: number; readonly socketIo: number; readonly published: number };
  /** Base URL once listening, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Where Socket.IO listens: `url` itself, or with SOCKET_ENGINE=uws its own port. */
  readonly socketUrl: string;
  close(): Promise<void>;
}

export interface ApplicationDeps {
  /** Serve the Next.js pages; off in integration tests that only speak the socket protocol. */
  readonly withNext?: boolean;
  readonly time?: TimeSource;
  readonly logger?: Logger;
  /** Where rooms persist; a file under STATE_DIR by default. */
  readonly store?: RoomStore;
  /** Messages a room keeps for rejoining clients (small in tests that exercise the fallback). */
  readonly logLimit?: number;
  readonly limits?: RateLimits;
  /** Time budget, memory cap and concurrency of uploads' imports (import-runner.ts has the defaults). */
  readonly importLimits?: ImportLimits;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * The composition root: configuration → transcripts → Next.js → HTTP server → Socket.IO → rooms
 * → listen. One process, one port (two with SOCKET_ENGINE=uws: the sockets get their own).
 */
export async function createApplication(config: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const time = deps.time ?? (config.clockSpeed === 1 ? systemTimeSource() : acceleratedTimeSource(config.clockSpeed));
  const library = new TranscriptLibrary(config.transcriptsDir, path.join(config.stateDir, 'uploads'));
  const transcripts = library.transcripts;
  const httpServer = createServer();
  // Opened first: the HTTP listener below passes /socket.io/ on to it.
  const uws: UwsListener | undefined = config.socketEngine === 'uws' ? await listenUws(config.host, config.socketPort) : undefined;
  const forward = uws ? socketForward(config.host, uws.port) : undefined;
  if (forward) {
    httpServer.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/socket.io/')) forward.upgrade(req, socket, head);
      // Development: Next.js's hot-reload socket has its own listener below; nothing else upgrades.
      else if (!config.dev) socket.destroy();
    });
  }

  let handle: RequestHandler = (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  };
  if (deps.withNext ?? config.servePages) {
    const { default: next } = await import('next');
    const app = next({ dev: config.dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port, httpServer });
    await app.prepare();
    handle = app.getRequestHandler();
    if (config.dev) {
      const upgrade = app.getUpgradeHandler();
      httpServer.on('upgrade', (req, socket, head) => {
        if (!req.url?.startsWith('/socket.io/')) void upgrade(req, socket, head);
      });
    }
  }

  // Registered before Socket.IO attaches: engine.io then answers /socket.io/ itself and passes
  // only the other requests on to this listener. (Registered after, it would see both.)
  httpServer.on('request', (req, res) => {
    if (req.url === '/healthz') {
      // In a cluster a node without Redis still serves its viewers, but says so (and drains).
      const redisUp = redis ? redis.isUp() : undefined;
      const body = { ok: redisUp !== false, rooms: registry.list().length, redis: redis ? (redisUp ? 'up' : 'down') : 'not used', pid: process.pid };
      res.writeHead(redisUp === false ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (config.benchMetrics && (req.url === '/metrics' || req.url === '/metrics?reset')) {
      // `?reset` starts a new measuring window for the scheduling error.
      if (req.url === '/metrics?reset') scheduling?.reset();
      const { heapUsed, rss } = process.memoryUsage();
      const cpu = process.cpuUsage();
      const body = {
        heapUsed,
        rss,
        cpuUs: cpu.user + cpu.system,
        sockets: realtime.io.of('/').sockets.size,
        fanout: realtime.fanout.stats,
        scheduling: scheduling?.summary(),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (forward && req.url?.startsWith('/socket.io/')) {
      forward.request(req, res);
      return;
    }
    // Only a trusted proxy may say who the client is; otherwise the socket's address is the truth
    // (Next.js keeps an x-forwarded-for it is given, and per-address limits read it).
    if (!config.trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    void handle(req, res);
  });
  const listener: RealtimeListener = uws ? { engine: 'uws', app: uws.app } : { engine: 'node', httpServer };
  const realtime = createRealtime(listener, { time, logger, dev: config.dev, allowedOrigins: config.allowedOrigins, limits: deps.limits });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  if (redis) {
    // Cluster mode: Socket.IO's Redis Streams adapter carries what nodes tell each other.
    realtime.io.adapter(createAdapter(redis.adapterClient));
  }
  // Benchmarks read each segment's scheduling error from /metrics (bench/README.md).
  const scheduling = config.benchMetrics ? new SchedulingStats() : undefined;
  const registry = new RoomRegistry({
    transcripts,
    time,
    sinkFor: realtime.sinkFor,
    lookaheadMs: config.lookaheadMs,
    loopPauseMs: config.loopPauseMs,
    // In a cluster Redis holds the rooms; alone, a state file does.
    store: deps.store ?? (redis ? memoryRoomStore() : fileRoomStore(config.stateDir, logger)),
    maxRooms: config.maxRooms,
    logLimit: deps.logLimit,
    onSegmentScheduled: scheduling ? (errorMs) => scheduling.record(errorMs) : undefined,
  });
  if (!transcripts.has(config.defaultTranscript)) {
    throw new Error(`the default transcript "${config.defaultTranscript}" is not in ${config.transcriptsDir}`);
  }
  let rooms: RoomService;
  let cluster: Awaited<ReturnType<typeof startClusterRooms>> | undefined;
  if (redis) {
    cluster = await startClusterRooms({
      io: realtime.io,
      registry,
      store: clusterRoomStore(redis.client),
      transcripts,
      time,
      logger,
      isUp: redis.isUp,
      presence: realtime.presence,
      maxRooms: config.maxRooms,
      defaultRoom: { code: config.defaultRoom, transcriptId: config.defaultTranscript, secret: config.defaultRoomSecret },
    });
    rooms = cluster;
  } else {
    rooms = localRoomService(registry);
    const restored = registry.restore();
    if (restored > 0) logger.info({ rooms: restored }, 'rooms restored');
    const defaultRoom = registry.get(config.defaultRoom);
    if (!defaultRoom) {
      registry.create(config.defaultTranscript, { code: config.defaultRoom, playing: true, loop: true, secret: config.defaultRoomSecret });
    } else {
      defaultRoom.secretHash = config.defaultRoomSecret === null ? null : hashSecret(config.defaultRoomSecret);
    }
    for (let i = 0; i < config.benchRooms; i++) {
      const { room } = registry.create(config.defaultTranscript, { code: benchRoomCode(i), playing: true, loop: true, secret: null });
      room.player.seek(benchRoomPhase(i, room.transcript.durationMs));
    }
  }
  realtime.attach(registry, rooms);
  // Uploads are imported in a worker thread, never on this event loop (which serves captions).
  const imports = new ImportRunner(deps.importLimits);
  imports.warm();
  publishServices({
    registry,
    transcripts,
    time,
    defaultRoom: config.defaultRoom,
    createRoom: async (transcriptId, options) => {
      const { room, secret } = await rooms.create(transcriptId, options);
      logger.info({ room: room.code, transcript: transcriptId }, 'room created');
      return { code: room.code, secret };
    },
    addTranscript: (transcript) => library.addUpload(transcript),
    importTranscript: (files, options) => imports.run({ kind: 'upload', files, options: { ...(options.sourceLang ? { sourceLang: options.sourceLang } : {}) }, check: false }),
    isUploaded: (id) => library.isUploaded(id),
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}`;
  const url = `${base}:${address.port}`;
  const socketUrl = uws ? `${base}:${uws.port}` : url;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      registry.save();
      void imports.close();
      cluster?.close();
      registry.dispose();
      realtime.presence.close();
      publishServices(undefined);
      void realtime.io.close(() => {
        uws?.close();
        void redis?.client.quit().catch(() => undefined);
        void redis?.adapterClient.quit().catch(() => undefined);
        resolve();
      });
      httpServer.closeAllConnections();
    }));

  return { httpServer, io: realtime.io, registry, logger, time, url, socketUrl, fanout: realtime.fanout.stats, close };
}
