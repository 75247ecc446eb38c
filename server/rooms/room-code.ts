import { randomInt } from 'node:crypto';

/**
 * Room codes are read off a projector and typed on a phone: no 0/O, no 1/I/L.
 * Five characters from 31 give 28 million codes.
 */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 5;
/** Codes people choose (the default room `PRESS`) may be shorter or longer: 4 to 8 still fit a projector line and a phone keyboard. */
export const MIN_ROOM_CODE_LENGTH = 4;
export const MAX_ROOM_CODE_LENGTH = 8;
export const ROOM_CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${MIN_ROOM_CODE_LENGTH},${MAX_ROOM_CODE_LENGTH}}$`, 'u');

/** Upper-cases and trims what a person typed; `undefined` if it cannot be a room code. */
export function normaliseRoomCode(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return ROOM_CODE_PATTERN.test(code) ? code : undefined;
}

/**
 * A room code from a URL path segment, percent-encoded or not: Next.js hands route handlers their
 * parameters decoded, so a second decode meets a lone `%` (from `%25`) and must not throw.
 */
export function roomCodeFromPath(segment: string): string | undefined {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // Not decodable, so it holds a `%`: no room code does.
  }
  return normaliseRoomCode(text);
}

export function generateRoomCode(taken: (code: string) => boolean): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
    if (!taken(code)) return code;
  }
}
