/**
 * A fresh command id (the protocol wants 8 to 64 of [A-Za-z0-9_-]). `crypto.randomUUID` exists
 * only in secure contexts, and a classroom server is often plain http on a LAN address, so fall
 * back to `getRandomValues`, which is available everywhere.
 */
export function newCommandId(source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
