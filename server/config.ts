import path from 'node:path';
import { z } from 'zod';
import { parseAllowedOrigins } from './realtime/origin-check';
import { ROOM_CODE_PATTERN } from './rooms/room-code';
import { SLOW_VIEWER_BYTES } from './realtime/room-fanout';

/**
 * Configuration from the environment, parsed once at start-up. A bad value stops the server with
 * a message naming the variable, rather than running with a surprise.
 */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  /** Where rooms and their clocks are kept across restarts (runtime state, not in git). */
  STATE_DIR: z.string().default('var/state'),
  MAX_ROOMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Live rooms one client address may hold at once (a teacher needs one or two; a school behind one NAT a few). */
  MAX_ROOMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(5),
  /** Rooms one address may open in a burst, over the socket and HTTP together. */
  ROOM_CREATE_BURST: z.coerce.number().int().min(1).max(100_000).default(10),
  /** After the burst, one more room per address every this many milliseconds. */
  ROOM_CREATE_INTERVAL_MS: z.coerce.number().int().min(1).max(86_400_000).default(60_000),
  /**
   * A room with no presenter and no viewer for this long is deleted with its upload (the default
   * room never is): milliseconds, or a number with a unit (`24h`, `90m`, `30s`, `500ms`).
   */
  ROOM_IDLE_EXPIRY: z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h)?$/u, 'milliseconds, or a number with ms, s, m or h (e.g. 24h)')
    .transform(parseDurationMs)
    .pipe(z.number().int().min(1_000, 'at least one second').max(365 * 86_400_000, 'at most a year'))
    .default(24 * 3_600_000),
  /** Other sites whose pages may open sockets to this server (space-separated origins); our own origin always may. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Lets someone present the always-on default room; without it nobody can control that room. */
  DEFAULT_ROOM_SECRET: z.string().min(16).max(128).optional(),
  /** Segments are sent this long before they are due so fan-out never shows on screen; 0 is strictly live. */
  LOOKAHEAD_MS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  /** Pause between the end of a looping replay and its restart. */
  LOOP_PAUSE_MS: z.coerce.number().int().min(0).max(600_000).default(8_000),
  DEFAULT_ROOM: z.string().regex(ROOM_CODE_PATTERN).default('PRESS'),
  DEFAULT_TRANSCRIPT: z.string().default('vienna-2015-11-14'),
  /** Cluster mode: nodes share rooms and commands through this Redis (redis://host:port). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//u, 'a redis:// or rediss:// URL').optional(),
  /**
   * The address students and other sites reach this server at (`https://captions.example`): QR
   * codes, join links, embed snippets and oEmbed use it whatever address the presenter opened.
   * An origin only: http(s), no path, query or fragment.
   */
  PUBLIC_URL: z.string().max(2_048).optional().transform((value, ctx) => {
    if (value === undefined || value === '') return null;
    const origin = parsePublicUrl(value);
    if (typeof origin === 'string') return origin;
    ctx.addIssue({ code: 'custom', message: `${origin.problem} (got ${JSON.stringify(value.slice(0, 200))}; e.g. https://captions.example or http://192.168.1.20:3000)` });
    return z.NEVER;
  }),
  /** Behind a load balancer that sets X-Forwarded-For/-Host/-Proto (deploy/nginx.conf.template): trust them. Off by default: they are ignored. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Serve the Next.js pages (default). Off: sockets and /healthz only, for tests and socket-only nodes. */
  SERVE_PAGES: z.enum(['0', '1', 'true', 'false']).default('1'),
  /** Benchmarks: open this many extra looping rooms at deterministic phases (codes B0000…). */
  BENCH_ROOMS: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Benchmarks: serve GET /bench-metrics (memory, CPU, sockets, scheduling error percentiles) on the app's port. */
  BENCH_METRICS: z.enum(['0', '1']).default('0'),
  /** Caption outputs may go to loopback and private networks (server/connectors/destination.ts). */
  CONNECTORS_ALLOW_PRIVATE_NETWORK: z.enum(['0', '1']).default('0'),
  /** In a cluster: how long a node's lease on a caption output lasts unrenewed, the longest handover after a crash (server/connectors/redis-store.ts). */
  CONNECTORS_LEASE_MS: z.coerce.number().int().min(1_000).max(300_000).default(15_000),
  /**
   * A viewer with more than this many bytes not yet sent is skipped for room messages and rejoins
   * for what it missed (room-fanout.ts, SLOW_VIEWER_BYTES: 64 KiB). At least 4 KiB, so that one
   * caption never counts as too much; at most 16 MiB, a bound on what one stalled viewer may hold.
   */
  SLOW_VIEWER_BYTES: z.coerce.number().int().min(4_096).max(16 * 1024 * 1024).default(SLOW_VIEWER_BYTES),
  /**
   * SIGTERM: how long the node stays up after turning not-ready (`/readyz` 503) before it sends its
   * viewers to reconnect elsewhere and stops: long enough for whatever polls `/readyz` (a
   * Kubernetes readiness probe, a load balancer's health check) to take it out of rotation.
   * Default: 5 s in a cluster (CLUSTER_DRAIN_GRACE_MS), none alone (there is no other node to go to).
   */
  DRAIN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /**
   * Bearer token for GET /metrics (Prometheus). Without it /metrics answers only direct connections
   * from this machine (http/metrics-access.ts). At least 16 characters.
   */
  METRICS_TOKEN: z.string().min(16).max(256).optional(),
  /** Test only: run the replay clock this many times faster than the wall clock. */
  CLOCK_SPEED: z.coerce.number().positive().max(1_000).default(1),
});

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly dev: boolean;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  readonly dataDir: string;
  readonly transcriptsDir: string;
  readonly stateDir: string;
  readonly maxRooms: number;
  readonly maxRoomsPerAddress: number;
  readonly roomCreateBurst: number;
  readonly roomCreateIntervalMs: number;
  readonly roomIdleExpiryMs: number;
  readonly defaultRoomSecret: string | null;
  readonly allowedOrigins: readonly string[];
  readonly lookaheadMs: number;
  readonly loopPauseMs: number;
  readonly defaultRoom: string;
  readonly defaultTranscript: string;
  readonly clockSpeed: number;
  readonly servePages: boolean;
  readonly benchRooms: number;
  readonly trustProxy: boolean;
  /** PUBLIC_URL as an origin (`https://captions.example`), or null to take it from each request. */
  readonly publicUrl: string | null;
  readonly redisUrl: string | undefined;
  readonly benchMetrics: boolean;
  /** CONNECTORS_ALLOW_PRIVATE_NETWORK=1: caption outputs may go to loopback and private networks. */
  readonly connectorsAllowPrivateNetwork: boolean;
  /** CONNECTORS_LEASE_MS: a cluster node's lease on a caption output. */
  readonly connectorsLeaseMs: number;
  readonly slowViewerBytes: number;
  /** DRAIN_GRACE_MS; `undefined`: the default for the mode (app.ts). */
  readonly drainGraceMs: number | undefined;
  readonly metricsToken: string | undefined;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dev: e.NODE_ENV === 'development',
    logLevel: e.LOG_LEVEL,
    dataDir,
    transcriptsDir: path.join(dataDir, 'transcripts'),
    stateDir: path.resolve(e.STATE_DIR),
    maxRooms: e.MAX_ROOMS,
    maxRoomsPerAddress: e.MAX_ROOMS_PER_ADDRESS,
    roomCreateBurst: e.ROOM_CREATE_BURST,
    roomCreateIntervalMs: e.ROOM_CREATE_INTERVAL_MS,
    roomIdleExpiryMs: e.ROOM_IDLE_EXPIRY,
    defaultRoomSecret: e.DEFAULT_ROOM_SECRET ?? null,
    allowedOrigins: parseAllowedOrigins(e.ALLOWED_ORIGINS),
    lookaheadMs: e.LOOKAHEAD_MS,
    loopPauseMs: e.LOOP_PAUSE_MS,
    defaultRoom: e.DEFAULT_ROOM,
    defaultTranscript: e.DEFAULT_TRANSCRIPT,
    clockSpeed: e.CLOCK_SPEED,
    servePages: e.SERVE_PAGES === '1' || e.SERVE_PAGES === 'true',
    benchRooms: e.BENCH_ROOMS,
    trustProxy: e.TRUST_PROXY === '1',
    publicUrl: e.PUBLIC_URL ?? null,
    redisUrl: e.REDIS_URL,
    benchMetrics: e.BENCH_METRICS === '1',
    connectorsAllowPrivateNetwork: e.CONNECTORS_ALLOW_PRIVATE_NETWORK === '1',
    connectorsLeaseMs: e.CONNECTORS_LEASE_MS,
    slowViewerBytes: e.SLOW_VIEWER_BYTES,
    drainGraceMs: e.DRAIN_GRACE_MS,
    metricsToken: e.METRICS_TOKEN,
  };
}

/** PUBLIC_URL as an origin, or what is wrong with it. */
export function parsePublicUrl(text: string): string | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'must be an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'must start with http:// or https://' };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/u.test(text)) return { problem: 'must be an origin only, without a path, query or fragment' };
  return url.origin;
}

const DURATION_UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `24h` → 86,400,000; a bare number is milliseconds. The schema has checked the shape. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/u.exec(text)!;
  return Math.round(Number(match[1]) * DURATION_UNIT_MS[(match[2] ?? 'ms') as keyof typeof DURATION_UNIT_MS]);
}

/**
 * Connections the kernel queues before the server accepts them. Node's default of 511 overflowed
 * when 10,000 viewers reconnected at once: dropped handshakes are retried only after 1, 2, 4… s,
 * so the storm took half a minute. The kernel caps it at net.core.somaxconn (4096 here).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * A cluster node's wait between turning not-ready and moving its viewers (DRAIN_GRACE_MS): a
 * Kubernetes readiness probe every 1–2 s with `failureThreshold: 2` notices within it. nginx does
 * not poll (deploy/README.md); what moves viewers there is the closed listener.
 */
export const CLUSTER_DRAIN_GRACE_MS = 5_000;
