import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config';
import { initialClock } from '../../../server/replay/clock';
import { RoomRegistry } from '../../../server/rooms/room-registry';
import { memoryRoomStore } from '../../../server/rooms/room-store';
import { startRoomSweeper } from '../../../server/rooms/room-sweeper';
import { FakeTime } from '../../support/fake-time';
import { loadVienna } from '../../support/load-vienna';

const HOUR = 3_600_000;
const vienna = loadVienna();

function setup() {
  const time = new FakeTime();
  const store = memoryRoomStore();
  const registry = new RoomRegistry({
    transcripts: new Map([[vienna.id, vienna]]),
    time,
    sinkFor: () => ({ segment: () => undefined, clock: () => undefined }),
    lookaheadMs: 1_000,
    loopPauseMs: 8_000,
    store,
    maxRooms: 10,
  });
  const occupied = new Set<string>();
  const expired: string[] = [];
  const shared: string[] = [];
  const sweeper = startRoomSweeper({
    registry,
    time,
    logger: pino({ level: 'silent' }),
    idleExpiryMs: 24 * HOUR,
    keep: new Set(['PRESS']),
    occupied: (code) => occupied.has(code),
    expire: async (room) => {
      expired.push(room.code);
      registry.expire(room.code);
    },
    noteActive: async (activity) => {
      shared.push(...activity.map((a) => a.code));
    },
  });
  return { time, store, registry, occupied, expired, shared, sweeper };
}

/** Advances the manual clock a minute at a time, letting each sweep finish. */
async function pass(time: FakeTime, ms: number) {
  for (let left = ms; left > 0; left -= 60_000) {
    time.advance(Math.min(60_000, left));
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

describe('the room sweeper', () => {
  it('expires a room 24 h after it emptied, keeps one in use and the default room, and leaves no timer behind when closed', async () => {
    const { time, registry, occupied, expired, sweeper, store } = setup();
    registry.create(vienna.id, { code: 'PRESS', secret: null, playing: false });
    const { room: empty } = registry.create(vienna.id, { code: 'EMPTY', playing: false, owner: '192.0.2.1' });
    const { room: busy } = registry.create(vienna.id, { code: 'BUSY', playing: false, owner: '192.0.2.1' });
    occupied.add(busy.code);
    await pass(time, 24 * HOUR - 60_000);
    expect(expired).toEqual([]);
    await pass(time, 2 * 60_000);
    expect(expired).toEqual([empty.code]);
    expect(store.rooms.map((r) => r.code).sort()).toEqual(['BUSY', 'PRESS']);

    // The busy room empties: its 24 hours start then.
    occupied.delete(busy.code);
    await pass(time, 23 * HOUR);
    expect(registry.get('BUSY')).toBeDefined();
    await pass(time, 2 * HOUR);
    expect(expired).toEqual(['EMPTY', 'BUSY']);
    expect(registry.get('PRESS')).toBeDefined();

    sweeper.close();
    registry.dispose();
    expect(time.pendingTimers).toBe(0);
  });

  it('tells the other nodes only about rooms whose activity moved on', async () => {
    const { time, registry, occupied, shared, sweeper } = setup();
    registry.create(vienna.id, { code: 'BUSY', playing: false });
    registry.create(vienna.id, { code: 'IDLE', playing: false });
    await pass(time, 60_000);
    expect(shared.sort()).toEqual(['BUSY', 'IDLE']);
    shared.length = 0;
    occupied.add('BUSY');
    await pass(time, 60_000);
    expect(shared).toEqual(['BUSY']);
    sweeper.close();
    registry.dispose();
  });
});

describe('a cluster node taking on a room', () => {
  it('does not count it as activity: a node that starts does not renew every room', () => {
    const { time, registry, sweeper } = setup();
    const createdAtMs = time.now() - 10 * HOUR;
    const room = registry.adopt({
      code: 'OLDER',
      transcriptId: vienna.id,
      secretHash: null,
      stream: 'stream-1',
      createdAtMs,
      clock: initialClock(vienna.durationMs, createdAtMs, { playing: false, loop: false }),
      owner: '192.0.2.9',
    })!;
    expect(room.lastActiveAtMs).toBe(createdAtMs);
    expect(room.owner).toBe('192.0.2.9');
    sweeper.close();
    registry.dispose();
  });
});

describe('room limits in the configuration', () => {
  const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: 'test', ...vars });
  it.each([
    [undefined, 24 * HOUR],
    ['24h', 24 * HOUR],
    ['90m', 90 * 60_000],
    ['30s', 30_000],
    ['1500ms', 1_500],
    ['86400000', 24 * HOUR],
    ['1.5h', 1.5 * HOUR],
  ])('ROOM_IDLE_EXPIRY=%s is %i ms', (value, ms) => {
    expect(readConfig(env(value === undefined ? {} : { ROOM_IDLE_EXPIRY: value })).roomIdleExpiryMs).toBe(ms);
  });

  it.each(['24 hours', '-1h', '10', 'h', '2y'])('refuses ROOM_IDLE_EXPIRY=%s, naming the variable', (value) => {
    expect(() => readConfig(env({ ROOM_IDLE_EXPIRY: value }))).toThrow(/ROOM_IDLE_EXPIRY/u);
  });

  it('defaults to five live rooms per address', () => {
    expect(readConfig(env())).toMatchObject({ maxRoomsPerAddress: 5, roomCreateBurst: 10, roomCreateIntervalMs: 60_000 });
  });
});
