import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { LISTEN_BACKLOG, type Config } from './config';
import { SchedulingStats } from './replay/scheduling-stats';
import { createLogger } from './logger';
import { createRealtime, type IoServer, type RateLimits } from './realtime/create-realtime';
import type { FanoutStats } from './realtime/room-fanout';
import { answerMalformedPath, hasMalformedPath } from './http/malformed-path';
import { acceleratedTimeSource, systemTimeSource, type TimeSource } from './replay/time-source';
import { benchRoomCode, benchRoomPhase } from './rooms/bench-rooms';
import { hashSecret } from './rooms/presenter-secret';
import { RoomRegistry, type Room } from './rooms/room-registry';
import { readiness } from './http/readiness';
import { fileRoomStore, memoryRoomStore, type RoomStore } from './rooms/room-store';
import { uploadsDir } from './transcript/store';
import { localRoomService, type RoomService } from './rooms/room-service';
import { connectRedis } from './cluster/redis-link';
import { clusterRoomStore } from './cluster/room-store';
import { startClusterRooms } from './cluster/cluster-rooms';
import { pagesStartDelayMs } from './http/after-reconnects';
import { answerStarting } from './http/starting-response';
import { projectRootFrom } from './project-root';
import { publishServices, type RoomView } from './services';
import { TranscriptLibrary } from './rooms/transcript-library';
import { roomAdmission } from './rooms/room-admission';
import { startRoomSweeper } from './rooms/room-sweeper';
import { ImportRunner, type ImportLimits } from './transcript/worker/import-runner';

export const PROJECT_ROOT = projectRootFrom(import.meta.url);

