import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { Application } from '../../server/app';
import { connect, connected, startApp } from '../support/start-app';

/**
 * `POST /api/rooms` against the real composition root (rooms, transcripts, sockets), calling the
 * route handler as Next.js does: with a web `Request`. The end-to-end test drives it through the
 * production server from a browser.
 */
let app: Application;
const HOST = 'boothcast.test:3000';
const ORIGIN = `http://${HOST}`;
let addresses = 0;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

function post(body: BodyInit, headers: Record<string, string>, address = `198.51.100.${++addresses}`): Promise<Response> {
  return POST(
    new Request(`${ORIGIN}/api/rooms`, {
      method: 'POST',
      body,
      headers: { host: HOST, origin: ORIGIN, 'x-forwarded-for': address, ...headers },
    }),
  );
}
const postJson = (value: unknown, headers: Record<string, string> = {}, address?: string) =>
  post(JSON.stringify(value), { 'content-type': 'application/json', ...headers }, address);

describe('POST /api/rooms', () => {
  it('opens a room on a bundled transcript: 201 with the code and the secret in the body only', async () => {
    const response = await postJson({ transcriptId: 'vienna-2015-11-14', loop: true, autoplay: false });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { code: string; secret: string };
    expect(body.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{5}$/u);
    expect(body.secret.length).toBeGreaterThanOrEqual(32);
    for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain(body.secret);
    expect(response.headers.get('cache-control')).toBe('no-store');

    const room = app.registry.get(body.code);
    expect(room?.player.clock).toMatchObject({ status: 'paused', loop: true });

    // The secret is real: a presenter socket proving it in the handshake can control the room.
    const presenter = await connected(connect(app, { auth: { presenter: { room: body.code, secret: body.secret } } }));
    const reply = await presenter.emitWithAck('playback:play', { room: body.code, commandId: 'api-test-play-1' });
    expect(reply).toMatchObject({ ok: true, data: { clock: { status: 'playing' } } });
    presenter.disconnect();
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['another port', { origin: 'http://boothcast.test:4000' }],
    ['no Origin at all', { origin: '' }],
    ['an opaque origin', { origin: 'null' }],
  ])('refuses a request from %s with 403 and opens nothing', async (_name, headers) => {
    const before = app.registry.list().length;
    const response = await postJson({ transcriptId: 'vienna-2015-11-14' }, headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'cross-origin' });
    expect(app.registry.list().length).toBe(before);
  });

  it.each([
    ['an unknown transcript', { transcriptId: 'no-such-talk' }, 404, 'unknown-transcript'],
    ['a missing transcript id', { loop: true }, 400, 'invalid-request'],
    ['a field the API does not know', { transcriptId: 'vienna-2015-11-14', secret: 'mine' }, 400, 'invalid-request'],
    ['a wrong type', { transcriptId: 'vienna-2015-11-14', autoplay: 'yes' }, 400, 'invalid-request'],
  ])('answers %s with %i', async (_name, body, status, error) => {
    const response = await postJson(body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });

  it('answers a body that is not JSON with 400, and another content type with 415', async () => {
    expect((await post('{oops', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('transcriptId=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  const LESSON_SRT = [
    '1\n00:00:01,000 --> 00:00:04,000\nTEACHER: Good morning, everyone. Today we read a short story.\n',
    '2\n00:00:04,500 --> 00:00:08,000\nSTUDENT: Is it a long one?\n',
    '3\n00:00:08,500 --> 00:00:12,000\nTEACHER: No, it is short. We start now.\n',
  ].join('\n');

  it('opens a room on an uploaded SRT file, paused and looping as asked', async () => {
    const form = new FormData();
    form.append('files', new Blob([LESSON_SRT], { type: 'application/x-subrip' }), 'lesson.srt');
    form.set('loop', 'true');
    form.set('autoplay', 'false');
    form.set('sourceLang', 'en');
    const response = await post(form, {});
    expect(response.status).toBe(201);
    const { code, secret } = (await response.json()) as { code: string; secret: string };
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const room = app.registry.get(code)!;
    // The id is random, not the file name: knowing it is what lets someone read the upload.
    expect(room.transcript.id).toMatch(/^upload-[0-9a-f]{32}$/u);
    expect(room.transcript.segments.map((s) => s.text.en)).toContain('Is it a long one?');
    expect(room.player.clock).toMatchObject({ status: 'paused', loop: true });
  });

  it('answers an upload with problems with 400 and every problem, each with its file and line', async () => {
    const form = new FormData();
    form.append('files', new Blob([LESSON_SRT.replace('00:00:04,500', '00:00:0x,500')]), 'lesson.srt');
    const before = app.registry.list().length;
    const response = await post(form, {});
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; problems: { file: string; line: number; message: string }[] };
    expect(body.error).toBe('invalid-transcript');
    expect(body.problems).toEqual([expect.objectContaining({ code: 'bad-timestamp', file: 'lesson.srt', line: 6, message: expect.stringContaining('00:00:0x,500') })]);
    expect(app.registry.list().length).toBe(before);
  });

  it('refuses an oversized upload with 413 before importing it', async () => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(2 * 1024 * 1024 + 1).fill(65)]), 'huge.txt');
    const response = await post(form, {});
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'too-large' });
  });

  it('refuses an upload with no file, or more files than booths', async () => {
    const none = new FormData();
    none.set('loop', 'true');
    expect((await post(none, {})).status).toBe(400);
    const seven = new FormData();
    for (const lang of ['en', 'ru', 'fr', 'ar', 'zh', 'es', 'de']) seven.append('files', new Blob(['1\n00:00:01,000 --> 00:00:02,000\nHi\n']), `a.${lang}.srt`);
    const response = await post(seven, {});
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid-request', field: 'files' });
  });

  // The form is parsed in the import worker; what it finds wrong is still answered here, with the field.
  it('refuses a body that is not multipart, and a field it does not know, and opens nothing', async () => {
    const before = app.registry.list().length;
    const broken = await post('--x\r\nnot a part', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalid-request', message: 'the body is not valid multipart form data' });

    const extra = new FormData();
    extra.append('files', new Blob(['1\n00:00:01,000 --> 00:00:02,000\nHi\n']), 'a.srt');
    extra.append('transcript', new Blob(['x']), 'b.srt');
    const unknown = await post(extra, {});
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid-request', field: 'transcript' });
    expect(app.registry.list().length).toBe(before);
  });

  it('limits live rooms per address: five, then 429 with Retry-After; other addresses are not affected', async () => {
    const address = '203.0.113.99';
    for (let i = 0; i < 5; i++) expect((await postJson({ transcriptId: 'vienna-2015-11-14' }, {}, address)).status).toBe(201);
    const limited = await postJson({ transcriptId: 'vienna-2015-11-14' }, {}, address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate-limited', message: expect.stringContaining('5 rooms') });
    expect((await postJson({ transcriptId: 'vienna-2015-11-14' }, {}, '203.0.113.100')).status).toBe(201);
  });
});
