/**
 * "Back in sync" after a storm, in two steps across all workers: first the newest position any
 * viewer of a room holds (the mark), then, a moment later, whether every joined viewer has reached
 * it. The moment between is the allowance for messages still on their way when the mark was taken.
 */
import type { RoomPosition } from './protocol';
import type { Viewer } from './viewer';

/** Per room, the highest seq and the highest clock epoch any joined viewer holds. */
export function newestPositions(viewers: readonly Viewer[]): Record<string, RoomPosition> {
  const rooms: Record<string, RoomPosition> = {};
  for (const v of viewers) {
    if (!v.joined) continue;
    const newest = rooms[v.room];
    const epoch = v.clock?.epoch ?? -1;
    rooms[v.room] = { seq: Math.max(newest?.seq ?? -1, v.lastSeq), epoch: Math.max(newest?.epoch ?? -1, epoch) };
  }
  return rooms;
}

/** Joined viewers behind the required seq, or whose clock is of an older epoch than required. */
export function checkSync(viewers: readonly Viewer[], required: Readonly<Record<string, RoomPosition>>): { checked: number; outOfSync: number; maxBehind: number } {
  let checked = 0;
  let outOfSync = 0;
  let maxBehind = 0;
  for (const v of viewers) {
    if (!v.joined) continue;
    checked++;
    const need = required[v.room];
    const behind = need.seq - v.lastSeq;
    if (behind > 0 || (v.clock?.epoch ?? -1) < need.epoch) outOfSync++;
    maxBehind = Math.max(maxBehind, behind);
  }
  return { checked, outOfSync, maxBehind };
}
