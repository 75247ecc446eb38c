import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read `/metrics`. It says how many rooms and viewers a node has and how busy it is, which
 * is nobody else's business, so it is not public:
 * - with METRICS_TOKEN set, only a request with `Authorization: Bearer <token>` (a Prometheus
 *   scrape config's `authorization.credentials`), from anywhere;
 * - without it, only a direct connection from this machine: a loopback peer that came through no
 *   proxy (a request nginx passed on carries X-Forwarded-For, and nginx itself connects from
 *   loopback, so the peer address alone would let the whole internet in through it).
 * deploy/nginx.conf.template also answers 404 for /metrics at the front.
 */
export function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (token !== undefined) {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Compared as hashes: equal lengths, and the time taken says nothing about the token.
    return timingSafeEqual(digest(presented), digest(token));
  }
  return isLoopback(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
