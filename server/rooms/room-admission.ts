import type { Logger } from 'pino';
import { addressKey } from '../realtime/client-address';
import type { TimeSource } from '../replay/time-source';
import { evictionCandidate, sweepIntervalMs } from './room-lifetime';
import { RoomQuota, type QuotaVerdict, type RoomQuotaLimits } from './room-quota';
import { RoomLimitError, UnknownTranscriptError, type Room, type RoomRegistry } from './room-registry';
import { UnavailableError, type RoomService } from './room-service';

/** Rooms tried for eviction before a creation is refused (each try is one Redis round trip in a cluster). */
const MAX_EVICTION_TRIES = 5;

export type CreateOutcome =
  | { readonly ok: true; readonly room: Room; readonly secret: string }
  | { readonly ok: false; readonly code: 'rate-limited'; readonly message: string; readonly retryAfterMs: number }
  | { readonly ok: false; readonly code: 'room-limit' | 'unknown-transcript' | 'unavailable'; readonly message: string };

export interface RoomAdmissionDeps {
  readonly registry: RoomRegistry;
  readonly rooms: RoomService;
  readonly time: TimeSource;
  readonly logger: Logger;
  readonly limits: RoomQuotaLimits & { readonly maxRooms: number; readonly idleExpiryMs: number };
  /** Rooms that never expire and are never evicted (the default room). */
  readonly keep: ReadonlySet<string>;
  /** Whether anyone (presenter or viewer) is in the room now. */
  readonly occupied: (code: string) => boolean;
  /** Deletes what only this room used (its uploaded transcript). */
  readonly release: (transcriptId: string) => void;
}

/**
 * The one way rooms are opened and closed, for the socket and HTTP alike: per-address quota,
 * eviction of the longest-empty room when the server is full, the owner recorded, and the log
 * line that says who opened what.
 */
export function roomAdmission(deps: RoomAdmissionDeps) {
  const { registry, rooms, time, logger, limits, keep, occupied } = deps;
  // Creations still waiting for Redis (cluster mode) count against their address at once.
  const pending = new Map<string, number>();
  const quota = new RoomQuota(limits, time.now, (key) => {
    const owned = registry.ownedBy(key);
    const soonest = Math.min(...owned.map((room) => room.lastActiveAtMs + limits.idleExpiryMs));
    return { count: owned.length + (pending.get(key) ?? 0), nextExpiryInMs: Number.isFinite(soonest) ? Math.max(0, soonest - time.now()) : limits.idleExpiryMs };
  });

  const releaseIfUnused = (transcriptId: string) => {
    if (!registry.list().some((room) => room.transcript.id === transcriptId)) deps.release(transcriptId);
  };

  /** Removes a room for good and deletes its upload if no other room plays it. */
  const expire = async (room: Room, reason: 'expired' | 'evicted'): Promise<boolean> => {
    // Expired: nobody anywhere since the expiry began. Evicted: empty here, and not reported in
    // use by another node within two sweeps (nodes report their rooms in use every sweep).
    const cutoffMs = time.now() - (reason === 'expired' ? limits.idleExpiryMs : 2 * sweepIntervalMs(limits.idleExpiryMs));
    if (!(await rooms.expire(room.code, cutoffMs))) return false;
    const idleMs = time.now() - room.lastActiveAtMs;
    releaseIfUnused(room.transcript.id);
    logger.info({ room: room.code, owner: room.owner, idleMs, reason }, reason === 'expired' ? 'room expired' : 'room evicted');
    return true;
  };

  /** Makes room for one more: the longest-empty room goes, or nothing can. */
  const evictOne = async (): Promise<boolean> => {
    // In a cluster another node may still hold someone in the first choice: try the next.
    const refused = new Set<string>();
    for (let tries = 0; tries < MAX_EVICTION_TRIES; tries++) {
      const victim = evictionCandidate(registry.list(), keep, (code) => refused.has(code) || occupied(code));
      if (!victim) return false;
      if (await expire(victim, 'evicted')) return true;
      refused.add(victim.code);
    }
    return false;
  };

  return {
    /** Deletes what only a room another node deleted used. */
    forgotten: (room: Room) => releaseIfUnused(room.transcript.id),

    /** Whether `address` may open a room now (HTTP asks before it reads an upload). */
    check: (address: string): QuotaVerdict => quota.check(address),

    async create(address: string, transcriptId: string, options: { loop?: boolean; autoplay?: boolean }): Promise<CreateOutcome> {
      const owner = addressKey(address);
      const verdict = quota.check(address);
      if (!verdict.ok) {
        releaseIfUnused(transcriptId);
        logger.warn({ address, reason: verdict.reason }, 'room refused: per-address limit');
        return { ok: false, code: 'rate-limited', message: verdict.message, retryAfterMs: verdict.retryAfterMs };
      }
      quota.spend(address);
      pending.set(owner, (pending.get(owner) ?? 0) + 1);
      try {
        if (registry.size >= limits.maxRooms && !(await evictOne())) {
          releaseIfUnused(transcriptId);
          logger.warn({ address, rooms: registry.size }, 'room refused: server full of rooms in use');
          return { ok: false, code: 'room-limit', message: `this server holds ${limits.maxRooms} rooms at most, all in use` };
        }
        const { room, secret } = await rooms.create(transcriptId, { ...options, owner });
        logger.info({ room: room.code, transcript: transcriptId, address }, 'room created');
        return { ok: true, room, secret };
      } catch (error) {
        if (error instanceof UnknownTranscriptError) return { ok: false, code: 'unknown-transcript', message: error.message };
        if (error instanceof UnavailableError) {
          // Not saved, so not created: nothing is confirmed, and its upload is not kept.
          releaseIfUnused(transcriptId);
          logger.warn({ address }, 'room refused: it could not be saved');
          return { ok: false, code: 'unavailable', message: error.message };
        }
        if (error instanceof RoomLimitError) {
          releaseIfUnused(transcriptId);
          return { ok: false, code: 'room-limit', message: error.message };
        }
        throw error;
      } finally {
        const left = (pending.get(owner) ?? 1) - 1;
        if (left > 0) pending.set(owner, left);
        else pending.delete(owner);
      }
    },

    expire,
  };
}

export type RoomAdmission = ReturnType<typeof roomAdmission>;
