import type { ServerResponse } from 'node:http';
import { PAGE_SECURITY_HEADERS } from './security-headers';

/**
 * A request path with a broken percent-encoding (`/watch/%E0%A4%A`, a lone `%`): Next.js fails to
 * decode its route parameters and answers a bare 500 without our security headers. Only the path
 * is checked: query strings are parsed leniently everywhere (URLSearchParams keeps a stray `%`).
 */
export function hasMalformedPath(url: string): boolean {
  const path = url.split('?', 1)[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** No script, no style, nothing to load: the strictest policy fits a page of two sentences. */
const CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title></head><body><h1>Bad request</h1><p>The address is not valid: it has a broken percent-encoding (a % not followed by the bytes of a character).</p></body></html>';

/** Answers 400 with a short page and the headers every page of ours carries. */
export function answerMalformedPath(res: ServerResponse): void {
  res
    .writeHead(400, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      ...PAGE_SECURITY_HEADERS,
    })
    .end(PAGE);
}
