import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { Application } from '../../server/app';
import { FakeTime } from '../support/fake-time';
import { connect, connected, join, startApp, type TestClient } from '../support/start-app';

/**
 * Rooms have a lifetime: one nobody is in (no presenter, no viewer) for ROOM_IDLE_EXPIRY (24 h by
 * default) is deleted with its state and its upload; the default room never is; and a full server
 * gives up its longest-empty room before it refuses a new one. The real server on a manual clock:
 * a day passes in a few steps, with real sockets.
 */
const HOST = 'boothcast.test:3000';
const ORIGIN = `http://${HOST}`;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let app: Application | undefined;
const sockets: TestClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await app?.close();
  app = undefined;
});

/** Opens a room over the socket and returns its code. */
async function createdCode(client: TestClient): Promise<string> {
  const reply = await client.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', autoplay: false });
  if (!reply.ok) throw new Error(`room:create failed: ${reply.error.code}`);
  return reply.data.code;
}

async function socket(): Promise<TestClient> {
  const client = await connected(connect(app!));
  sockets.push(client);
  return client;
}

function post(body: BodyInit, headers: Record<string, string>, address: string): Promise<Response> {
  return POST(new Request(`${ORIGIN}/api/rooms`, { method: 'POST', body, headers: { host: HOST, origin: ORIGIN, 'x-forwarded-for': address, ...headers } }));
}

async function postBundled(address: string): Promise<Response> {
  return post(JSON.stringify({ transcriptId: 'vienna-2015-11-14', autoplay: false }), { 'content-type': 'application/json' }, address);
}

const LESSON_SRT = '1\n00:00:01,000 --> 00:00:04,000\nTEACHER: Good morning, everyone.\n\n2\n00:00:04,500 --> 00:00:08,000\nSTUDENT: Good morning.\n';

async function postUpload(address: string): Promise<{ code: string }> {
  const form = new FormData();
  form.append('files', new Blob([LESSON_SRT]), 'lesson.srt');
  form.set('autoplay', 'false');
  const response = await post(form, {}, address);
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string };
}

/** Moves the manual clock in sweep-sized steps, letting each sweep's promises settle. */
async function pass(time: FakeTime, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MINUTE_MS) {
    time.advance(Math.min(MINUTE_MS, left));
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Saves are batched in the background: wait for the write that holds the rooms as they are now.
  await app?.registry.save();
}

const savedCodes = (stateDir: string) =>
  (JSON.parse(readFileSync(path.join(stateDir, 'rooms.json'), 'utf8')) as { rooms: { code: string }[] }).rooms.map((room) => room.code).sort();

