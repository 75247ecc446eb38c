import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Logger } from 'pino';
import { CLUSTER_DRAIN_GRACE_MS, type Config } from './config';
import { SchedulingStats } from './replay/scheduling-stats';
import { createLogger } from './logger';
import { createRealtime, type IoServer, type RateLimits } from './realtime/create-realtime';
import type { FanoutStats } from './realtime/room-fanout';
import { acceleratedTimeSource, systemTimeSource, type TimeSource } from './replay/time-source';
import { RoomRegistry, type Room } from './rooms/room-registry';
import { readiness } from './http/readiness';
import { lanOrigins } from './http/public-origin';
import { fileRoomStore, memoryRoomStore, type RoomStore } from './rooms/room-store';
import { uploadsDir } from './transcript/store';
import type { RoomService } from './rooms/room-service';
import { startLocalRooms } from './rooms/local-rooms';
import { connectRedis } from './cluster/redis-link';
import { clusterRoomStore } from './cluster/room-store';
import { startClusterRooms } from './cluster/cluster-rooms';
import { pagesGate } from './http/pages';
import { probeRoutes } from './http/probes';
import { requestRouter } from './http/request-router';
import { listen } from './http/listen';
import { createMetrics, type Metrics } from './metrics/prometheus';
import { benchMetricsReader } from './metrics/bench-metrics';
import { drainer } from './ops/drain';
import { closeOnce } from './ops/close-once';
import { projectRootFrom } from './project-root';
import { publishServices, type RoomView } from './services';
import { TranscriptLibrary } from './rooms/transcript-library';
import { roomAdmission } from './rooms/room-admission';
import { startRoomSweeper } from './rooms/room-sweeper';
import { ImportRunner, type ImportLimits } from './transcript/worker/import-runner';
import { startConnectors, type ConnectorOptions } from './connectors';

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
  /** The node's Prometheus metrics (GET /metrics). */
  readonly metrics: Metrics;
  /** Base URL once listening, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Where Socket.IO listens: `url` itself (the pages and the sockets share one port). */
  readonly socketUrl: string;
  /** Saves the rooms' state and closes at once (tests, SIGINT). */
  close(): Promise<void>;
  /**
   * SIGTERM: not ready at once, serving for `graceMs` (DRAIN_GRACE_MS by default), then the
   * viewers are sent to reconnect to the other nodes, and the node saves and closes (ops/drain.ts).
   */
  drain(graceMs?: number): Promise<void>;
  /** DRAIN_GRACE_MS, or the mode's default: 5 s in a cluster, none alone. */
  readonly drainGraceMs: number;
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
  /** Caption outputs' timeouts and backoff (server/connectors/delivery.ts has the defaults). */
  readonly connectors?: ConnectorOptions;
}

/**
 * The composition root, wiring only: configuration → transcripts → metrics → HTTP server (probes,
 * pages: http/) → Socket.IO (realtime/) → Redis (cluster/) → rooms (rooms/) → listen → Next.js,
 * and the order things close and drain in (ops/). One process, one port. Resolves once listening: after a restart the viewers' sockets are back while Next.js is still starting
 * (a second or more), and page requests meanwhile answer 503 (`pagesReady`).
 */
