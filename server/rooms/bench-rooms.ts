import { ROOM_CODE_ALPHABET } from './room-code';

/**
 * Rooms for benchmarks (`BENCH_ROOMS=100`): deterministic codes (`B` + four code characters) and
 * deterministic random phases, so the baseline server in bench/ plays exactly the same schedule.
 */
export function benchRoomCode(index: number): string {
  let code = '';
  let n = index;
  for (let i = 0; i < 4; i++) {
    code = ROOM_CODE_ALPHABET[n % ROOM_CODE_ALPHABET.length] + code;
    n = Math.floor(n / ROOM_CODE_ALPHABET.length);
  }
  return `B${code}`;
}

/** Phase of bench room `index`, a position in [0, durationMs), from a fixed-seed generator. */
export function benchRoomPhase(index: number, durationMs: number): number {
  let state = (index * 2_654_435_761 + 1_013_904_223) >>> 0;
  state = (state * 1_664_525 + 1_013_904_223) >>> 0;
  return Math.floor((state / 2 ** 32) * durationMs);
}
