import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { POST } from '../../app/api/rooms/route';
import { MAX_JSON_BYTES, MAX_MULTIPART_BYTES, MAX_UPLOAD_FILE_BYTES } from '../../app/lib/presenter/rooms-api';
import type { Application } from '../../server/app';
import { CONTROL_BURST, CONTROLS_PER_SECOND, EVENT_BURST, EVENTS_PER_SECOND, MAX_HTTP_BUFFER_BYTES } from '../../server/realtime/create-realtime';
import { FakeTime } from '../support/fake-time';
import { connect, connected, startApp, type TestClient } from '../support/start-app';

/**
 * Limits enforced only at the wire, each met exactly and missed by one unit on the real server:
 * the largest socket message, the per-socket token buckets (on a fake clock, so no sleeps), and
 * the request and upload sizes of `POST /api/rooms`.
 */

const SECRET = 'limits-test-presenter-secret';
const time = new FakeTime(Date.now());
let app: Application;

beforeAll(async () => {
  app = await startApp({ DEFAULT_ROOM_SECRET: SECRET }, { time });
});
afterAll(async () => {
  await app?.close();
});

describe('the largest socket message', () => {
  /** A raw Engine.IO socket that has joined the main namespace; `replies` collects what the server sends. */
  async function rawClient() {
    const ws = new WebSocket(`${app.socketUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const replies: string[] = [];
    ws.on('message', (data) => replies.push(String(data)));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send('40');
    await until(() => replies.some((r) => r.startsWith('40')));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    return { ws, replies, closed };
  }

  /** An acknowledged `time:sync` padded with JSON white space to exactly `bytes` bytes. */
  function timeSyncOf(bytes: number): string {
    const head = '421["time:sync",{}';
    const packet = `${head}${' '.repeat(bytes - head.length - 1)}]`;
    expect(Buffer.byteLength(packet)).toBe(bytes);
    return packet;
  }

  it(`answers a message of exactly ${MAX_HTTP_BUFFER_BYTES} bytes`, async () => {
    const { ws, replies } = await rawClient();
    ws.send(timeSyncOf(MAX_HTTP_BUFFER_BYTES));
    await until(() => replies.some((r) => r.startsWith('431[{"ok":true')), 'the time:sync answer');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it(`closes the connection on a message one byte longer, without answering it`, async () => {
    const { ws, replies, closed } = await rawClient();
    ws.send(timeSyncOf(MAX_HTTP_BUFFER_BYTES + 1));
    const code = await withTimeout(closed, 5_000, 'the server to close the connection');
    // 1009, message too big (RFC 6455 §7.4.1).
    expect(code).toBe(1009);
    expect(replies.filter((r) => r.startsWith('431'))).toEqual([]);
  });
});

describe('per-socket token buckets on the real server', () => {
  const sockets: TestClient[] = [];
  afterAll(() => sockets.forEach((s) => s.disconnect()));

  async function socket(presenter = false): Promise<TestClient> {
    const client = await connected(connect(app, presenter ? { auth: { presenter: { room: 'PRESS', secret: SECRET } } } : {}));
    sockets.push(client);
    return client;
  }
  const sync = (client: TestClient) => client.emitWithAck('time:sync', {});
  let commands = 0;
  const pause = (client: TestClient) => client.emitWithAck('playback:pause', { room: 'PRESS', commandId: `limits-command-${++commands}` });

  it(`events: ${EVENT_BURST} at once are answered, one more is rate-limited; a token is back after exactly ${1_000 / EVENTS_PER_SECOND} ms`, async () => {
    const early = await socket();
    const onTime = await socket();
    for (const client of [early, onTime]) {
      const burst = [];
      for (let i = 0; i < EVENT_BURST; i++) burst.push(await sync(client));
      expect(burst.every((r) => r.ok)).toBe(true);
      expect(await sync(client)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    }
    time.advance(1_000 / EVENTS_PER_SECOND - 1);
    expect(await sync(early)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    time.advance(1);
    expect(await sync(onTime)).toMatchObject({ ok: true });
  });

  it(`commands: ${CONTROL_BURST} at once are applied, one more is rate-limited; a token is back after exactly ${1_000 / CONTROLS_PER_SECOND} ms`, async () => {
    const early = await socket(true);
    const onTime = await socket(true);
    for (const client of [early, onTime]) {
      const burst = [];
      for (let i = 0; i < CONTROL_BURST; i++) burst.push(await pause(client));
      expect(burst.every((r) => r.ok)).toBe(true);
      expect(await pause(client)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    }
    time.advance(1_000 / CONTROLS_PER_SECOND - 1);
    expect(await pause(early)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    time.advance(1);
    expect(await pause(onTime)).toMatchObject({ ok: true });
  });
});

describe('POST /api/rooms sizes', () => {
  const HOST = 'boothcast.test:3000';
  const ORIGIN = `http://${HOST}`;
  let addresses = 0;
  const post = (body: BodyInit, headers: Record<string, string>) =>
    POST(new Request(`${ORIGIN}/api/rooms`, { method: 'POST', body, headers: { host: HOST, origin: ORIGIN, 'x-forwarded-for': `192.0.2.${++addresses}`, ...headers } }));

  /** A room request padded with JSON white space to exactly `bytes` bytes. */
  function jsonOf(bytes: number): string {
    const body = JSON.stringify({ transcriptId: 'vienna-2015-11-14' });
    return body.slice(0, -1) + ' '.repeat(bytes - body.length) + '}';
  }

  it(`opens a room on a JSON body of exactly ${MAX_JSON_BYTES} bytes; one byte more is 413`, async () => {
    const at = jsonOf(MAX_JSON_BYTES);
    expect(Buffer.byteLength(at)).toBe(MAX_JSON_BYTES);
    expect((await post(at, { 'content-type': 'application/json' })).status).toBe(201);
    const past = await post(jsonOf(MAX_JSON_BYTES + 1), { 'content-type': 'application/json' });
    expect(past.status).toBe(413);
    expect(await past.json()).toMatchObject({ error: 'too-large' });
  });

  /** A WebVTT file of exactly `bytes` bytes: one cue, and a NOTE that pads it. */
  function vttOf(bytes: number): Uint8Array {
    const head = 'WEBVTT\n\nNOTE ';
    const tail = '\n\n00:00:01.000 --> 00:00:03.000\nWe met in Vienna today.\n';
    return new TextEncoder().encode(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
  }

  it(`opens a room on an uploaded file of exactly ${MAX_UPLOAD_FILE_BYTES} bytes; one byte more is 413`, async () => {
    const form = (bytes: number) => {
      const data = new FormData();
      data.append('files', new Blob([vttOf(bytes) as BlobPart]), 'talk.vtt');
      return data;
    };
    const at = await post(form(MAX_UPLOAD_FILE_BYTES), {});
    expect(at.status, JSON.stringify(await at.clone().json())).toBe(201);
    const past = await post(form(MAX_UPLOAD_FILE_BYTES + 1), {});
    expect(past.status).toBe(413);
    expect(await past.json()).toMatchObject({ error: 'too-large' });
  });

  /**
   * A multipart body of exactly `bytes` bytes: one small file, padded by a long Content-Description
   * header of its part (undici's parser takes no preamble or epilogue).
   */
  function multipartOf(bytes: number): { body: Uint8Array; type: string } {
    const boundary = 'limits-boundary';
    const part = (pad: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="talk.srt"\r\nContent-Description: ${pad}\r\nContent-Type: application/x-subrip\r\n\r\n1\r\n00:00:01,000 --> 00:00:03,000\r\nWe met in Vienna today.\r\n\r\n--${boundary}--\r\n`;
    const text = part('x'.repeat(bytes - part('').length));
    return { body: new TextEncoder().encode(text), type: `multipart/form-data; boundary=${boundary}` };
  }

  it(`reads a multipart body of exactly ${MAX_MULTIPART_BYTES} bytes; one byte more is 413`, async () => {
    const at = multipartOf(MAX_MULTIPART_BYTES);
    expect(at.body.byteLength).toBe(MAX_MULTIPART_BYTES);
    // As a browser sends it: with its length declared, which the route checks before reading.
    const accepted = await post(at.body as BodyInit, { 'content-type': at.type, 'content-length': String(at.body.byteLength) });
    expect(accepted.status, JSON.stringify(await accepted.clone().json())).toBe(201);
    const past = multipartOf(MAX_MULTIPART_BYTES + 1);
    const refused = await post(past.body as BodyInit, { 'content-type': past.type, 'content-length': String(past.body.byteLength) });
    expect(refused.status, 'its declared length is over').toBe(413);
    // Streamed without a declared length: the route counts the bytes as they come.
    const streamed = await post(past.body as BodyInit, { 'content-type': past.type });
    expect(streamed.status, 'what arrives is over').toBe(413);
  });
});

function until(predicate: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (predicate()) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    }),
    timeoutMs,
    what,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))]);
}
