import type { Logger } from 'pino';
import type { createClient as CreateClient } from 'redis';

type RedisLibrary = { createClient: typeof CreateClient };

function makeClient({ createClient }: RedisLibrary, url: string, failFast: boolean) {
  return createClient({
    url,
    disableOfflineQueue: failFast,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500), connectTimeout: 2_000 },
  });
}

export type RedisClient = ReturnType<typeof makeClient>;

/**
 * The node's connection to Redis, and whether it is up. node-redis reconnects by itself (every
 * 500 ms at most here); commands sent while it is down fail at once instead of queueing, so a
 * presenter gets a clear error rather than a command applied half a minute late.
 */
export async function connectRedis(url: string, logger: Logger): Promise<{ client: RedisClient; adapterClient: RedisClient; isUp: () => boolean }> {
  // Loaded here, not at the top: the Redis client takes a second or more to load, which a single
  // node (no Redis) would otherwise spend on every start while its viewers wait.
  const redis: RedisLibrary = await import('redis');
  let up = false;
  const client = makeClient(redis, url, true);
  // The adapter reads its stream in a loop that retries at once on an error: with a client that
  // fails fast that loop would spin and starve the process during an outage, so the adapter gets
  // its own client that waits for Redis instead.
  const adapterClient = makeClient(redis, url, false);
  adapterClient.on('error', () => undefined);
  client.on('ready', () => {
    if (!up) logger.info({ redis: 'up' }, 'connected to Redis');
    up = true;
  });
  client.on('error', (error: Error) => {
    if (up) logger.error({ redis: 'down', err: error.message }, 'lost Redis: serving the viewers held here; presenter commands are refused until it returns');
    up = false;
  });
  client.on('end', () => {
    up = false;
  });
  await Promise.all([client.connect(), adapterClient.connect()]);
  return { client, adapterClient, isUp: () => up && client.isReady };
}
