import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, secretMatches } from '../../../server/rooms/presenter-secret';
import { generateRoomCode, normaliseRoomCode, ROOM_CODE_ALPHABET } from '../../../server/rooms/room-code';

describe('presenter secret', () => {
  // Made inside each test, not when the file loads, so a fault in making or hashing one fails a test.
  it('matches only the exact secret', () => {
    const secret = newSecret();
    const hash = hashSecret(secret);
    expect(secretMatches(hash, secret)).toBe(true);
    expect(secretMatches(hash, `${secret} `)).toBe(false);
    expect(secretMatches(hash, secret.slice(1))).toBe(false);
    expect(secretMatches(hash, '')).toBe(false);
    expect(secretMatches(hash, undefined)).toBe(false);
    expect(secretMatches(hash, { toString: () => secret })).toBe(false);
    expect(secretMatches(undefined, secret)).toBe(false);
    expect(secretMatches('', secret)).toBe(false);
    expect(secretMatches(hash.slice(0, 32), secret)).toBe(false);
  });

  it('is long and random, and only its hash is kept', () => {
    const secret = newSecret();
    const hash = hashSecret(secret);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/u);
    expect(newSecret()).not.toBe(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(hash).not.toContain(secret);
  });

  it('hashes with SHA-256 of the UTF-8 text, so a saved hash still matches after an upgrade', () => {
    // FIPS 180-2's test vector for "abc", and a Cyrillic secret (hashlib.sha256('тайна'.encode())).
    expect(hashSecret('тайна')).toBe('b73a254a5afe7314b1975f89f0bd82018f2ac759ee0eae593364dc7714b3ed93');
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretMatches('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'abc')).toBe(true);
  });
});

describe('room codes', () => {
  it('never use characters that read alike on a projector', () => {
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(ROOM_CODE_ALPHABET).not.toContain(ambiguous);
    for (let i = 0; i < 200; i++) expect(generateRoomCode(() => false)).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{5}$/u);
  });

  it('accepts what a person types, in any case, and rejects what cannot be a code', () => {
    expect(normaliseRoomCode(' press ')).toBe('PRESS');
    expect(normaliseRoomCode('PR0SS')).toBeUndefined();
    expect(normaliseRoomCode('<script>')).toBeUndefined();
    expect(normaliseRoomCode('AB')).toBeUndefined();
  });

  it('avoids codes already taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 50; i++) taken.add(generateRoomCode((c) => taken.has(c)));
    expect(taken.size).toBe(50);
  });
});
