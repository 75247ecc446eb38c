import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { destinationGuard, isPrivateAddress, PRIVATE_DESTINATION, publicDestinationsOnly, type DestinationGuard } from '../../../server/connectors/destination';
import { obsTarget, zoomTarget } from '../../../server/connectors/platforms';
import { DeliveryError, get, post, type OutgoingCaption } from '../../../server/connectors/target';
import { startFakeObs } from '../../support/fakes/fake-obs';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A local HTTP server that records what reaches it and answers with `answer`. */
async function localServer(answer: (path: string) => { status: number; headers?: Record<string, string>; body?: string } = () => ({ status: 200 })) {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    const a = answer(req.url ?? '');
    res.writeHead(a.status, a.headers).end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.closeIdleConnections();
  closers.push(() => server.closeAllConnections());
  return { port: (server.address() as AddressInfo).port, paths };
}

/** A resolver that answers each host from a script, one answer per call (the last repeats); counts its calls. */
function scriptedResolver(answers: readonly (readonly string[])[]) {
  const calls: string[] = [];
  const resolve = (host: string): Promise<LookupAddress[]> => {
    calls.push(host);
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    return Promise.resolve(answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return { resolve, calls };
}

function lookupOnce(guard: DestinationGuard, host: string, options: { all?: boolean; family?: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    (guard.lookup as (h: string, o: object, cb: (e: Error | null, a?: unknown, f?: number) => void) => void)(host, options, (error, address, family) =>
      error ? reject(error) : resolve(options.all ? address : { address, family }),
    );
  });
}

const caption: OutgoingCaption = { room: 'ROOM', lang: 'en', seq: 1, index: 0, part: 0, text: 'Good morning', lines: ['Good morning'], speaker: 'Anna', turnStart: false, startMs: 0, endMs: 1_000, dueAtMs: 0 };

describe('where caption outputs may send', () => {
  it('calls loopback, private, link-local, shared and multicast addresses private, in IPv4 and IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '172.15.255.255', '193.0.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
    expect(isPrivateAddress('not an address')).toBe(true);
  });

  it("the connection's look-up checks every address a host resolves to and answers only with checked ones", async () => {
    const guard = publicDestinationsOnly(async (host) =>
      host === 'mixed.example'
        ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }]
        : [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }],
    );
    expect(await lookupOnce(guard, 'api.zoom.example', { all: true })).toEqual([{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }]);
    expect(await lookupOnce(guard, 'api.zoom.example', { family: 6 })).toEqual({ address: '2606:2800:220:1::1', family: 6 });
    // One private address among public ones: refused (the system could fall back to it).
    await expect(lookupOnce(guard, 'mixed.example', { all: true })).rejects.toThrow(PRIVATE_DESTINATION);
    await expect(lookupOnce(guard, 'mixed.example', { family: 4 })).rejects.toThrow(PRIVATE_DESTINATION);
    // An address in the URL is never looked up by a connection: it is checked as it is.
    expect(() => guard.checkHost('127.0.0.1')).toThrow(PRIVATE_DESTINATION);
    expect(() => guard.checkHost('[::1]')).toThrow(PRIVATE_DESTINATION);
    expect(() => guard.checkHost('169.254.169.254')).toThrow(PRIVATE_DESTINATION);
    expect(() => guard.checkHost('93.184.216.34')).not.toThrow();
    expect(() => guard.checkHost('hooks.example')).not.toThrow();
  });

  it('says when a host cannot be resolved, without the URL, and does not count it as maybe delivered', async () => {
    const guard = publicDestinationsOnly(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    const failure = await post('https://nowhere.example/hook?token=SECRET', { body: 'x', headers: {}, signal: AbortSignal.timeout(5_000), guard }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).message).toBe('cannot resolve the address (ENOTFOUND)');
    expect((failure as DeliveryError).ambiguous).toBe(false);
  });

  it('a request connects to the address its look-up answered (no second resolution by the system)', async () => {
    const local = await localServer();
    // `captions.test` exists only in this resolver: the request can reach the server only through it.
    const dns = scriptedResolver([['127.0.0.1']]);
    const guard = destinationGuard({ allowPrivate: true, resolve: dns.resolve });
    await post(`http://captions.test:${local.port}/hook`, { body: 'hello', headers: {}, signal: AbortSignal.timeout(5_000), guard });
    expect(local.paths).toEqual(['/hook']);
    expect(dns.calls).toEqual(['captions.test']);
  });

  it('DNS rebinding: a name that answers a public address first and 127.0.0.1 next never reaches the loopback', async () => {
    const local = await localServer();
    const dns = scriptedResolver([['192.0.2.10'], ['127.0.0.1']]);
    const guard = publicDestinationsOnly(dns.resolve);
    const url = `http://rebind.test:${local.port}/closedcaption?id=1`;
    // First connection: resolved once, checked public, and connected there (TEST-NET-1, unreachable) —
    // not resolved again by the connection, which would have answered 127.0.0.1.
    const first = await post(url, { body: 'one', headers: {}, signal: AbortSignal.timeout(1_000), guard }).then(
      () => 'delivered',
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(DeliveryError);
    expect(dns.calls).toEqual(['rebind.test']);
    // Next connection: the name now answers 127.0.0.1, and the connection's own check refuses it.
    const second = await post(url, { body: 'two', headers: {}, signal: AbortSignal.timeout(5_000), guard }).catch((e: unknown) => e);
    expect((second as DeliveryError).message).toBe(PRIVATE_DESTINATION);
    expect((second as DeliveryError).ambiguous).toBe(false);
    expect(dns.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(local.paths).toEqual([]);
  });

  it('a 30x is not followed, to a private address or anywhere, and is a clear error, not a maybe-delivered one', async () => {
    const local = await localServer((path) => (path.startsWith('/metadata') ? { status: 200, body: 'secret-metadata' } : { status: 302, headers: { location: `/metadata/v1` } }));
    const guard = destinationGuard({ allowPrivate: true, resolve: scriptedResolver([['127.0.0.1']]).resolve });
    const failure = await post(`http://hooks.test:${local.port}/hook`, { body: 'x', headers: {}, signal: AbortSignal.timeout(5_000), guard }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).status).toBe(302);
    expect((failure as DeliveryError).ambiguous).toBe(false);
    expect((failure as DeliveryError).message).toMatch(/redirect, not followed/u);
    // Zoom's seq read-back is a GET: not followed either.
    const zoom = zoomTarget({ type: 'zoom', id: 'o', room: 'ROOM', lang: 'en', url: `http://zoom.test:${local.port}/closedcaption?id=1` } as never, guard);
    await expect(zoom.lastAcceptedSeq!(AbortSignal.timeout(5_000))).rejects.toThrow(/302 redirect/u);
    await expect(get(`http://hooks.test:${local.port}/x`, AbortSignal.timeout(5_000), guard)).rejects.toThrow(/302/u);
    expect(local.paths.filter((p) => p.startsWith('/metadata'))).toEqual([]);
  });

  it('OBS over WebSocket: the connection is checked on its own look-up too, and connects to the answer', async () => {
    const obs = await startFakeObs('obs-pass-1234');
    closers.push(obs.close);
    const port = new URL(obs.url).port;
    const config = { type: 'obs', id: 'o', room: 'ROOM', lang: 'en', url: `ws://obs.test:${port}`, password: 'obs-pass-1234' } as never;

    const refusedTarget = obsTarget(config, publicDestinationsOnly(scriptedResolver([['127.0.0.1']]).resolve));
    await expect(refusedTarget.send(caption, AbortSignal.timeout(5_000))).rejects.toThrow(PRIVATE_DESTINATION);
    refusedTarget.close?.();
    const literal = obsTarget({ ...(config as object), url: obs.url } as never, publicDestinationsOnly());
    await expect(literal.send(caption, AbortSignal.timeout(5_000))).rejects.toThrow(PRIVATE_DESTINATION);
    literal.close?.();
    expect(obs.connections).toBe(0);

    const allowed = obsTarget(config, destinationGuard({ allowPrivate: true, resolve: scriptedResolver([['127.0.0.1']]).resolve }));
    await allowed.send(caption, AbortSignal.timeout(5_000));
    allowed.close?.();
    expect(obs.received.map((r) => r.text)).toEqual(['Good morning']);
  });
});
