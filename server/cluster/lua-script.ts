import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-link';

/** The reply Redis gives to EVALSHA for a script it does not hold (after a restart or SCRIPT FLUSH). */
const NOSCRIPT = 'NOSCRIPT';

export interface LuaScript {
  /** Its SHA-1, as Redis names it. */
  readonly sha: string;
  /** Runs it by its hash; every key must share one hash tag (Redis Cluster runs a script on one slot). */
  run(keys: readonly string[], args: readonly (string | Buffer)[]): Promise<unknown>;
}

/**
 * A Lua script sent to Redis once (SCRIPT LOAD) and then called by its hash (EVALSHA), so each
 * call carries 40 bytes instead of the source. Redis forgets scripts when it restarts: they are
 * loaded again whenever the connection is (re)established, and on a NOSCRIPT reply (a SCRIPT
 * FLUSH, a failover to a replica that never saw them) the script is loaded again and the call
 * retried once.
 */
export function luaScript(client: RedisClient, source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  let loaded: Promise<unknown> | undefined;
  const load = () =>
    (loaded ??= client.scriptLoad(source).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  // Redis that comes back after a restart holds no scripts: load them before the first command
  // needs them, which otherwise pays two more round trips and may miss its time (COMMAND_DELAY_MS).
  client.on('ready', () => {
    loaded = undefined;
    void load().catch(() => undefined);
  });
  const call = (keys: readonly string[], args: readonly (string | Buffer)[]) => client.evalSha(sha, { keys: [...keys], arguments: [...args] as string[] });
  return {
    sha,
    async run(keys, args) {
      await load();
      try {
        return await call(keys, args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith(NOSCRIPT)) throw error;
        loaded = undefined;
        await load();
        return call(keys, args);
      }
    },
  };
}
