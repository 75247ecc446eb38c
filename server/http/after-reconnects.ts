import { RECONNECT_OPTIONS } from '../../app/lib/reconnect-policy';

/**
 * How long a restarted server waits before it loads Next.js: every viewer the restart dropped
 * tries again within one capped reconnect wait of the listener opening
 * (app/lib/reconnect-policy.ts), and half a second more lets the last of them join. Loading
 * Next.js holds the event loop for half a second on an idle 2-core machine and for several
 * seconds on a busy one; the viewers' joins would wait behind it (measured: the whole wave 3 s
 * late when it started 250 ms after the listener). Pages meanwhile answer 503 with `Retry-After`.
 */
export const RECONNECT_WAVE_MS = RECONNECT_OPTIONS.reconnectionDelayMax + 500;

/** The wait before loading Next.js: the wave's length after a restart that brought rooms back, none on a first start. */
export function pagesStartDelayMs(restoredRooms: number): number {
  return restoredRooms > 0 ? RECONNECT_WAVE_MS : 0;
}
