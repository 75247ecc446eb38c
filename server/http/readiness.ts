/**
 * What `/livez` and `/readyz` report. Liveness (`/livez`, alias `/healthz`) fails only when the
 * process cannot answer at all: a node that lost Redis or its disk still serves its viewers, and
 * restarting it would not bring Redis back. Readiness (`/readyz`) fails while the node should get
 * no new traffic: its pages are still starting after a restart, it is draining before a stop
 * (SIGTERM), Redis is down in cluster mode, or room state cannot be saved (such a node refuses new
 * rooms and would lose its presenters' changes in a restart).
 */
export interface ReadinessInput {
  /** Cluster mode: whether Redis answers; `undefined` alone. */
  readonly redisUp: boolean | undefined;
  /** Alone: whether the last write of the state file succeeded; `undefined` in a cluster (Redis holds the rooms). */
  readonly stateWritable: boolean | undefined;
  /** Whether Next.js answers pages yet; `undefined` on a node that serves none (SERVE_PAGES=0). */
  readonly pagesUp: boolean | undefined;
  /** Set from SIGTERM on: the node is handing its viewers to the others and will stop (ops/drain.ts). */
  readonly draining?: boolean;
}

export interface Readiness {
  readonly ready: boolean;
  readonly redis: 'up' | 'down' | 'not used';
  readonly state: 'writable' | 'unwritable' | 'not used';
  readonly pages: 'ready' | 'starting' | 'not served';
  readonly draining: boolean;
  /** Why it is not ready, in words, for whoever reads the probe's body; empty when ready. */
  readonly reasons: readonly string[];
}

export function readiness({ redisUp, stateWritable, pagesUp, draining = false }: ReadinessInput): Readiness {
  const reasons: string[] = [];
  if (draining) reasons.push('draining: the node is stopping and hands its viewers to the others');
  if (pagesUp === false) reasons.push('starting: the pages are not served yet');
  if (redisUp === false) reasons.push('Redis is down');
  if (stateWritable === false) reasons.push('room state cannot be saved');
  return {
    ready: reasons.length === 0,
    redis: redisUp === undefined ? 'not used' : redisUp ? 'up' : 'down',
    state: stateWritable === undefined ? 'not used' : stateWritable ? 'writable' : 'unwritable',
    pages: pagesUp === undefined ? 'not served' : pagesUp ? 'ready' : 'starting',
    draining,
    reasons,
  };
}
