import { NextResponse, type NextRequest } from 'next/server';
import { PAGE_SECURITY_HEADERS } from './server/http/security-headers';

/**
 * Security headers for every page, 404 and error pages included: a Content Security Policy with a
 * fresh nonce per request (Next.js puts it on its own scripts), no framing (only /embed/* may be
 * framed, and it sets its own policy), no MIME sniffing, a strict referrer policy.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV !== 'production';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Speaker colours and sizes are style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // The console plays the event's recording: a file the presenter picked (a blob: URL) or a web
    // address of it, wherever it is hosted. Other pages play no media of their own.
    request.nextUrl.pathname.startsWith('/present/') ? "media-src 'self' blob: https: http:" : "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the embed (its own policy), static assets, or the API (JSON, no scripts).
  matcher: [{ source: '/((?!embed/|api/|_next/static|_next/image|fonts/|embed(?:-transcript)?\\.js|icon\\.svg).*)' }],
};
