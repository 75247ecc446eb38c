import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { Application } from '../../server/app';
import { io } from 'socket.io-client';
import { connected, join, startApp, type TestClient } from '../support/start-app';

/**
 * Rooms are a resource with owners: one client address may hold a few live rooms, whether it asks
 * over the socket or over HTTP, however many sockets it opens; another address is not affected.
 * Clients speak the protocol as docs/protocol.md describes it (`room:create`, `POST /api/rooms`).
 */
const HOST = 'boothcast.test:3000';
const ORIGIN = `http://${HOST}`;
const TRANSCRIPT = 'vienna-2015-11-14';

let app: Application | undefined;
const sockets: TestClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await app?.close();
  app = undefined;
});

type Reply = { ok: boolean; data?: { code: string; secret: string }; error?: { code: string; message: string } };

/**
 * A socket from a given local address (ws's `localAddress`: 127.0.0.2 is another client of this
 * loopback server), with the headers given; to the socket listener unless `url` says otherwise.
 */
async function socketFrom(options: { localAddress?: string; headers?: Record<string, string>; url?: string } = {}): Promise<TestClient> {
  const socket: TestClient = io(options.url ?? app!.socketUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: options.headers,
    // Passed on to ws; socket.io-client's types do not list it.
    ...({ localAddress: options.localAddress } as object),
  });
  sockets.push(socket);
  return connected(socket);
}
const forwardedFor = (address: string) => ({ headers: { 'x-forwarded-for': address } });

const createOver = (socket: TestClient): Promise<Reply> => socket.emitWithAck('room:create', { transcriptId: TRANSCRIPT, autoplay: false }) as Promise<Reply>;

/**
 * `POST /api/rooms` as Next.js hands it to the route. `x-forwarded-for` is what the server leaves
 * there: the TCP peer, unless a trusted proxy set it (server/app.ts rewrites it before Next.js).
 */
