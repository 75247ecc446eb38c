import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Received } from './fake-http';

export interface FakeObs {
  readonly url: string;
  readonly received: Received[];
  /** Identify messages refused for a wrong password. */
  readonly refusedAuth: number;
  /** WebSocket connections opened to it so far. */
  readonly connections: number;
  streaming: boolean;
  /** Close every connection now (OBS restarting); the next request connects again. */
  dropConnections(): void;
  /** Answer the next `n` SendStreamCaption requests with this failure. */
  failNext(n: number, code: number, comment: string): void;
  close(): Promise<void>;
}

/**
 * OBS Studio's obs-websocket 5 server as its protocol document describes it: Hello with an
 * authentication challenge and salt, Identify checked against
 * base64(sha256(base64(sha256(password + salt)) + challenge)) (close 4009 when wrong), Identified,
 * then Request / RequestResponse; `SendStreamCaption` fails with 501 (OutputNotRunning) while not
 * streaming.
 */
export async function startFakeObs(password: string, now: () => number = Date.now): Promise<FakeObs> {
  const received: Received[] = [];
  const state = { connections: 0, refusedAuth: 0, streaming: true, failures: [] as { code: number; comment: string }[] };
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('obswebsocket.json') ? 'obswebsocket.json' : false) });
  const sockets = new Set<WebSocket>();
  server.on('connection', (ws) => {
    sockets.add(ws);
    state.connections++;
    ws.on('close', () => sockets.delete(ws));
    const salt = randomBytes(16).toString('base64');
    const challenge = randomBytes(16).toString('base64');
    const secret = createHash('sha256').update(password + salt).digest('base64');
    const expected = createHash('sha256').update(secret + challenge).digest('base64');
    let identified = false;
    ws.send(JSON.stringify({ op: 0, d: { obsWebSocketVersion: '5.5.0', rpcVersion: 1, authentication: { challenge, salt } } }));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { op: number; d: Record<string, unknown> };
      if (message.op === 1) {
        if (message.d.authentication !== expected) {
          state.refusedAuth++;
          ws.close(4009, 'Authentication failed.');
          return;
        }
        identified = true;
        ws.send(JSON.stringify({ op: 2, d: { negotiatedRpcVersion: 1 } }));
        return;
      }
      if (!identified) {
        ws.close(4007, 'Not identified.');
        return;
      }
      if (message.op !== 6) return;
      const { requestType, requestId, requestData } = message.d as { requestType: string; requestId: string; requestData?: { captionText?: unknown } };
      const answer = (result: boolean, code: number, comment?: string) =>
        ws.send(JSON.stringify({ op: 7, d: { requestType, requestId, requestStatus: { result, code, ...(comment ? { comment } : {}) } } }));
      if (requestType !== 'SendStreamCaption') return answer(false, 204, 'Unknown request type.');
      const failure = state.failures.shift();
      if (failure) return answer(false, failure.code, failure.comment);
      if (!state.streaming) return answer(false, 501, 'The stream output is not running.');
      if (typeof requestData?.captionText !== 'string') return answer(false, 300, 'Missing captionText.');
      received.push({ text: requestData.captionText, atMs: now() });
      return answer(true, 100);
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    get connections() {
      return state.connections;
    },
    get refusedAuth() {
      return state.refusedAuth;
    },
    get streaming() {
      return state.streaming;
    },
    set streaming(value: boolean) {
      state.streaming = value;
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    failNext(n, code, comment) {
      for (let i = 0; i < n; i++) state.failures.push({ code, comment });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        server.close(() => resolve());
      }),
  };
}
