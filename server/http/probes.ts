import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from './readiness';
import { metricsAllowed } from './metrics-access';

/** What the probes read from the running node, each time they are asked. */
export interface ProbeSources {
  /** The node's readiness now (readiness.ts). */
  readiness(): Readiness;
  /** Rooms this node plays. */
  rooms(): number;
  /** The Prometheus exposition (metrics/prometheus.ts). */
  exposition(): Promise<{ body: string; contentType: string }>;
  /** METRICS_TOKEN: the bearer token `/metrics` asks for; without it, loopback only (metrics-access.ts). */
  readonly metricsToken: string | undefined;
  /**
   * BENCH_METRICS=1: the benchmarks' JSON (memory, CPU, sockets, fan-out, scheduling error
   * percentiles) at `/bench-metrics`; `reset` starts a new window for the scheduling error.
   */
  benchMetrics?: (reset: boolean) => unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/**
 * The operations endpoints, answered before the pages and never by Next.js (they must answer
 * while it starts): `/livez` (and `/healthz`, its older name), `/readyz`, `/metrics` and, for
 * the benchmarks, `/bench-metrics`. Returns whether it answered the request.
 */
export function probeRoutes(sources: ProbeSources): (req: IncomingMessage, res: ServerResponse) => boolean {
  const body = (state: Readiness, ok: boolean) =>
    JSON.stringify({ ok, reasons: state.reasons, rooms: sources.rooms(), redis: state.redis, state: state.state, pages: state.pages, draining: state.draining, pid: process.pid });

  return (req, res) => {
    const url = req.url ?? '/';
    switch (url) {
      case '/livez':
      case '/healthz': {
        // Alive is alive: answering at all is the proof. What is wrong is in the body, and in /readyz.
        res.writeHead(200, JSON_HEADERS).end(body(sources.readiness(), true));
        return true;
      }
      case '/readyz': {
        const state = sources.readiness();
        res.writeHead(state.ready ? 200 : 503, JSON_HEADERS).end(body(state, state.ready));
        return true;
      }
      case '/metrics': {
        if (!metricsAllowed(req, sources.metricsToken)) {
          res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden: /metrics needs METRICS_TOKEN as a bearer token, or a direct connection from this machine\n');
          return true;
        }
        sources.exposition().then(
          ({ body: text, contentType }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(text),
          () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n'),
        );
        return true;
      }
      case '/bench-metrics':
      case '/bench-metrics?reset': {
        if (!sources.benchMetrics) return false;
        res.writeHead(200, JSON_HEADERS).end(JSON.stringify(sources.benchMetrics(url.endsWith('?reset'))));
        return true;
      }
      default:
        return false;
    }
  };
}