export async function createApplication(config: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const time = deps.time ?? (config.clockSpeed === 1 ? systemTimeSource() : acceleratedTimeSource(config.clockSpeed));
  // Alone, uploads are files under STATE_DIR; in a cluster Redis keeps them with their rooms.
  const library = new TranscriptLibrary(config.transcriptsDir, config.redisUrl ? null : uploadsDir(config.stateDir));
  const transcripts = library.transcripts;
  const metrics = createMetrics();
  // Benchmarks read each segment's scheduling error from /bench-metrics (bench/README.md).
  const scheduling = config.benchMetrics ? new SchedulingStats() : undefined;
  const httpServer = createServer();
  // 'close' fires once, when the listener is closed and every connection has ended.
  const httpClosed = new Promise<void>((resolve) => httpServer.once('close', () => resolve()));
  const servePages = deps.withNext ?? config.servePages;
  const pages = pagesGate(servePages);
  let draining = false;
  // In a cluster a node without Redis still serves its viewers, but says so (and drains).
  const readinessNow = () =>
    readiness({ redisUp: redis ? redis.isUp() : undefined, stateWritable: redis ? undefined : store.writable(), pagesUp: servePages ? pages.ready() : undefined, draining });
  const probes = probeRoutes({
    readiness: readinessNow,
    rooms: () => registry.list().length,
    exposition: metrics.exposition,
    metricsToken: config.metricsToken,
    benchMetrics: scheduling && benchMetricsReader({ sockets: () => realtime.io.of('/').sockets.size, fanout: () => realtime.fanout.stats, scheduling }),
  });
  // Registered before Socket.IO attaches: engine.io then answers /socket.io/ itself and passes
  // only the other requests on to this listener. (Registered after, it would see both.)
  // The caption outputs' API (created below, with the rooms) is answered by this server, not by the pages.
  const outputsApi = { handles: (req: IncomingMessage) => outputs.handles(req), answer: (req: IncomingMessage, res: ServerResponse) => outputs.answer(req, res) };
  httpServer.on('request', requestRouter({ probes, trustProxy: config.trustProxy, api: outputsApi, pages: pages.handle }));
  const realtime = createRealtime(httpServer, {
    time,
    logger,
    dev: config.dev,
    allowedOrigins: config.allowedOrigins,
    limits: deps.limits,
    trustProxy: config.trustProxy,
    slowViewerBytes: config.slowViewerBytes,
    observeFanout: metrics.observeFanout,
    onJoin: metrics.countJoin,
  });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  if (redis) {
    // Cluster mode: Socket.IO's Redis Streams adapter carries what nodes tell each other (loaded
    // only here, for the same reason as the Redis client: see redis-link.ts).
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    realtime.io.adapter(createAdapter(redis.adapterClient));
  }
  // In a cluster Redis holds the rooms; alone, a state file does.
  const store = deps.store ?? (redis ? memoryRoomStore() : fileRoomStore(config.stateDir, logger));
  // Caption outputs (Zoom, YouTube, Teams, OBS, webhooks); in a cluster in Redis, each sent by one node.
  const outputs = startConnectors({ config, time, logger, redis: redis?.client, rooms: (code) => rooms.find(code), registry: () => registry, options: deps.connectors });
  const registry = new RoomRegistry({
    observer: outputs.observer,
    transcripts,
    time,
    sinkFor: realtime.sinkFor,
    lookaheadMs: config.lookaheadMs,
    loopPauseMs: config.loopPauseMs,
    store,
    maxRooms: config.maxRooms,
    logLimit: deps.logLimit,
    onSegmentScheduled: (errorMs) => {
      metrics.observeScheduling(errorMs);
      scheduling?.record(errorMs);
    },
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
    ({ rooms, restoredRooms } = startLocalRooms(registry, config, logger));
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
    publicUrl: config.publicUrl,
    // Asked when a console is opened at localhost: read now, as a laptop moves between networks.
    lanOrigins: () => {
      const address = httpServer.address();
      return address && typeof address === 'object' ? lanOrigins(networkInterfaces(), address.port, config.host) : [];
    },
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

  metrics.track({
    sockets: () => realtime.io.of('/').sockets.size,
    rooms: () => registry.list().length,
    fanout: realtime.fanout.stats,
    redisUp: redis?.isUp,
    ready: () => readinessNow().ready,
  });

  const url = await listen(httpServer, config.port, config.host);
  const pagesReady = pages.start(httpServer, { dev: config.dev, dir: PROJECT_ROOT, host: config.host, port: config.port, restoredRooms });

  const close = closeOnce([
    () => sweeper.close(),
    () => void imports.close(),
    // Sends under way finish and the outputs' state is saved before the rooms go.
    () => outputs.close(),
    // The last state, written before the rooms are dropped (the write reads them when it starts).
    () => registry.save(),
    () => store.close(),
    () => cluster?.close(),
    () => registry.dispose(),
    () => realtime.presence.close(),
    () => publishServices(undefined),
    async () => {
      const ioClosed = realtime.io.close();
      httpServer.closeAllConnections();
      // After a drain the listener closed earlier, and io.close() would wait for a 'close' that
      // already came: whichever ends first.
      await Promise.race([ioClosed, httpClosed]);
    },
    () => {
      void redis?.client.quit().catch(() => undefined);
      void redis?.adapterClient.quit().catch(() => undefined);
    },
  ]);
  const drainGraceMs = config.drainGraceMs ?? (redis ? CLUSTER_DRAIN_GRACE_MS : 0);
  const drain = drainer({
    logger,
    markDraining: () => (draining = true),
    stopAccepting: () => httpServer.close(),
    // Engine.IO's public close of every client: a closed transport, which Socket.IO clients reconnect after.
    moveViewers: () => {
      const open = realtime.io.engine.clientsCount;
      realtime.io.engine.close();
      return open;
    },
    close,
  });

  return {
    httpServer,
    io: realtime.io,
    registry,
    logger,
    time,
    url,
    socketUrl: url,
    fanout: realtime.fanout.stats,
    metrics,
    pagesReady,
    pagesAreReady: pages.ready,
    close,
    drain: (graceMs = drainGraceMs) => drain(graceMs),
    drainGraceMs,
  };
}
