/**
 * The origin a visitor used to reach this server (`https://captions.example`), for URLs the server
 * writes into its answers (the oEmbed iframe). `X-Forwarded-Host`/`-Proto` say it only when a proxy
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

export function publicOrigin(sources: OriginSources, trustProxy: boolean): string {
  const url = new URL(sources.requestUrl);
  const candidates = [trustProxy ? first(sources.forwardedHost) : undefined, sources.host ?? undefined, url.host];
  const host = candidates.find((h): h is string => h !== undefined && HOST.test(h)) ?? url.host;
  const forwardedProto = trustProxy ? first(sources.forwardedProto)?.toLowerCase() : undefined;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : url.protocol.replace(':', '');
  return `${proto}://${host.toLowerCase()}`;
}
