import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A room's presenter secret: 192 random bits, shown once to whoever created the room. The server
 * keeps only its SHA-256, and compares hashes in constant time, so neither a timing difference nor
 * the state file gives the secret away.
 */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function hashSecret(secret: string): string {
  // A string is hashed as its UTF-8 bytes.
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(expectedHash: string | undefined, provided: unknown): boolean {
  // Hash whatever was sent (even nothing) so a wrong, missing or odd-length secret costs the same.
  // Stryker disable next-line StringLiteral: any stand-in for a non-string does, as it only has to differ from every room's secret (newSecret)
  const text = typeof provided === 'string' ? provided : '';
  const actual = createHash('sha256').update(text).digest();
  // Stryker disable next-line StringLiteral: the stand-in for no hash decodes to no bytes either way ("Stryker was here!" is not hex)
  const hexHash = expectedHash ?? '';
  const expected = Buffer.from(hexHash, 'hex');
  if (expected.length !== actual.length) {
    timingSafeEqual(actual, actual);
    return false;
  }
  return timingSafeEqual(expected, actual);
}
