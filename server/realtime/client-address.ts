import { isIPv6 } from 'node:net';

/**
 * Who a client is, for per-address limits: the TCP peer, or, behind a trusted proxy
 * (`TRUST_PROXY=1`), the last hop of `X-Forwarded-For`: the one the proxy nearest this server
 * added. Untrusted, the header is ignored, so a client cannot name itself someone else.
 * The HTTP path reads the same header after the server has rewritten it (server/app.ts).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustForwarded: boolean): string {
  if (trustForwarded) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
    const last = header
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last.slice(0, 64);
  }
  return peer || 'unknown';
}

/** Bits of an IPv6 address that name one subscriber: a /64 is the smallest network handed out. */
const IPV6_SUBSCRIBER_GROUPS = 4;

/**
 * The key one client's rooms are counted under: an IPv4 address (also when written IPv4-mapped,
 * `::ffff:10.0.0.1`, as Node reports it on a dual-stack listener), or an IPv6 /64 network, since
 * one subscriber holds a whole /64 and could otherwise take a new address for every room.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups
    .slice(0, IPV6_SUBSCRIBER_GROUPS)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
