/**
 * CORS does not cover WebSocket: a page on any site can open a socket to us with the visitor's
 * browser. So the handshake (polling and the WebSocket upgrade alike) checks the Origin header:
 * our own origin (the Host the request came to) and the configured allow-list pass; `null` and any
 * other origin are refused. A request without Origin is not from a browser page (browsers always
 * send it on WebSocket and cross-origin requests) and passes: such clients cannot ride a
 * visitor's session anyway.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  if (allowList.includes(url.origin)) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

/** `ALLOWED_ORIGINS="https://school.example https://events.example"` → normalised origins. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    // Stryker disable next-line Regex: splitting at each separator, not each run, only adds empty entries, which the filter drops
    .split(/[\s,]+/u)
    .filter(Boolean)
    .map((entry) => {
      try {
        return new URL(entry).origin;
      } catch {
        throw new Error(`ALLOWED_ORIGINS: "${entry}" is not an origin like https://example.org`);
      }
    });
}
