import type { IoServer } from './types';
import { presentersChannel, roomChannel } from './channels';

/** Presence is sent to presenters at most this often per room, however fast viewers come and go. */
export const PRESENCE_INTERVAL_MS = 500;

/** Tells each room's presenters how many viewers it has, coalescing bursts of joins and leaves. */
export function presenceNotifier(io: IoServer) {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Rooms whose local change the other nodes have not been told of yet. */
  const announcing = new Set<string>();
  let rooms: { viewers(code: string, local: number): Promise<number> } | undefined;
  let announce: ((code: string) => void) | undefined;
  // Viewers are the sockets in the room that are not its presenters' consoles.
  const viewers = (code: string) => {
    const rooms = io.of('/').adapter.rooms;
    const members = rooms.get(roomChannel(code));
    const presenters = rooms.get(presentersChannel(code));
    if (!members) return 0;
    if (!presenters) return members.size;
    let count = 0;
    for (const id of members) if (!presenters.has(id)) count++;
    return count;
  };
  return {
    viewers,
    /** Whether anyone, presenter or viewer, holds a socket in the room on this node. */
    occupied(code: string): boolean {
      const rooms = io.of('/').adapter.rooms;
      return (rooms.get(roomChannel(code))?.size ?? 0) > 0 || (rooms.get(presentersChannel(code))?.size ?? 0) > 0;
    },
    /** Where cluster-wide counts come from (the room service); local counts until it is set. */
    countWith(service: { viewers(code: string, local: number): Promise<number> }) {
      rooms = service;
    },
    /** Cluster mode: tell the other nodes when this node's viewers of a room change. */
    announceWith(fn: (code: string) => void) {
      announce = fn;
    },
    /**
     * A room's viewers changed here (or, with `remote`, on another node). Both the notice to this
     * node's consoles and, for a local change, the word to the other nodes go at most once per
     * PRESENCE_INTERVAL_MS per room: in a reconnect storm every one of thousands of leaves and
     * joins calls this, and the other nodes' consoles need the count, not each event (each
     * announcement is a message through Redis to every node).
     */
    changed(code: string, remote = false) {
      if (!remote) announcing.add(code);
      if (pending.has(code)) return;
      pending.set(
        code,
        setTimeout(() => {
          pending.delete(code);
          if (announcing.delete(code)) announce?.(code);
          const local = viewers(code);
          const presenters = io.of('/').adapter.rooms.get(presentersChannel(code))?.size ?? 0;
          if (presenters === 0 && !rooms) return;
          void (rooms ? rooms.viewers(code, local) : Promise.resolve(local)).then((count) => {
            // Only this node's consoles hear it; other nodes count for their own consoles.
            if ((io.of('/').adapter.rooms.get(presentersChannel(code))?.size ?? 0) > 0) {
              io.local.to(presentersChannel(code)).emit('room:presence', { room: code, viewers: count });
            }
          });
        }, PRESENCE_INTERVAL_MS),
      );
    },
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      announcing.clear();
    },
  };
}