describe('rooms expire when nobody has been in them for the idle expiry', () => {
  it('deletes an empty room with its state and upload after 24 h; keeps the default room and a room in use; an expired room does not come back after a restart', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-expiry-'));
    const time = new FakeTime(Date.now());
    // Each room plays paused so a day on the manual clock fires few timers; PRESS loops regardless.
    app = await startApp({ STATE_DIR: stateDir, TRUST_PROXY: '1' }, { time });

    const uploaded = await postUpload('192.0.2.10');
    const uploadId = app.registry.get(uploaded.code)!.transcript.id;
    const uploadFile = path.join(stateDir, 'uploads', `${uploadId}.json`);
    expect(existsSync(uploadFile)).toBe(true);

    // A room whose presenter leaves at once, and one a viewer keeps watching all day.
    const leaving = await socket();
    const left = await createdCode(leaving);
    leaving.disconnect();
    const watched = await createdCode(await socket());
    const viewer = await socket();
    expect((await join(viewer, watched)).ok).toBe(true);

    // The address that opened the upload's room holds the most it may (five).
    for (let i = 0; i < 4; i++) expect((await postBundled('192.0.2.10')).status).toBe(201);
    expect((await postBundled('192.0.2.10')).status).toBe(429);

    await pass(time, 23 * HOUR_MS);
    for (const code of [uploaded.code, left, watched, 'PRESS']) expect(app.registry.get(code), code).toBeDefined();

    await pass(time, 2 * HOUR_MS);
    expect(app.registry.get(uploaded.code)).toBeUndefined();
    expect(app.registry.get(left)).toBeUndefined();
    expect(app.registry.get(watched)).toBeDefined();
    expect(app.registry.get('PRESS')).toBeDefined();
    expect(existsSync(uploadFile)).toBe(false);
    expect(savedCodes(stateDir)).toEqual([watched, 'PRESS'].sort());
    // A viewer who arrives later finds no room; the address may open rooms again.
    expect(await join(await socket(), uploaded.code)).toMatchObject({ ok: false, error: { code: 'unknown-room' } });
    expect((await postBundled('192.0.2.10')).status).toBe(201);

    // A restart an hour later brings back the rooms that are still live, and no expired one.
    const reopened = (await postBundled('192.0.2.11')) as Response;
    const { code: fresh } = (await reopened.json()) as { code: string };
    const liveBefore = app.registry.list().map((room) => room.code).sort();
    for (const s of sockets.splice(0)) s.disconnect();
    await app.close();
    const later = new FakeTime(time.now() + HOUR_MS);
    app = await startApp({ STATE_DIR: stateDir, TRUST_PROXY: '1' }, { time: later });
    expect(app.registry.list().map((room) => room.code).sort()).toEqual(liveBefore);
    expect(app.registry.get(uploaded.code)).toBeUndefined();
    expect(app.registry.get(left)).toBeUndefined();
    expect(app.registry.get(fresh)).toBeDefined();
    // Its clock and its expiry both survive: the room left empty at the restart goes 24 h after it emptied.
    await pass(later, 22 * HOUR_MS);
    expect(app.registry.get(fresh)).toBeDefined();
    await pass(later, 2 * HOUR_MS);
    expect(app.registry.get(fresh)).toBeUndefined();
    expect(app.registry.get('PRESS')).toBeDefined();
  });

  it('a room whose expiry passed while the server was down is gone when it starts again', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-expiry-down-'));
    const time = new FakeTime(Date.now());
    app = await startApp({ STATE_DIR: stateDir }, { time });
    const presenter = await socket();
    const code = await createdCode(presenter);
    presenter.disconnect();
    await app.close();
    app = await startApp({ STATE_DIR: stateDir }, { time: new FakeTime(time.now() + 25 * HOUR_MS) });
    expect(app.registry.get(code)).toBeUndefined();
    expect(savedCodes(stateDir)).toEqual(['PRESS']);
  });

  it('ROOM_IDLE_EXPIRY sets the idle time', async () => {
    const time = new FakeTime(Date.now());
    app = await startApp({ ROOM_IDLE_EXPIRY: '30m' }, { time });
    const presenter = await socket();
    const code = await createdCode(presenter);
    presenter.disconnect();
    await pass(time, 25 * MINUTE_MS);
    expect(app.registry.get(code)).toBeDefined();
    await pass(time, 10 * MINUTE_MS);
    expect(app.registry.get(code)).toBeUndefined();
  });
});

describe('a full server gives up its longest-empty room before it refuses a new one', () => {
  it('evicts the room empty the longest, never the default room or one in use, then answers room-limit', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-evict-'));
    const time = new FakeTime(Date.now());
    // Room for the default room and three more.
    app = await startApp({ STATE_DIR: stateDir, MAX_ROOMS: '4', TRUST_PROXY: '1' }, { time });
    const codes: string[] = [];
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      const response = await postBundled(address);
      expect(response.status).toBe(201);
      codes.push(((await response.json()) as { code: string }).code);
      await pass(time, 10 * MINUTE_MS);
    }
    const [oldest, watched, newest] = codes;
    // Someone watches the second room (empty longer than the third, but in use).
    expect((await join(await socket(), watched)).ok).toBe(true);

    const fourth = await postBundled('192.0.2.4');
    expect(fourth.status).toBe(201);
    expect(app.registry.get(oldest)).toBeUndefined();
    expect(savedCodes(stateDir)).not.toContain(oldest);

    const fifth = await postBundled('192.0.2.5');
    expect(fifth.status).toBe(201);
    expect(app.registry.get(newest)).toBeUndefined();
    expect(app.registry.get(watched)).toBeDefined();

    // Viewers join the two new rooms: now every room is in use or is the default room.
    const { code: fourthCode } = (await fourth.json()) as { code: string };
    const { code: fifthCode } = (await fifth.json()) as { code: string };
    for (const code of [fourthCode, fifthCode]) expect((await join(await socket(), code)).ok).toBe(true);
    const refused = await postBundled('192.0.2.6');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: 'room-limit' });
    expect(await (await socket()).emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' })).toMatchObject({ ok: false, error: { code: 'room-limit' } });
    expect(app.registry.list().map((room) => room.code).sort()).toEqual([watched, fourthCode, fifthCode, 'PRESS'].sort());
  });
});
