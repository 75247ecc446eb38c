import { describe, expect, it } from 'vitest';
import { readiness, type ReadinessInput } from '../../../server/http/readiness';

describe('readiness', () => {
  // Each row: what the node knows, whether a proxy should send it traffic, and what it says.
  const rows: [ReadinessInput, boolean, Partial<ReturnType<typeof readiness>>][] = [
    [{ redisUp: undefined, stateWritable: true, pagesUp: true }, true, { redis: 'not used', state: 'writable', pages: 'ready' }],
    [{ redisUp: undefined, stateWritable: false, pagesUp: true }, false, { state: 'unwritable' }],
    [{ redisUp: undefined, stateWritable: true, pagesUp: false }, false, { pages: 'starting' }],
    [{ redisUp: undefined, stateWritable: true, pagesUp: undefined }, true, { pages: 'not served' }],
    [{ redisUp: true, stateWritable: undefined, pagesUp: true }, true, { redis: 'up', state: 'not used' }],
    [{ redisUp: false, stateWritable: undefined, pagesUp: true }, false, { redis: 'down' }],
  ];
  it.each(rows)('%o → ready %s', (input, ready, says) => {
    expect(readiness(input)).toMatchObject({ ready, ...says });
  });
});
