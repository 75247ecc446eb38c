import { createServer, type Server } from 'node:net';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import type { SegmentMessage } from '../../server/protocol';
import { loadVienna } from '../support/load-vienna';
import { connected, join, startApp, waitFor, type TestClient } from '../support/start-app';

/**
 * SOCKET_ENGINE=uws: Socket.IO on µWebSockets.js with a port of its own, and the pages' port
 * passing /socket.io/ on to it. (The `integration-uws` project runs the other socket tests on this
 * engine too; these are the parts only it has.)
 */
const vienna = loadVienna();
let app: Application | undefined;
let blocker: Server | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await app?.close();
  app = undefined;
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

interface Viewer {
  readonly client: TestClient;
  readonly segments: SegmentMessage[];
  readonly snapshotSeq: number;
}

async function viewer(url: string, transports: ('polling' | 'websocket')[]): Promise<Viewer> {
  const client = await connected(connectClient(url, { transports, forceNew: true, reconnection: false }) as TestClient);
  clients.push(client);
  const segments: SegmentMessage[] = [];
  client.on('caption:segment', (message) => segments.push(message));
  const reply = await join(client);
  if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error('expected a snapshot');
  return { client, segments, snapshotSeq: reply.data.snapshot.seq };
}

describe('SOCKET_ENGINE=uws', () => {
  it('serves viewers on its own port and through the pages’ port, over WebSocket, long-polling and an upgrade', async () => {
    app = await startApp({ SOCKET_ENGINE: 'uws', SOCKET_PORT: '0', CLOCK_SPEED: '50' });
    expect(app.socketUrl).not.toBe(app.url);
    const viewers = {
      direct: await viewer(app.socketUrl, ['websocket']),
      forwardedWebSocket: await viewer(app.url, ['websocket']),
      forwardedPolling: await viewer(app.url, ['polling']),
      forwardedUpgrade: await viewer(app.url, ['polling', 'websocket']),
    };
    await waitFor(() => Object.values(viewers).every((v) => v.segments.length >= 12), 30_000, 'twelve segments each');
    expect(viewers.forwardedUpgrade.client.io.engine.transport.name).toBe('websocket');
    expect(viewers.forwardedPolling.client.io.engine.transport.name).toBe('polling');
    for (const [name, { segments, snapshotSeq }] of Object.entries(viewers)) {
      // Every caption once, in order, and the transcript's own text.
      expect(segments.map((m) => m.seq), name).toEqual(segments.map((_, i) => snapshotSeq + 1 + i));
      for (const m of segments) expect(m.segment.text, name).toEqual(vienna.segments.find((s) => s.index === m.segment.index)?.text);
    }
    expect(app.fanout.published).toBeGreaterThan(0);
  });

  it('keeps answering long-polling viewers through the pages’ port after one has left', async () => {
    // A kept-alive connection to the socket listener once failed the next poll ("socket hang up").
    app = await startApp({ SOCKET_ENGINE: 'uws', SOCKET_PORT: '0', CLOCK_SPEED: '50' });
    for (let round = 0; round < 3; round++) {
      const { client, segments } = await viewer(app.url, ['polling']);
      await waitFor(() => segments.length >= 2, 30_000, `round ${round}: two segments`);
      client.disconnect();
    }
  });

  it('refuses to start, naming SOCKET_PORT, when that port is taken', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    await expect(startApp({ SOCKET_ENGINE: 'uws', SOCKET_PORT: String(port) })).rejects.toThrow(/SOCKET_PORT/u);
  });
});
