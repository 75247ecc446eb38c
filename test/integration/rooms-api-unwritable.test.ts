import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { Application } from '../../server/app';
import { startApp } from '../support/start-app';

/**
 * `POST /api/rooms` on a server whose state directory cannot be written (its parent is a regular
 * file: ENOTDIR, even for root, as a read-only or full disk would refuse): neither a room nor an
 * upload is confirmed, and nothing of them is kept.
 */
let app: Application;
const HOST = 'boothcast.test:3000';
const ORIGIN = `http://${HOST}`;

beforeAll(async () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'boothcast-api-unwritable-'));
  writeFileSync(path.join(parent, 'file'), '');
  app = await startApp({ STATE_DIR: path.join(parent, 'file', 'state') });
});
afterAll(async () => {
  await app?.close();
});

function post(body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return POST(new Request(`${ORIGIN}/api/rooms`, { method: 'POST', body, headers: { host: HOST, origin: ORIGIN, 'x-forwarded-for': '198.51.100.7', ...headers } }));
}

describe('POST /api/rooms when nothing can be saved', () => {
  it('answers 503 unavailable for a room on a bundled transcript, and keeps no room', async () => {
    const before = app.registry.list().map((r) => r.code);
    const response = await post(JSON.stringify({ transcriptId: 'vienna-2015-11-14' }), { 'content-type': 'application/json' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
    expect(app.registry.list().map((r) => r.code)).toEqual(before);
  });

  it('answers 503 unavailable for an upload, and keeps no room', async () => {
    const before = { rooms: app.registry.list().length };
    const form = new FormData();
    form.append('files', new Blob(['1\n00:00:01,000 --> 00:00:04,000\nTEACHER: Good morning, everyone.\n']), 'lesson.srt');
    const response = await post(form);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
    expect(app.registry.list().length).toBe(before.rooms);
  });
});
