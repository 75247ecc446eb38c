import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presentersChannel, roomChannel } from '../../../server/realtime/channels';
import { PRESENCE_INTERVAL_MS, presenceNotifier } from '../../../server/realtime/presence';
import type { IoServer } from '../../../server/realtime/types';

/** The part of Socket.IO's server that presence reads: the adapter's rooms and a local emit. */
function fakeIo() {
  const rooms = new Map<string, Set<string>>();
  const sent: { to: string; event: string; payload: unknown }[] = [];
  const io = {
    of: () => ({ adapter: { rooms } }),
    local: { to: (to: string) => ({ emit: (event: string, payload: unknown) => sent.push({ to, event, payload }) }) },
  } as unknown as IoServer;
  return { io, rooms, sent };
}

describe('presence (presence.ts)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tells a room’s presenters its viewer count once per interval, however many viewers come and go', async () => {
    const { io, rooms, sent } = fakeIo();
    rooms.set(presentersChannel('ROOM1'), new Set(['console']));
    rooms.set(roomChannel('ROOM1'), new Set(['console']));
    const presence = presenceNotifier(io);
    // A storm: 3,000 viewers leave and come back within the interval.
    for (let i = 0; i < 3000; i++) {
      presence.changed('ROOM1');
      rooms.get(roomChannel('ROOM1'))!.add(`v${i}`);
    }
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(PRESENCE_INTERVAL_MS);
    expect(sent).toEqual([{ to: presentersChannel('ROOM1'), event: 'room:presence', payload: { room: 'ROOM1', viewers: 3000 } }]);
    presence.changed('ROOM1');
    await vi.advanceTimersByTimeAsync(PRESENCE_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    presence.close();
  });

  it('tells the other nodes of a burst of local changes once per interval, and never echoes theirs back', async () => {
    const { io } = fakeIo();
    const presence = presenceNotifier(io);
    const announced: string[] = [];
    presence.announceWith((code) => announced.push(code));
    presence.countWith({ viewers: (_code, local) => Promise.resolve(local) });
    for (let i = 0; i < 1000; i++) presence.changed('ROOM1');
    presence.changed('ROOM2', true);
    await vi.advanceTimersByTimeAsync(PRESENCE_INTERVAL_MS);
    expect(announced).toEqual(['ROOM1']);
    // Another node's change alone is not announced; a local one in a later interval is, once.
    presence.changed('ROOM1', true);
    await vi.advanceTimersByTimeAsync(PRESENCE_INTERVAL_MS);
    expect(announced).toEqual(['ROOM1']);
    presence.changed('ROOM1');
    presence.changed('ROOM1');
    await vi.advanceTimersByTimeAsync(PRESENCE_INTERVAL_MS);
    expect(announced).toEqual(['ROOM1', 'ROOM1']);
    presence.close();
  });
});
