import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { connect, connected, join, startApp, waitFor, type TestClient } from '../support/start-app';

let app: Application | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await app?.close();
  app = undefined;
});

const engineRequestOf = (id: string) => (app!.io.of('/').sockets.get(id)!.conn as unknown as { request: unknown }).request;

describe('per-viewer memory: the upgrade request is let go once the handshake is read', () => {
  it('releases a WebSocket viewer’s request and keeps a long-polling viewer’s, and both still get captions', async () => {
    app = await startApp({ CLOCK_SPEED: '20' });
    const ws = await connected(connect(app, { transports: ['websocket'] }));
    const polling = await connected(connect(app, { transports: ['polling'] }));
    clients.push(ws, polling);
    const received = new Map<TestClient, number>([
      [ws, 0],
      [polling, 0],
    ]);
    for (const client of [ws, polling]) client.on('caption:segment', () => received.set(client, received.get(client)! + 1));
    for (const client of [ws, polling]) expect((await join(client)).ok).toBe(true);

    expect(engineRequestOf(ws.id!)).toBeNull();
    expect(engineRequestOf(polling.id!)).not.toBeNull();
    await waitFor(() => received.get(ws)! >= 2 && received.get(polling)! >= 2, 20_000, 'captions on both transports');
  });
});
