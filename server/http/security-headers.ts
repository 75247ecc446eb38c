/**
 * Headers every page carries beside its Content-Security-Policy (proxy.ts adds them to Next.js
 * pages; the custom server's own pages use them too): no framing, no MIME sniffing, and no full
 * URL leaked to other sites in the Referer.
 */
export const PAGE_SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;
