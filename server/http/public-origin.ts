/**
 * The origin a visitor used to reach this server (`https://captions.example`), for URLs the server
 * writes into its answers (the oEmbed iframe, the console's join link), unless PUBLIC_URL names it. `X-Forwarded-Host`/`-Proto` say it only when a proxy
 * we trust set them (TRUST_PROXY=1, deploy/nginx.conf.template); from anyone else they are a lie
 * that would put another site's address into our iframe. The Host header is always the client's,
 * but it is also part of every HTTP cache's key, so a forged one poisons nothing but itself.
 */
export interface OriginSources {
  readonly host: string | null;
  readonly forwardedHost: string | null;
  readonly forwardedProto: string | null;
  /** The URL the request arrived on (a page, which cannot see it: a fallback): its scheme when nothing trusted says otherwise. */
  readonly requestUrl: string;
}

/** A host name or IPv4/IPv6 literal with an optional port: nothing that could break out of a URL. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/iu;

/** A proxy chain appends: `a, b`. The first entry is what the visitor sent to the outermost proxy. */
const first = (value: string | null) => value?.split(',')[0]?.trim() || undefined;

/** PUBLIC_URL (an origin, checked in config.ts), when set, wins over anything a request says. */
export function publicOrigin(sources: OriginSources, trustProxy: boolean, publicUrl: string | null = null): string {
  if (publicUrl) return publicUrl;
  const url = new URL(sources.requestUrl);
  const candidates = [trustProxy ? first(sources.forwardedHost) : undefined, sources.host ?? undefined, url.host];
  const host = candidates.find((h): h is string => h !== undefined && HOST.test(h)) ?? url.host;
  const forwardedProto = trustProxy ? first(sources.forwardedProto)?.toLowerCase() : undefined;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : url.protocol.replace(':', '');
  return `${proto}://${host.toLowerCase()}`;
}

/** Hosts only this machine can open: a phone that scans a QR code of one reaches itself. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d{1,5}$/u, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(name);
}

/** One address of `os.networkInterfaces()`: the fields this needs. */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: string | number;
  readonly internal: boolean;
}

/**
 * Addresses other devices on the network may use for this server: its non-internal IPv4 addresses,
 * when it listens on all of them (`HOST=0.0.0.0` or `::`) or on that one. IPv6 is left out: a
 * link-local address needs a zone that a URL on a phone cannot carry, and classroom Wi-Fi hands
 * phones IPv4. Bounded: at most MAX_LAN_ORIGINS, for a machine with many virtual interfaces.
 */
export function lanOrigins(interfaces: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>, port: number, bindHost: string): string[] {
  const everywhere = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]' || bindHost === '';
  const found: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const entry of list ?? []) {
      const ipv4 = entry.family === 'IPv4' || entry.family === 4;
      if (!ipv4 || entry.internal || entry.address.startsWith('169.254.')) continue;
      if (!everywhere && entry.address !== bindHost) continue;
      const origin = `http://${entry.address}:${port}`;
      if (!found.includes(origin)) found.push(origin);
    }
  }
  return found.slice(0, MAX_LAN_ORIGINS);
}

/** More than a laptop's Wi-Fi, cable and a VPN: the rest would only crowd the console. */
export const MAX_LAN_ORIGINS = 4;

/** Where students are sent, and what the console should say about it. */
export type JoinOrigin =
  /** PUBLIC_URL, or an address the presenter's browser used that others can use too. */
  | { readonly kind: 'public'; readonly origin: string }
  /** The console was opened at localhost: this machine's network addresses instead (the first is used). */
  | { readonly kind: 'lan'; readonly origin: string; readonly others: readonly string[] }
  /** Only localhost is known: phones cannot open it. */
  | { readonly kind: 'local-only'; readonly origin: string };

export function joinOrigin(requestOrigin: string, publicUrl: string | null, lan: readonly string[]): JoinOrigin {
  if (publicUrl) return { kind: 'public', origin: publicUrl };
  if (!isLoopbackHost(new URL(requestOrigin).host)) return { kind: 'public', origin: requestOrigin };
  const [first, ...others] = lan;
  return first ? { kind: 'lan', origin: first, others } : { kind: 'local-only', origin: requestOrigin };
}
