import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets } from '../../../server/rooms/keyed-token-buckets';
import { DEFAULT_RATE_LIMITS } from '../../../server/realtime/create-realtime';
import { SocketBuckets, type RateLimits } from '../../../server/realtime/rate-limit';
import {
  CreateRoomRequestSchema,
  HandshakeAuthSchema,
  JoinRequestSchema,
  MAX_COMMAND_ID_LENGTH,
  MIN_COMMAND_ID_LENGTH,
  RateRequestSchema,
  SeekRequestSchema,
} from '../../../server/realtime/schemas';
import { MAX_RATE, MIN_RATE } from '../../../server/replay/clock';

/**
 * What a socket may send: every payload bound met exactly and missed by one unit (a character,
 * the next number a double can hold), and every per-socket token bucket emptied at its burst and
 * refilled at exactly its rate, on injected time.
 */

const nextUp = (x: number) => x + Number.EPSILON * Math.max(1, Math.abs(x));
const nextDown = (x: number) => x - Number.EPSILON * Math.max(1, Math.abs(x));
const id = (n: number) => 'c'.repeat(n);

const room = JoinRequestSchema.shape.room;
const stream = JoinRequestSchema.shape.stream.unwrap();
const transcriptId = CreateRoomRequestSchema.shape.transcriptId;
const segmentId = SeekRequestSchema.options[2].shape.segmentId;
const secret = HandshakeAuthSchema.shape.presenter.unwrap().shape.secret;
const at = (length: number | null) => length ?? NaN;

const join = (over: object) => JoinRequestSchema.safeParse({ room: 'PRESS', protocolVersion: 1, ...over }).success;
const command = { room: 'PRESS', commandId: id(MIN_COMMAND_ID_LENGTH) };

