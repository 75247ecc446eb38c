import { addressKey } from '../realtime/client-address';
import { KeyedTokenBuckets } from './keyed-token-buckets';

export interface RoomQuotaLimits {
  /** Live rooms one address may hold at once. */
  readonly maxLivePerAddress: number;
  /** Rooms one address may open at once, then one per `createIntervalMs`. */
  readonly createBurst: number;
  readonly createIntervalMs: number;
}

export type QuotaVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'rate' | 'live'; readonly retryAfterMs: number; readonly message: string };

/**
 * How many rooms one client address may open, over the socket and HTTP alike: a token bucket
 * for the pace, and a cap on the rooms it holds at once (counted by the caller, from the rooms
 * that are still there, so an expired or evicted room frees its place).
 */
export class RoomQuota {
  private readonly buckets: KeyedTokenBuckets;

  constructor(
    private readonly limits: RoomQuotaLimits,
    now: () => number,
    /** Live rooms owned by an address key, and how long until the first of them may expire. */
    private readonly live: (key: string) => { count: number; nextExpiryInMs: number },
  ) {
    this.buckets = new KeyedTokenBuckets(limits.createBurst, limits.createIntervalMs, now);
  }

  check(address: string): QuotaVerdict {
    const key = addressKey(address);
    const live = this.live(key);
    if (live.count >= this.limits.maxLivePerAddress) {
      return {
        ok: false,
        reason: 'live',
        retryAfterMs: live.nextExpiryInMs,
        message: `this address already holds ${live.count} rooms (at most ${this.limits.maxLivePerAddress}); an idle room closes by itself`,
      };
    }
    if (!this.buckets.has(key)) {
      return { ok: false, reason: 'rate', retryAfterMs: this.buckets.retryAfterMs(key), message: 'too many rooms opened from this address; wait a little' };
    }
    return { ok: true };
  }

  /** Counts a room that was opened (only then: a refused or failed attempt costs nothing). */
  spend(address: string): void {
    this.buckets.take(addressKey(address));
  }
}
