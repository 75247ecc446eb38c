/**
 * Cross-site request forgery guard: a browser always sends `Origin` with a cross-origin POST (and
 * Chromium and Firefox with a same-origin one), so the request must name an Origin whose host is
 * the Host it was sent to. A page elsewhere cannot forge either header.
 */
export function isSameOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || !host || origin === 'null') return false;
  let originUrl: URL;
  let hostUrl: URL;
  try {
    originUrl = new URL(origin);
    hostUrl = new URL(`${originUrl.protocol}//${host}`);
  } catch {
    return false;
  }
  if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') return false;
  return originUrl.host === hostUrl.host;
}

/**
 * The client's address for rate limiting: the last hop in `X-Forwarded-For`, which is the one
 * added by the proxy nearest this server (Next.js fills the header from the socket when there is
 * none). Everyone without an address shares one bucket.
 */
export function clientAddress(forwardedFor: string | null): string {
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  return hops.at(-1) ?? 'unknown';
}

/** Reads a request body up to `limitBytes`; `undefined` as soon as it is longer (the rest is never read). */
export async function readBodyWithin(body: ReadableStream<Uint8Array> | null, limitBytes: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