const ROWS: { limit: string; accepts: () => boolean; refuses: () => boolean }[] = [
  { limit: `room ≥ ${room.minLength} characters`, accepts: () => join({ room: id(at(room.minLength)) }), refuses: () => join({ room: id(at(room.minLength) - 1) }) },
  { limit: `room ≤ ${room.maxLength} characters`, accepts: () => join({ room: id(at(room.maxLength)) }), refuses: () => join({ room: id(at(room.maxLength) + 1) }) },
  { limit: `stream ≤ ${stream.maxLength} characters`, accepts: () => join({ stream: id(at(stream.maxLength)) }), refuses: () => join({ stream: id(at(stream.maxLength) + 1) }) },
  { limit: 'lastSeq ≥ 0', accepts: () => join({ lastSeq: 0 }), refuses: () => join({ lastSeq: -1 }) },
  { limit: 'protocolVersion ≥ 1', accepts: () => join({ protocolVersion: 1 }), refuses: () => join({ protocolVersion: 0 }) },
  {
    limit: `transcriptId ${transcriptId.minLength} to ${transcriptId.maxLength} characters (low end)`,
    accepts: () => CreateRoomRequestSchema.safeParse({ transcriptId: id(at(transcriptId.minLength)) }).success,
    refuses: () => CreateRoomRequestSchema.safeParse({ transcriptId: id(at(transcriptId.minLength) - 1) }).success,
  },
  {
    limit: `transcriptId ${transcriptId.minLength} to ${transcriptId.maxLength} characters (high end)`,
    accepts: () => CreateRoomRequestSchema.safeParse({ transcriptId: id(at(transcriptId.maxLength)) }).success,
    refuses: () => CreateRoomRequestSchema.safeParse({ transcriptId: id(at(transcriptId.maxLength) + 1) }).success,
  },
  {
    limit: `commandId ≥ ${MIN_COMMAND_ID_LENGTH} characters`,
    accepts: () => RateRequestSchema.safeParse({ ...command, commandId: id(MIN_COMMAND_ID_LENGTH), rate: 1 }).success,
    refuses: () => RateRequestSchema.safeParse({ ...command, commandId: id(MIN_COMMAND_ID_LENGTH - 1), rate: 1 }).success,
  },
  {
    limit: `commandId ≤ ${MAX_COMMAND_ID_LENGTH} characters`,
    accepts: () => RateRequestSchema.safeParse({ ...command, commandId: id(MAX_COMMAND_ID_LENGTH), rate: 1 }).success,
    refuses: () => RateRequestSchema.safeParse({ ...command, commandId: id(MAX_COMMAND_ID_LENGTH + 1), rate: 1 }).success,
  },
  {
    limit: `rate ≥ ${MIN_RATE}`,
    accepts: () => RateRequestSchema.safeParse({ ...command, rate: MIN_RATE }).success,
    refuses: () => RateRequestSchema.safeParse({ ...command, rate: nextDown(MIN_RATE) }).success,
  },
  {
    limit: `rate ≤ ${MAX_RATE}`,
    accepts: () => RateRequestSchema.safeParse({ ...command, rate: MAX_RATE }).success,
    refuses: () => RateRequestSchema.safeParse({ ...command, rate: nextUp(MAX_RATE) }).success,
  },
  {
    limit: 'seek positionMs ≥ 0',
    accepts: () => SeekRequestSchema.safeParse({ ...command, positionMs: 0 }).success,
    refuses: () => SeekRequestSchema.safeParse({ ...command, positionMs: -Number.MIN_VALUE }).success,
  },
  {
    limit: 'seek segmentIndex ≥ 0',
    accepts: () => SeekRequestSchema.safeParse({ ...command, segmentIndex: 0 }).success,
    refuses: () => SeekRequestSchema.safeParse({ ...command, segmentIndex: -1 }).success,
  },
  {
    limit: `seek segmentId ≤ ${segmentId.maxLength} characters`,
    accepts: () => SeekRequestSchema.safeParse({ ...command, segmentId: id(at(segmentId.maxLength)) }).success,
    refuses: () => SeekRequestSchema.safeParse({ ...command, segmentId: id(at(segmentId.maxLength) + 1) }).success,
  },
  {
    limit: `presenter secret ≤ ${secret.maxLength} characters`,
    accepts: () => HandshakeAuthSchema.safeParse({ presenter: { room: 'PRESS', secret: id(at(secret.maxLength)) } }).success,
    refuses: () => HandshakeAuthSchema.safeParse({ presenter: { room: 'PRESS', secret: id(at(secret.maxLength) + 1) } }).success,
  },
  {
    limit: `presenter secret ≥ ${secret.minLength} character`,
    accepts: () => HandshakeAuthSchema.safeParse({ presenter: { room: 'PRESS', secret: id(at(secret.minLength)) } }).success,
    refuses: () => HandshakeAuthSchema.safeParse({ presenter: { room: 'PRESS', secret: id(at(secret.minLength) - 1) } }).success,
  },
];

describe('socket payloads at their bounds', () => {
  it.each(ROWS)('$limit', ({ accepts, refuses }) => {
    expect(accepts(), 'at the bound').toBe(true);
    expect(refuses(), 'one unit past').toBe(false);
  });
});

