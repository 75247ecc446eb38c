import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DeliveryError, type Target } from './target';

/**
 * Where the server may send captions. Anyone may open a room and add outputs to it, so without a
 * check the server would POST to whatever address a visitor gives it: its own loopback services,
 * the local network, a cloud metadata endpoint (server-side request forgery). Outputs go to the
 * public internet only, unless CONNECTORS_ALLOW_PRIVATE_NETWORK=1 (OBS or a webhook on the same
 * machine or LAN, in a deployment whose presenters are trusted; and the tests' local fakes).
 *
 * The host is resolved and every address it resolves to is checked before each connection. (A name
 * that resolves differently between this check and the connection could still slip through; the
 * check makes a plain request to a private address impossible, not a DNS rebinding attack.)
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

/** Checks a destination before a connection; resolves when it may be used, throws a DeliveryError naming why not. */
export type DestinationGuard = (url: string) => Promise<void>;

export const allowEveryDestination: DestinationGuard = () => Promise.resolve();

/** How long a host found public is not resolved again (a caption goes every second or two). */
const PUBLIC_FOR_MS = 30_000;

export function publicDestinationsOnly(resolve: (host: string) => Promise<readonly string[]> = resolveAll, now: () => number = Date.now): DestinationGuard {
  const checked = new Map<string, number>();
  return async (url) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/gu, '');
    const until = checked.get(host);
    if (until !== undefined && until > now()) return;
    let addresses: readonly string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new DeliveryError(`cannot resolve the address${code ? ` (${code})` : ''}`, undefined, false);
    }
    if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
      throw new DeliveryError(
        'the address is on a private or local network, where this server does not send captions (CONNECTORS_ALLOW_PRIVATE_NETWORK=1 allows it)',
        undefined,
        false,
      );
    }
    if (checked.size >= 1_000) checked.clear();
    checked.set(host, now() + PUBLIC_FOR_MS);
  };
}

/** The target, with the destination checked before each send and each read-back. */
export function guardedTarget(target: Target, url: string, guard: DestinationGuard): Target {
  return {
    idempotent: target.idempotent,
    send: async (caption, signal) => {
      await guard(url);
      return target.send(caption, signal);
    },
    ...(target.lastAcceptedSeq
      ? {
          lastAcceptedSeq: async (signal: AbortSignal) => {
            await guard(url);
            return target.lastAcceptedSeq!(signal);
          },
        }
      : {}),
    ...(target.close ? { close: () => target.close!() } : {}),
  };
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}
