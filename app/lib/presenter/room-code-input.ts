/**
 * What a student types in "Join a room", made into a room code. Same alphabet and lengths as the
 * server's `ROOM_CODE_PATTERN` (server/rooms/room-code.ts, which a browser bundle cannot import:
 * it needs node:crypto); a unit test keeps the two equal.
 */
export const JOIN_CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4,8}$/u;

/** Upper-cased, with spaces and dashes people add when reading a code aloud removed; `undefined` if it cannot be a code. */
export function roomCodeFromInput(input: string): string | undefined {
  const code = input.replace(/[\s-]+/gu, '').toUpperCase();
  return JOIN_CODE_PATTERN.test(code) ? code : undefined;
}
