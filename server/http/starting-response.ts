import type { IncomingMessage, ServerResponse } from 'node:http';
import { embedFrameAncestors } from '../../app/embed/frame-ancestors';

/**
 * Seconds a client should wait before asking again while Next.js starts: it is ready a second or
 * two after the socket listener (docs/reliability.md), so one second brings the page back soon
 * without a reload loop that outpaces the start.
 */
export const STARTING_RETRY_AFTER_S = 1;

const BODY =
  '<!doctype html><html lang="en"><meta charset="utf-8">' +
  `<meta http-equiv="refresh" content="${STARTING_RETRY_AFTER_S}">` +
  '<title>Boothcast is starting</title>' +
  '<p>Boothcast is starting. This page reloads by itself in a moment.</p></html>';

/**
 * The answer to a page request while the socket listener is up and Next.js is not yet: 503 with
 * `Retry-After`, a page that reloads itself (a viewer who opened the link lands on the real page
 * without pressing anything), and the security headers every page carries (proxy.ts,
 * next.config.js). Nothing on it runs code, so its policy allows nothing at all; only /embed/* may
 * be framed, by whom the embed allows.
 */
export function answerStarting(req: IncomingMessage, res: ServerResponse): void {
  const embed = req.url?.startsWith('/embed/') ?? false;
  const frameAncestors = embed ? embedFrameAncestors() : "'none'";
  res.writeHead(503, {
    'content-type': 'text/html; charset=utf-8',
    'retry-after': String(STARTING_RETRY_AFTER_S),
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors}`,
    ...(embed ? {} : { 'x-frame-options': 'DENY' }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  });
  res.end(BODY);
}
