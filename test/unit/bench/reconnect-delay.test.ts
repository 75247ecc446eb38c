import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECONNECT_OPTIONS } from '../../../app/lib/reconnect-policy';
import { reconnectDelayMs } from '../../../bench/load/reconnect-storm';

describe("the storm's reconnect waits, as socket.io-client computes them from the browser's options", () => {
  it.each([
    // draw → the sign comes from its first decimal digit (even: shorter), the size from the draw.
    { attempt: 0, draw: 0, waitMs: 500 },
    { attempt: 0, draw: 0.5, waitMs: 625 },
    { attempt: 0, draw: 0.85, waitMs: 288 },
    { attempt: 0, draw: 0.95, waitMs: 737 },
    { attempt: 1, draw: 0.1, waitMs: 1_000 },
    { attempt: 1, draw: 0.0, waitMs: 1_000 },
    { attempt: 1, draw: 0.2, waitMs: 900 },
    { attempt: 5, draw: 0.4, waitMs: 1_000 },
  ])('attempt $attempt, draw $draw: $waitMs ms', ({ attempt, draw, waitMs }) => {
    expect(reconnectDelayMs(attempt, () => draw)).toBe(waitMs);
  });

  it('first try within 250 to 750 ms of the drop, and never a wait past the cap', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, draw) => {
        const waitMs = reconnectDelayMs(attempt, () => draw);
        expect(waitMs).toBeLessThanOrEqual(RECONNECT_OPTIONS.reconnectionDelayMax);
        if (attempt === 0) {
          expect(waitMs).toBeGreaterThanOrEqual(250);
          expect(waitMs).toBeLessThanOrEqual(750);
        }
      }),
    );
  });
});
