import { describe, expect, it } from 'vitest';
import { RECONNECT_OPTIONS } from '../../../app/lib/reconnect-policy';
import { pagesStartDelayMs } from '../../../server/http/after-reconnects';

describe('when Next.js starts loading', () => {
  it('after a restart that restored rooms: once every dropped viewer has had its next try (one capped wait) and time to join', () => {
    expect(pagesStartDelayMs(2)).toBeGreaterThan(RECONNECT_OPTIONS.reconnectionDelayMax);
    expect(pagesStartDelayMs(2)).toBeLessThanOrEqual(RECONNECT_OPTIONS.reconnectionDelayMax + 1_000);
  });

  it('on a first start, with nobody to wait for: at once', () => {
    expect(pagesStartDelayMs(0)).toBe(0);
  });
});
