/**
 * How every Boothcast client retries after its socket drops, as Socket.IO's manager options: the
 * browser's socket (socket.ts: viewer, console, embed), the load generator of the reconnect-storm
 * benchmark (bench/load/reconnect-storm.ts) and the production-restart test all take them from
 * here. Socket.IO waits `reconnectionDelay × 2^attempt`, ± `randomizationFactor` of it, at most
 * `reconnectionDelayMax`, before each attempt, the first one included.
 *
 * - First retry 250 to 750 ms after the drop: a restarted server listens about half a second to a
 *   second after it starts (docs/reliability.md), so most viewers find it on the first or second try.
 * - Capped at 1 s: once the server listens, no viewer waits more than about a second longer, which
 *   is what keeps "every viewer has captions within 2 s of the restart" (the goal of issue 16). The
 *   waits are what spares a server from its returning viewers, not the cap: an attempt on a server
 *   that is down is refused by the kernel at no cost to it; one on a server that is up is accepted.
 *   The reconnect-storm benchmark measures 10,000 viewers returning on these settings.
 * - ±50 % jitter: the drop reaches every viewer at once; the spread of the first wait (500 ms
 *   wide) keeps them from arriving at once, and the attempts after it keep that spread.
 */
export const RECONNECT_OPTIONS = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 1_000,
  randomizationFactor: 0.5,
} as const;
