import type { Logger } from 'pino';

/** What a drain does, in this order (app.ts wires each step to the node's parts). */
export interface DrainSteps {
  readonly logger: Logger;
  /** Turns `/readyz` to 503 with `draining`: a proxy or orchestrator that polls it stops sending new viewers here. */
  markDraining(): void;
  /**
   * Closes the listener: from now on a proxy's attempt to reach this node fails at once, and
   * nginx's `proxy_next_upstream error` sends it to another node (deploy/nginx.conf.template).
   */
  stopAccepting(): void;
  /**
   * Closes every viewer's connection at the transport, so each client reconnects by itself
   * through the proxy (Socket.IO clients do after a closed transport, but not after a
   * server-side `disconnect()`) and rejoins on another node for exactly what it missed.
   * Answers how many connections it closed.
   */
  moveViewers(): number;
  /** Saves the rooms' state and closes everything (app.ts's `close`). */
  close(): Promise<void>;
}

/**
 * SIGTERM's sequence: not ready at once, still serving for `graceMs` (long enough for a health
 * checker to notice: DRAIN_GRACE_MS), then stop accepting, hand the viewers to the other nodes,
 * save and close. Idempotent: a second call answers the first's promise.
 */
export function drainer(steps: DrainSteps): (graceMs: number) => Promise<void> {
  let draining: Promise<void> | undefined;
  return (graceMs) =>
    (draining ??= (async () => {
      steps.markDraining();
      steps.logger.info({ graceMs }, 'draining: not ready; serving until the grace period ends');
      if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
      steps.stopAccepting();
      const moved = steps.moveViewers();
      steps.logger.info({ connections: moved }, 'draining: listener closed, viewers sent to reconnect elsewhere');
      await steps.close();
    })());
}
