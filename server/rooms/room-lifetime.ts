/** What the lifetime rules need to know of a room. */
export interface RoomActivity {
  readonly code: string;
  readonly lastActiveAtMs: number;
}

/**
 * Which rooms have been empty (no presenter, no viewer) for `idleExpiryMs` or longer. `occupied`
 * says whether anyone is in a room now; `keep` are never removed (the always-on default room).
 */
export function roomsToExpire<R extends RoomActivity>(
  rooms: Iterable<R>,
  nowMs: number,
  idleExpiryMs: number,
  keep: ReadonlySet<string>,
  occupied: (code: string) => boolean,
): R[] {
  const due: R[] = [];
  for (const room of rooms) {
    if (keep.has(room.code) || occupied(room.code)) continue;
    if (nowMs - room.lastActiveAtMs >= idleExpiryMs) due.push(room);
  }
  return due;
}

/**
 * The room to give up when the server is full and someone asks for a new one: the one empty the
 * longest. Never a kept room, never one with anyone in it; `undefined` when every room is in use.
 */
export function evictionCandidate<R extends RoomActivity>(rooms: Iterable<R>, keep: ReadonlySet<string>, occupied: (code: string) => boolean): R | undefined {
  let best: R | undefined;
  for (const room of rooms) {
    if (keep.has(room.code) || occupied(room.code)) continue;
    if (!best || room.lastActiveAtMs < best.lastActiveAtMs) best = room;
  }
  return best;
}

/** How often empty rooms are looked for: often enough that a room outlives its expiry by little. */
export function sweepIntervalMs(idleExpiryMs: number): number {
  // A tenth of the expiry (a room lives at most 10 % longer than it should), at most a minute.
  return Math.max(1, Math.min(MAX_SWEEP_INTERVAL_MS, Math.floor(idleExpiryMs / 10)));
}
const MAX_SWEEP_INTERVAL_MS = 60_000;