export interface Application {
  readonly httpServer: HttpServer;
  readonly io: IoServer;
  readonly registry: RoomRegistry;
  readonly logger: Logger;
  readonly time: TimeSource;
  /** Room messages sent, and viewers skipped for them because they stopped reading (room-fanout.ts). */
  readonly fanout: Readonly<FanoutStats>;
  /**
   * Resolves once Next.js serves the pages (at once when this process serves none); rejects if it
   * cannot start. Until then page requests answer 503 with `Retry-After` (http/starting-response.ts).
   */
  readonly pagesReady: Promise<void>;
  /** Whether `pagesReady` has resolved, for a readiness probe. */
  pagesAreReady(): boolean;
  /** Base URL once listening, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Where Socket.IO listens: `url` itself (the pages and the sockets share one port). */
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
 * The composition root: configuration → transcripts → HTTP server → Socket.IO → rooms → listen →
 * Next.js. One process, one port. Resolves
 * once listening: after a restart the viewers' sockets are back while Next.js is still starting
 * (a second or more), and page requests meanwhile answer 503 (`pagesReady`).
 */
export async function createApplication(config: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const time = deps.time ?? (config.clockSpeed === 1 ? systemTimeSource() : acceleratedTimeSource(config.clockSpeed));
  // Alone, uploads are files under STATE_DIR; in a cluster Redis keeps them with their rooms.
  const library = new TranscriptLibrary(config.transcriptsDir, config.redisUrl ? null : uploadsDir(config.stateDir));
  const transcripts = library.transcripts;
  const httpServer = createServer();
  // Only a trusted proxy may say who the client is; otherwise the socket's address is the truth
  // (Next.js keeps an x-forwarded-for it is given, and per-address limits read it).
  // Only a trusted proxy may say who the client is and which host and scheme it asked for;
  // otherwise the socket's address is the truth, and Next.js fills the host and scheme from the
  // Host header and the connection (it keeps forwarded headers it is given, and per-address
  // limits and the oEmbed iframe's URL read them).
  const pinClientAddress = (req: IncomingMessage) => {
    if (config.trustProxy) return;
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
    delete req.headers['x-forwarded-port'];
  };

  const servePages = deps.withNext ?? config.servePages;
  let handle: RequestHandler = servePages
    ? answerStarting
    : (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      };

  /** Set once Next.js can answer pages (sockets and /healthz answer from the moment we listen). */
  let pagesAreReady = !servePages;
  // Registered before Socket.IO attaches: engine.io then answers /socket.io/ itself and passes
  // only the other requests on to this listener. (Registered after, it would see both.)
  httpServer.on('request', (req, res) => {
    if (req.url === '/healthz' || req.url === '/readyz') {
      // In a cluster a node without Redis still serves its viewers, but says so (and drains).
      // /readyz also fails while room state cannot be saved (new rooms are refused then) and while
      // the pages are still starting (a proxy should send page requests elsewhere meanwhile).
      const redisUp = redis ? redis.isUp() : undefined;
      const state = readiness({ redisUp, stateWritable: redis ? undefined : store.writable(), pagesUp: servePages ? pagesAreReady : undefined });
      const ok = req.url === '/readyz' ? state.ready : redisUp !== false;
      const body = { ok, rooms: registry.list().length, redis: state.redis, state: state.state, pages: state.pages, pid: process.pid };
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
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
    pinClientAddress(req);
    if (hasMalformedPath(req.url ?? '/')) {
      answerMalformedPath(res);
      return;
    }
    void handle(req, res);
  });
  const realtime = createRealtime(httpServer, {
    time,
    logger,
    dev: config.dev,
    allowedOrigins: config.allowedOrigins,
    limits: deps.limits,
    trustProxy: config.trustProxy,
    slowViewerBytes: config.slowViewerBytes,
  });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  if (redis) {
    // Cluster mode: Socket.IO's Redis Streams adapter carries what nodes tell each other (loaded
    // only here, for the same reason as the Redis client: see redis-link.ts).
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    realtime.io.adapter(createAdapter(redis.adapterClient));
  }
  // Benchmarks read each segment's scheduling error from /metrics (bench/README.md).
  const scheduling = config.benchMetrics ? new SchedulingStats() : undefined;
  // In a cluster Redis holds the rooms; alone, a state file does.
  const store = deps.store ?? (redis ? memoryRoomStore() : fileRoomStore(config.stateDir, logger));
  const registry = new RoomRegistry({
    transcripts,
    time,
    sinkFor: realtime.sinkFor,
    lookaheadMs: config.lookaheadMs,
    loopPauseMs: config.loopPauseMs,
    store,
    maxRooms: config.maxRooms,
    logLimit: deps.logLimit,
    onSegmentScheduled: scheduling ? (errorMs) => scheduling.record(errorMs) : undefined,
  });
  if (!transcripts.has(config.defaultTranscript)) {
    throw new Error(`the default transcript "${config.defaultTranscript}" is not in ${config.transcriptsDir}`);
  }
  let rooms: RoomService;
  let restoredRooms = 0;
  let cluster: Awaited<ReturnType<typeof startClusterRooms>> | undefined;
  if (redis) {
    cluster = await startClusterRooms({
      io: realtime.io,
      registry,
      store: clusterRoomStore(redis.client),
      transcripts: library,
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
    restoredRooms = registry.restore();
    if (restoredRooms > 0) logger.info({ rooms: restoredRooms }, 'rooms restored');
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
  // Rooms have owners and a lifetime: per-address quota, eviction when full, expiry when empty.
  const keep = new Set([config.defaultRoom]);
  const admission = roomAdmission({
    registry,
    rooms,
    time,
    logger,
    limits: {
      maxLivePerAddress: config.maxRoomsPerAddress,
      createBurst: config.roomCreateBurst,
      createIntervalMs: config.roomCreateIntervalMs,
      maxRooms: config.maxRooms,
      idleExpiryMs: config.roomIdleExpiryMs,
    },
    keep,
    occupied: realtime.presence.occupied,
    release: (transcriptId) => {
      if (library.removeUpload(transcriptId)) logger.info({ transcript: transcriptId }, 'uploaded transcript deleted: no room plays it');
    },
  });
  cluster?.onGone(admission.forgotten);
  const sweeper = startRoomSweeper({
    registry,
    time,
    logger,
    idleExpiryMs: config.roomIdleExpiryMs,
    keep,
    occupied: realtime.presence.occupied,
    expire: admission.expire,
    noteActive: (activity) => rooms.noteActive(activity),
  });
  // Rooms whose expiry passed while the server was down go before anyone can join them.
  await sweeper.sweep();
  realtime.attach(registry, rooms, admission, store);
  // Uploads are imported in a worker thread, never on this event loop (which serves captions).
  const imports = new ImportRunner(deps.importLimits);
  imports.warm();
  const view = (room: Room): RoomView => ({ code: room.code, info: room.info, segments: room.player.segments, snapshot: () => registry.snapshot(room) });
  publishServices({
    rooms: {
      describe: async (code) => {
        const room = await rooms.find(code).catch(() => undefined);
        return room && view(room);
      },
      listed: async () => registry.list().filter((room) => room.code === config.defaultRoom || room.secretHash === null).map(view),
    },
    transcripts: {
      get: async (id) => (cluster ? cluster.transcript(id).catch(() => library.get(id)) : library.get(id)),
      bundled: () => library.bundled(),
    },
    now: () => time.now(),
    defaultRoom: config.defaultRoom,
    trustProxy: config.trustProxy,
    canCreateRoom: (address) => admission.check(address),
    createRoom: async (address, transcriptId, options) => {
      const outcome = await admission.create(address, transcriptId, options);
      return outcome.ok ? { ok: true, code: outcome.room.code, secret: outcome.secret } : outcome;
    },
    addTranscript: async (upload) => {
      try {
        return { ok: true, transcript: await library.addUpload(upload.transcript, upload.fileBody) };
      } catch (error) {
        logger.error({ err: error }, 'could not save an uploaded transcript');
        return { ok: false, error: 'unavailable', message: 'the server cannot save uploads right now (its state directory is not writable); try again later' };
      }
    },
    readUploadForm: (body, contentType) => imports.run({ kind: 'form', body, contentType }),
    importTranscript: (files, options) => imports.importForRoom(files, options),
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}`;
  const url = `${base}:${address.port}`;

  // Next.js starts only now, once the viewers who were connected before a restart are back.
  const pagesReady = servePages
    ? (async () => {
        await new Promise((resolve) => setTimeout(resolve, pagesStartDelayMs(restoredRooms)));
        const { default: next } = await import('next');
        const app = next({ dev: config.dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port, httpServer });
        await app.prepare();
        handle = app.getRequestHandler();
        pagesAreReady = true;
        if (config.dev) {
          const upgrade = app.getUpgradeHandler();
          httpServer.on('upgrade', (req, socket, head) => {
            if (!req.url?.startsWith('/socket.io/')) void upgrade(req, socket, head);
          });
        }
      })()
    : Promise.resolve();

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      sweeper.close();
      void imports.close();
      // The last state, written before the rooms are dropped (the write reads them when it starts).
      await registry.save();
      store.close();
    })().then(() => new Promise<void>((resolve) => {
      cluster?.close();
      registry.dispose();
      realtime.presence.close();
      publishServices(undefined);
      void realtime.io.close(() => {
        void redis?.client.quit().catch(() => undefined);
        void redis?.adapterClient.quit().catch(() => undefined);
        resolve();
      });
      httpServer.closeAllConnections();
    })));

  return {
    httpServer,
    io: realtime.io,
    registry,
    logger,
    time,
    url,
    socketUrl: url,
    fanout: realtime.fanout.stats,
    pagesReady,
    pagesAreReady: () => pagesAreReady,
    close,
  };
}
