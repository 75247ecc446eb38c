/**
 * What `/healthz` and `/readyz` report. Liveness (`/healthz`) fails only when a cluster node has
 * lost Redis; readiness (`/readyz`) also fails while room state cannot be saved, because such a
 * node refuses new rooms and would lose its presenters' changes in a restart, and while its pages
 * are still starting after a restart.
 */
export interface ReadinessInput {
  /** Cluster mode: whether Redis answers; `undefined` alone. */
  readonly redisUp: boolean | undefined;
  /** Alone: whether the last write of the state file succeeded; `undefined` in a cluster (Redis holds the rooms). */
  readonly stateWritable: boolean | undefined;
  /** Whether Next.js answers pages yet; `undefined` on a node that serves none (SERVE_PAGES=0). */
  readonly pagesUp: boolean | undefined;
}

export interface Readiness {
  readonly ready: boolean;
  readonly redis: 'up' | 'down' | 'not used';
  readonly state: 'writable' | 'unwritable' | 'not used';
  readonly pages: 'ready' | 'starting' | 'not served';
}

export function readiness({ redisUp, stateWritable, pagesUp }: ReadinessInput): Readiness {
  return {
    ready: redisUp !== false && stateWritable !== false && pagesUp !== false,
    redis: redisUp === undefined ? 'not used' : redisUp ? 'up' : 'down',
    state: stateWritable === undefined ? 'not used' : stateWritable ? 'writable' : 'unwritable',
    pages: pagesUp === undefined ? 'not served' : pagesUp ? 'ready' : 'starting',
  };
}
