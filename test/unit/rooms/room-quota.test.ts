import { describe, expect, it } from 'vitest';
import { RoomQuota } from '../../../server/rooms/room-quota';

describe('RoomQuota', () => {
  const setup = (live: Record<string, number> = {}) => {
    let now = 0;
    const owned = { ...live };
    const quota = new RoomQuota({ maxLivePerAddress: 3, createBurst: 4, createIntervalMs: 60_000 }, () => now, (key) => ({
      count: owned[key] ?? 0,
      nextExpiryInMs: 5_000,
    }));
    return { quota, owned, advance: (ms: number) => (now += ms) };
  };

  it('refuses an address that holds the most live rooms, saying when one may expire', () => {
    const { quota } = setup({ '203.0.113.9': 3 });
    expect(quota.check('203.0.113.9')).toMatchObject({ ok: false, reason: 'live', retryAfterMs: 5_000 });
    expect(quota.check('203.0.113.10')).toEqual({ ok: true });
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4 self', () => {
    const { quota } = setup({ '2001:db8:1:2::/64': 3, '192.0.2.1': 3 });
    expect(quota.check('2001:db8:1:2::99').ok).toBe(false);
    expect(quota.check('::ffff:192.0.2.1').ok).toBe(false);
  });

  it('paces creation: the burst, then one per interval, whatever rooms have expired', () => {
    const { quota, advance } = setup();
    for (let i = 0; i < 4; i++) {
      expect(quota.check('192.0.2.7').ok).toBe(true);
      quota.spend('192.0.2.7');
    }
    expect(quota.check('192.0.2.7')).toMatchObject({ ok: false, reason: 'rate', retryAfterMs: 60_000 });
    advance(59_999);
    expect(quota.check('192.0.2.7').ok).toBe(false);
    advance(1);
    expect(quota.check('192.0.2.7').ok).toBe(true);
  });

  it('a refused attempt costs nothing', () => {
    const { quota, owned } = setup({ '192.0.2.8': 3 });
    for (let i = 0; i < 10; i++) expect(quota.check('192.0.2.8').ok).toBe(false);
    owned['192.0.2.8'] = 0;
    expect(quota.check('192.0.2.8').ok).toBe(true);
  });
});
