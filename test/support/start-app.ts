import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createApplication, type Application, type ApplicationDeps } from '../../server/app';
import { readConfig } from '../../server/config';
import type { Ack, ClientToServerEvents, JoinResult, ServerToClientEvents } from '../../server/protocol';
import { PROTOCOL_VERSION } from '../../server/protocol';
import { ROOT } from './load-vienna';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The real server (sockets only, no Next.js) on a free loopback port. */
export async function startApp(env: Record<string, string> = {}, deps: ApplicationDeps = {}): Promise<Application> {
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(ROOT, 'data'),
    STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-state-')),
    ...env,
  });
  return createApplication(config, { withNext: false, ...deps });
}

export function connect(app: Application, options: Parameters<typeof connectClient>[1] = {}): TestClient {
  return connectClient(app.socketUrl, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
}

export async function connected(client: TestClient): Promise<TestClient> {
  if (client.connected) return client;
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
  return client;
}

export async function join(client: TestClient, room = 'PRESS', from?: { lastSeq: number; stream: string }): Promise<Ack<JoinResult>> {
  return client.emitWithAck('room:join', { room, protocolVersion: PROTOCOL_VERSION, ...from });
}

export function waitFor(predicate: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (predicate()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    }, 5);
  });
}
