import { lookup as systemLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DeliveryError } from './target';

/**
 * Where the server may send captions. Anyone may open a room and add outputs to it, so without a
 * check the server would POST to whatever address a visitor gives it: its own loopback services,
 * the local network, a cloud metadata endpoint (server-side request forgery). Outputs go to the
 * public internet only, unless CONNECTORS_ALLOW_PRIVATE_NETWORK=1 (OBS or a webhook on the same
 * machine or LAN, in a deployment whose presenters are trusted; and the tests' local fakes).
 *
 * The check is made on the connection itself: the connection's `lookup` resolves the host once,
 * checks every address it resolves to, and the socket connects to those checked addresses, so a
 * name that answers a public address to a first look-up and 127.0.0.1 to the next (DNS rebinding)
 * gains nothing. An address written in the URL is checked as it is (no look-up happens). Redirects
 * are never followed (target.ts), so a 30x cannot lead a request somewhere unchecked.
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is loopback, private, link-local, shared, multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
  return mapped ? PRIVATE.check(mapped[1], 'ipv4') : PRIVATE.check(address, 'ipv6');
}

/** Resolves a host name to every address it has (the system resolver by default; tests inject one). */
export type Resolver = (host: string) => Promise<readonly LookupAddress[]>;

/** What every outgoing connection of an output goes through. */
export interface DestinationGuard {
  /**
   * The `lookup` of the connection (`http.request`, `ws`): resolves the host once, checks every
   * address, and answers only with the checked ones; a refusal is a DeliveryError saying why.
   */
  readonly lookup: LookupFunction;
  /** Checks a host written as an IP address, which a connection does not look up; throws a DeliveryError. */
  checkHost(host: string): void;
}

/** Most addresses a look-up may answer with that are checked and handed on (a name has a handful). */
const MAX_ADDRESSES = 64;

export const PRIVATE_DESTINATION =
  'the address is on a private or local network, where this server does not send captions (CONNECTORS_ALLOW_PRIVATE_NETWORK=1 allows it)';

function refused(): DeliveryError {
  return new DeliveryError(PRIVATE_DESTINATION, undefined, false);
}

/** `allowPrivate`: every address is allowed (the deployment trusts its presenters); the look-up is still the one given. */
export function destinationGuard(options: { readonly allowPrivate: boolean; readonly resolve?: Resolver }): DestinationGuard {
  const resolve = options.resolve ?? resolveAll;
  const allowed = (address: string) => options.allowPrivate || !isPrivateAddress(address);
  const lookup = ((hostname: string, lookupOptions: { family?: number | string; all?: boolean }, callback: LookupCallback) => {
    const host = hostname.replace(/^\[|\]$/gu, '');
    const family = familyOf(lookupOptions.family);
    const found: Promise<readonly LookupAddress[]> = isIP(host) ? Promise.resolve([{ address: host, family: isIP(host) }]) : resolve(host);
    found.then(
      (all) => {
        const addresses = all.slice(0, MAX_ADDRESSES).filter((a) => family === 0 || a.family === family);
        // Every address is checked, not only the one used: the system may try the next on a failure.
        if (addresses.length === 0) return callback(new DeliveryError(`cannot resolve the address (no IPv${family || ''} address)`, undefined, false), '', 0);
        if (!all.every((a) => allowed(a.address))) return callback(refused(), '', 0);
        if (lookupOptions.all) return callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: unknown) => {
        const code = (error as { code?: string }).code;
        callback(new DeliveryError(`cannot resolve the address${code ? ` (${code})` : ''}`, undefined, false), '', 0);
      },
    );
  }) as LookupFunction;
  return {
    lookup,
    checkHost(hostname) {
      const host = hostname.replace(/^\[|\]$/gu, '');
      if (isIP(host) && !allowed(host)) throw refused();
    },
  };
}

/** Outputs to public addresses only (the default). */
export function publicDestinationsOnly(resolve?: Resolver): DestinationGuard {
  return destinationGuard({ allowPrivate: false, ...(resolve ? { resolve } : {}) });
}

/** CONNECTORS_ALLOW_PRIVATE_NETWORK=1: any address, looked up by the system. */
export const allowEveryDestination: DestinationGuard = destinationGuard({ allowPrivate: true });

type LookupCallback = ((error: Error | null, address: string, family: number) => void) & ((error: Error | null, addresses: LookupAddress[]) => void);

function familyOf(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    systemLookup(host, { all: true, order: 'verbatim' }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}
