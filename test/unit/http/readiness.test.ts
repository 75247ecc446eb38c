import { describe, expect, it } from 'vitest';
import { readiness, type ReadinessInput } from '../../../server/http/readiness';

describe('readiness', () => {
  // Each row: what the node knows, whether a proxy should send it traffic, and what it says.
  const rows: [ReadinessInput, boolean, Partial<ReturnType<typeof readiness>>][] = [
    [{ redisUp: undefined, stateWritable: true, pagesUp: true }, true, { redis: 'not used', state: 'writable', pages: 'ready', draining: false, reasons: [] }],
    [{ redisUp: undefined, stateWritable: false, pagesUp: true }, false, { state: 'unwritable', reasons: ['room state cannot be saved'] }],
    [{ redisUp: undefined, stateWritable: true, pagesUp: false }, false, { pages: 'starting', reasons: ['starting: the pages are not served yet'] }],
    [{ redisUp: undefined, stateWritable: true, pagesUp: undefined }, true, { pages: 'not served' }],
    [{ redisUp: true, stateWritable: undefined, pagesUp: true }, true, { redis: 'up', state: 'not used' }],
    [{ redisUp: false, stateWritable: undefined, pagesUp: true }, false, { redis: 'down', reasons: ['Redis is down'] }],
    [{ redisUp: true, stateWritable: undefined, pagesUp: true, draining: true }, false, { draining: true, reasons: ['draining: the node is stopping and hands its viewers to the others'] }],
    [{ redisUp: undefined, stateWritable: true, pagesUp: undefined, draining: false }, true, { draining: false }],
  ];
  it.each(rows)('%o → ready %s', (input, ready, says) => {
    expect(readiness(input)).toMatchObject({ ready, ...says });
  });

  it('names every reason at once, so one look at the probe says all that is wrong', () => {
    expect(readiness({ redisUp: false, stateWritable: undefined, pagesUp: false, draining: true }).reasons).toHaveLength(3);
  });
});
