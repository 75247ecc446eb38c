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
  /**
   * Socket.IO's own default, written out because the storm benchmark models it: an attempt whose
   * connection (TCP, WebSocket upgrade, Engine.IO open, Socket.IO connect) is not up within 20 s
   * is abandoned and retried. A handshake the kernel dropped on a full accept queue can otherwise
   * hang much longer than that.
   */
  timeout: 20_000,
} as const;

/**
 * A `room:join` whose reply has not come this long after it was sent, on a socket that is still
 * connected, is sent again (docs/protocol.md, "A reply that does not come"). The first reply to
 * arrive is applied, later ones ignored. Long on purpose: a server that is merely slow (a
 * reconnect storm: replies take seconds) would only get more work from a join asked again, and a
 * server that is gone is noticed by Socket.IO's heartbeat, which reconnects and joins anew; this
 * is for a reply lost on a connection that stays up. A benchmark run with 10 s on a saturated
 * machine did not even connect its 10,000 viewers.
 */
export const JOIN_REPLY_TIMEOUT_MS = 30_000;
