import type { IoServer } from './create-realtime';
import { presentersChannel, roomChannel } from './channels';

/** Presence is sent to presenters at most this often per room, however fast viewers come and go. */
export const PRESENCE_INTERVAL_MS = 500;

/** Tells each room's presenters how many viewers it has, coalescing bursts of joins and leaves. */
export function presenceNotifier(io: IoServer) {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
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
    changed(code: string) {
      if (pending.has(code)) return;
      pending.set(
        code,
        setTimeout(() => {
          pending.delete(code);
          io.to(presentersChannel(code)).emit('room:presence', { room: code, viewers: viewers(code) });
        }, PRESENCE_INTERVAL_MS),
      );
    },
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
