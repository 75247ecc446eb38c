import { describe, expect, it } from 'vitest';
import { SocketBuckets, TokenBucket } from '../../../server/realtime/rate-limit';

function takes(bucket: TokenBucket, count: number): boolean[] {
  return Array.from({ length: count }, () => bucket.take());
}

describe('socket token bucket', () => {
  it('lets a burst of its capacity through at once, then refuses', () => {
    const bucket = new TokenBucket(3, 1, () => 0);
    expect(takes(bucket, 4)).toEqual([true, true, true, false]);
  });

  it('refills at its rate, a whole token at a time', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 4, () => now);
    takes(bucket, 2);
    now = 249; // 0.996 of a token
    expect(bucket.take()).toBe(false);
    now = 250;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 750; // two tokens
    expect(takes(bucket, 3)).toEqual([true, true, false]);
  });

  it('never holds more than its capacity, however long it was idle', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 10, () => now);
    now = 3_600_000;
    expect(takes(bucket, 3)).toEqual([true, true, false]);
  });

  it('does not count a refused attempt against the next one', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 1, () => now);
    expect(bucket.take()).toBe(true);
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(false);
    now = 1_000;
    expect(bucket.take()).toBe(true);
  });
});

describe('per-socket buckets', () => {
  const limits = { eventBurst: 3, eventsPerSecond: 1, controlBurst: 2, controlsPerSecond: 1, createBurst: 1, createsPerSecond: 1 };

  it('limits events, commands and room creation each with its own sizes, independently', () => {
    const buckets = new SocketBuckets(limits, () => 0);
    expect(takes(buckets.control, 3)).toEqual([true, true, false]);
    expect(takes(buckets.events, 4)).toEqual([true, true, true, false]);
    expect(takes(buckets.create, 2)).toEqual([true, false]);
  });

  it('keeps each bucket across uses, so a spent one stays spent', () => {
    let now = 0;
    const buckets = new SocketBuckets(limits, () => now);
    takes(buckets.events, 3);
    takes(buckets.control, 2);
    takes(buckets.create, 1);
    now = 500;
    expect([buckets.events.take(), buckets.control.take(), buckets.create.take()]).toEqual([false, false, false]);
    now = 1_000;
    expect([buckets.events.take(), buckets.control.take(), buckets.create.take()]).toEqual([true, true, true]);
  });

  it('makes a bucket full on first use, however late that is', () => {
    let now = 0;
    const buckets = new SocketBuckets(limits, () => now);
    now = 60_000;
    expect(takes(buckets.control, 3)).toEqual([true, true, false]);
  });
});
