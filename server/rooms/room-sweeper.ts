import type { Logger } from 'pino';
import type { TimeSource, TimerHandle } from '../replay/time-source';
import { roomsToExpire, sweepIntervalMs } from './room-lifetime';
import type { Room, RoomRegistry } from './room-registry';

/**
 * Every little while: marks the rooms someone is in as active, and removes those that have been
 * empty for the idle expiry. Runs on the injected time source; `close` leaves no timer behind.
 */
export function startRoomSweeper(deps: {
  registry: RoomRegistry;
  time: TimeSource;
  logger: Logger;
  idleExpiryMs: number;
  keep: ReadonlySet<string>;
  occupied: (code: string) => boolean;
  expire: (room: Room, reason: 'expired') => Promise<unknown>;
  /** Shares when rooms were last in use here (cluster: the other nodes decide on it too). */
  noteActive: (activity: readonly { code: string; atMs: number }[]) => Promise<void>;
}): { sweep(): Promise<void>; close(): void } {
  const { registry, time, idleExpiryMs, keep, occupied } = deps;
  const intervalMs = sweepIntervalMs(idleExpiryMs);
  let timer: TimerHandle | undefined;
  let closed = false;
  const shared = new Map<string, number>();

  const sweep = async () => {
    const now = time.now();
    for (const room of registry.list()) if (occupied(room.code)) registry.touch(room.code);
    const fresh = registry.list().filter((room) => room.lastActiveAtMs > (shared.get(room.code) ?? 0));
    await deps.noteActive(fresh.map((room) => ({ code: room.code, atMs: room.lastActiveAtMs })));
    for (const room of fresh) shared.set(room.code, room.lastActiveAtMs);
    for (const code of shared.keys()) if (!registry.get(code)) shared.delete(code);
    if (closed) return;
    // All at once: each leaves memory before its write, so one batched write carries them all.
    await Promise.all(roomsToExpire(registry.list(), now, idleExpiryMs, keep, occupied).map((room) => deps.expire(room, 'expired')));
  };

  const schedule = () => {
    timer = time.setTimer(() => {
      timer = undefined;
      void sweep()
        .catch((err: unknown) => deps.logger.error({ err }, 'room sweep failed'))
        .finally(() => {
          if (!closed) schedule();
        });
    }, intervalMs);
  };
  schedule();

  return {
    sweep,
    close() {
      closed = true;
      if (timer !== undefined) time.clearTimer(timer);
      timer = undefined;
    },
  };
}