describe('per-socket token buckets', () => {
  const BUCKETS: { name: keyof SocketBuckets; burst: keyof RateLimits; perSecond: keyof RateLimits }[] = [
    { name: 'events', burst: 'eventBurst', perSecond: 'eventsPerSecond' },
    { name: 'control', burst: 'controlBurst', perSecond: 'controlsPerSecond' },
    { name: 'create', burst: 'createBurst', perSecond: 'createsPerSecond' },
  ];

  /** A socket's buckets on a clock the test sets, emptied by its whole burst. */
  function emptied(name: keyof SocketBuckets, burst: number) {
    let now = 1_000_000;
    const buckets = new SocketBuckets(DEFAULT_RATE_LIMITS, () => now);
    const taken = Array.from({ length: burst }, () => buckets[name].take());
    return { taken, buckets, wait: (ms: number) => (now += ms) };
  }

  it.each(BUCKETS)('$name: the whole burst is taken, one more is refused', ({ name, burst }) => {
    const { taken, buckets } = emptied(name, DEFAULT_RATE_LIMITS[burst]);
    expect(taken.every(Boolean)).toBe(true);
    expect(buckets[name].take()).toBe(false);
  });

  it.each(BUCKETS)('$name: a client asking every millisecond gets its token exactly one refill interval later', ({ name, burst, perSecond }) => {
    const intervalMs = 1_000 / DEFAULT_RATE_LIMITS[perSecond];
    const { buckets, wait } = emptied(name, DEFAULT_RATE_LIMITS[burst]);
    let waited = 0;
    while (!buckets[name].take() && waited <= intervalMs) {
      wait(1);
      waited++;
    }
    expect(waited).toBe(intervalMs);
  });

  it.each(BUCKETS)('$name: an idle hour fills it to the burst, not one token more', ({ name, burst }) => {
    const { buckets, wait } = emptied(name, DEFAULT_RATE_LIMITS[burst]);
    wait(3_600_000);
    const taken = Array.from({ length: DEFAULT_RATE_LIMITS[burst] }, () => buckets[name].take());
    expect(taken.every(Boolean)).toBe(true);
    expect(buckets[name].take()).toBe(false);
  });

  it.each(BUCKETS)('$name: a token is back exactly one refill interval later, not a millisecond sooner', ({ name, burst, perSecond }) => {
    const intervalMs = 1_000 / DEFAULT_RATE_LIMITS[perSecond];
    const early = emptied(name, DEFAULT_RATE_LIMITS[burst]);
    early.wait(intervalMs - 1);
    expect(early.buckets[name].take()).toBe(false);
    const onTime = emptied(name, DEFAULT_RATE_LIMITS[burst]);
    onTime.wait(intervalMs);
    expect(onTime.buckets[name].take()).toBe(true);
    expect(onTime.buckets[name].take()).toBe(false);
  });
});

describe('per-address token buckets (POST /api/rooms)', () => {
  const CAPACITY = 3;
  const REFILL_MS = 60_000;

  function emptied(maxKeys?: number) {
    let now = 5_000_000;
    const buckets = new KeyedTokenBuckets(CAPACITY, REFILL_MS, () => now, maxKeys);
    const taken = Array.from({ length: CAPACITY }, () => buckets.take('a'));
    return { taken, buckets, wait: (ms: number) => (now += ms) };
  }

  it('takes the whole capacity, refuses one more, and says how long to wait', () => {
    const { taken, buckets } = emptied();
    expect(taken.every(Boolean)).toBe(true);
    expect(buckets.has('a')).toBe(false);
    expect(buckets.take('a')).toBe(false);
    expect(buckets.retryAfterMs('a')).toBe(REFILL_MS);
    expect(buckets.take('b')).toBe(true);
  });

  it('gives a token back exactly one refill later, not a millisecond sooner', () => {
    const early = emptied();
    early.wait(REFILL_MS - 1);
    expect(early.buckets.take('a')).toBe(false);
    expect(early.buckets.retryAfterMs('a')).toBe(1);
    const onTime = emptied();
    onTime.wait(REFILL_MS);
    expect(onTime.buckets.retryAfterMs('a')).toBe(0);
    expect(onTime.buckets.take('a')).toBe(true);
  });

  it('an idle day fills an address to its capacity, not one token more', () => {
    const { buckets, wait } = emptied();
    wait(86_400_000);
    expect(Array.from({ length: CAPACITY }, () => buckets.take('a')).every(Boolean)).toBe(true);
    expect(buckets.take('a')).toBe(false);
  });

  it('remembers as many addresses as it may; one more makes it forget the oldest', () => {
    const maxKeys = 4;
    const { buckets } = emptied(maxKeys);
    for (let k = 1; k < maxKeys; k++) buckets.take(`other-${k}`);
    expect(buckets.has('a'), `${maxKeys} addresses: the emptied one is remembered`).toBe(false);
    buckets.take('one-more');
    expect(buckets.has('a'), `${maxKeys + 1} addresses: the oldest is forgotten`).toBe(true);
  });
});