function postFrom(address: string): Promise<Response> {
  return POST(
    new Request(`${ORIGIN}/api/rooms`, {
      method: 'POST',
      body: JSON.stringify({ transcriptId: TRANSCRIPT, autoplay: false }),
      headers: { host: HOST, origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': address },
    }),
  );
}

/** The flood from the probe: a new socket every three rooms, and HTTP in between. */
async function flood(address: string, attempts: number, open: () => Promise<TestClient>) {
  let socket = await open();
  let onSocket = 0;
  const result = { made: 0, bySocket: 0, byHttp: 0, refusals: new Map<string, number>() };
  const refused = (code: string) => result.refusals.set(code, (result.refusals.get(code) ?? 0) + 1);
  for (let i = 0; i < attempts; i++) {
    if (i % 4 === 3) {
      const response = await postFrom(address);
      if (response.status === 201) {
        result.made++;
        result.byHttp++;
      } else refused(`HTTP ${response.status} ${((await response.json()) as { error: string }).error}`);
      continue;
    }
    if (onSocket === 3) {
      socket.disconnect();
      socket = await open();
      onSocket = 0;
    }
    onSocket++;
    const reply = await createOver(socket);
    if (reply.ok) {
      result.made++;
      result.bySocket++;
    } else refused(`socket ${reply.error!.code}`);
  }
  return result;
}

const describeRefusals = (refusals: Map<string, number>) => [...refusals].map(([what, n]) => `${n}× ${what}`).join(', ');

describe('rooms per client address, over the socket and HTTP alike', () => {
  it('a flood from one address (a new socket every three rooms, HTTP mixed in) stops at five rooms; a second address still gets one', async () => {
    app = await startApp();
    const before = app.registry.size;
    const attempts = 40;
    const result = await flood('127.0.0.1', attempts, () => socketFrom());
    expect(result.made).toBe(5);
    expect(result.bySocket).toBeGreaterThan(0);
    expect(result.byHttp).toBeGreaterThan(0);
    expect(app.registry.size - before).toBe(5);
    expect(result.refusals.get('socket room-limit')).toBeUndefined();
    expect(result.refusals.get('HTTP 503 room-limit')).toBeUndefined();

    const other = await createOver(await socketFrom({ localAddress: '127.0.0.2' }));
    expect(other).toMatchObject({ ok: true });
    const otherHttp = await postFrom('127.0.0.2');
    expect(otherHttp.status).toBe(201);
    console.log(
      `room flood: one address made ${result.made} rooms in ${attempts} attempts (${result.bySocket} by socket, ${result.byHttp} by HTTP; ` +
        `refused: ${describeRefusals(result.refusals)}); a second address then: socket ${other.ok ? 'ok, room ' + other.data!.code : other.error!.code}, HTTP ${otherHttp.status}`,
    );
  });

  it('ignores X-Forwarded-For from a client when no proxy is trusted: a spoofed address counts as the real one', async () => {
    app = await startApp({ TRUST_PROXY: '0', MAX_ROOMS_PER_ADDRESS: '2' });
    const replies: Reply[] = [];
    for (const spoof of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) replies.push(await createOver(await socketFrom(forwardedFor(spoof))));
    expect(replies.map((r) => r.ok)).toEqual([true, true, false]);
    expect(replies[2].error).toMatchObject({ code: 'rate-limited' });
    expect(app.registry.list().filter((room) => room.owner !== null).map((room) => room.owner)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('behind a trusted proxy (TRUST_PROXY=1) counts each forwarded client address on its own', async () => {
    app = await startApp({ TRUST_PROXY: '1', MAX_ROOMS_PER_ADDRESS: '2' });
    const first = await socketFrom(forwardedFor('10.9.9.9, 203.0.113.5'));
    expect((await createOver(first)).ok).toBe(true);
    expect((await postFrom('203.0.113.5')).status).toBe(201);
    expect(await createOver(await socketFrom(forwardedFor('203.0.113.5')))).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect((await postFrom('203.0.113.5')).status).toBe(429);
    // Another client behind the same proxy (same TCP peer) is not affected.
    expect(await createOver(await socketFrom(forwardedFor('203.0.113.6')))).toMatchObject({ ok: true });
  });

  it('without a trusted proxy a client that claims another address is still who it is', async () => {
    app = await startApp({ MAX_ROOMS_PER_ADDRESS: '1' });
    // A client that forges an address gains nothing.
    const spoofing = await socketFrom({ url: app.url, localAddress: '127.0.0.3', headers: { 'x-forwarded-for': '198.51.100.77' } });
    expect((await createOver(spoofing)).ok).toBe(true);
    expect(app.registry.list().find((room) => room.owner !== null)?.owner).toBe('127.0.0.3');
    expect((await createOver(await socketFrom({ localAddress: '127.0.0.3', url: app.url }))).ok).toBe(false);
    expect((await createOver(await socketFrom({ localAddress: '127.0.0.4', url: app.url }))).ok).toBe(true);
  });

  it('a socket that created several rooms controls all of them', async () => {
    app = await startApp();
    const teacher = await socketFrom();
    const first = await createOver(teacher);
    const second = await createOver(teacher);
    expect(first.ok && second.ok).toBe(true);
    for (const [n, room] of [first.data!.code, second.data!.code, first.data!.code].entries()) {
      const reply = await teacher.emitWithAck('playback:play', { room, commandId: `multi-room-play-${n}` });
      expect(reply, `play ${room}`).toMatchObject({ ok: true, data: { clock: { status: 'playing' } } });
    }
    // Still only its own rooms.
    expect(await teacher.emitWithAck('playback:pause', { room: 'PRESS', commandId: 'multi-room-press' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('logs every room created with the client address, from the socket and from HTTP', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await startApp({}, { logger: pino({ level: 'info' }, sink) });
    const reply = await createOver(await socketFrom({ localAddress: '127.0.0.5' }));
    const response = await postFrom('192.0.2.44');
    const { code: httpCode } = (await response.json()) as { code: string };
    await new Promise((resolve) => setImmediate(resolve));
    const created = lines.filter((line) => line.msg === 'room created');
    expect(created).toContainEqual(expect.objectContaining({ room: reply.data!.code, address: '127.0.0.5' }));
    expect(created).toContainEqual(expect.objectContaining({ room: httpCode, address: '192.0.2.44' }));
    expect(JSON.stringify(lines)).not.toContain(reply.data!.secret);
  });

  it('a viewer of a room that was never made, or is gone, gets unknown-room', async () => {
    app = await startApp();
    const viewer = await socketFrom();
    expect(await join(viewer, 'ZZZZZ')).toMatchObject({ ok: false, error: { code: 'unknown-room' } });
  });
});
