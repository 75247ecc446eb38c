import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocClient, wireProblems } from '../support/doc-client';
import { startNginx, type Nginx } from '../support/nginx';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

const TITLE = 'Cluster lesson on tides';
/** A lesson a teacher uploads: three speakers' lines, long enough to be playing while the test looks. */
const LESSON = Array.from({ length: 40 }, (_, i) => {
  const start = 1 + i * 4;
  const time = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000`;
  return `${i + 1}\n${time(start)} --> ${time(start + 3)}\nTEACHER: Line ${i + 1} about the tides of the North Sea.\n`;
}).join('\n');

/**
 * A presenter command as the console sends it: retried under the same command id when the socket
 * drops before the answer (a node that gets a command after its time rebuilds the room and
 * reconnects its sockets: cluster-rooms.ts), so it is applied once and answered.
 */
async function command(presenter: DocClient, event: string, payload: Record<string, unknown>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await waitFor(() => presenter.socket.connected, 10_000, 'the presenter connected');
      return await presenter.command(event, payload);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

let redis: Awaited<ReturnType<typeof startRedis>>;
let nginx: Nginx | undefined;
let front = '';
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  // Two nodes with pages, each with a state directory of its own: nothing is shared but Redis.
  // One after the other: two Next.js servers starting at once on a busy machine take longer than the harness waits.
  for (let i = 0; i < 2; i++) nodes.push(await startServerProcess({ REDIS_URL: redis.url, TRUST_PROXY: '1' }));
  nginx = await startNginx(nodes, 'nginx');
  front = nginx.front;
}, 180_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  nginx?.stop();
  for (const n of nodes.splice(0)) await n.stop();
  await redis?.stop();
}, 60_000);

describe('a room on an upload, in a cluster of two nodes behind nginx', () => {
  it('is uploaded through one node and watched, presented and exported through the other', async () => {
    // nginx keeps a client on one node (ip_hash): the one it sends this test to is "B"; the upload goes to the other, "A", directly.
    const { pid } = (await (await fetch(`${front}/healthz`)).json()) as { pid: number };
    const b = nodes.find((n) => n.child.pid === pid)!;
    const a = nodes.find((n) => n !== b)!;

    const form = new FormData();
    form.append('files', new Blob([LESSON]), 'tides.srt');
    form.append('title', TITLE);
    form.append('sourceLang', 'en');
    form.append('autoplay', 'true');
    const uploaded = await fetch(`${a.url}/api/rooms`, { method: 'POST', body: form, headers: { origin: a.url } });
    expect(uploaded.status).toBe(201);
    const { code, secret } = (await uploaded.json()) as { code: string; secret: string };

    // The page, through nginx, from node B, which never received the upload.
    const page = await fetch(`${front}/watch/${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(TITLE);
    expect(((await (await fetch(`${front}/healthz`)).json()) as { pid: number }).pid).toBe(b.child.pid);
    expect((await fetch(`${front}/present/${code}`)).status).toBe(200);

    // A viewer's socket through nginx (node B) joins and gets the lesson's captions.
    const viewer = new DocClient(front, code, { autoReconnect: true });
    clients.push(viewer);
    await viewer.connect();
    await viewer.joined();
    expect(viewer.info?.title).toBe(TITLE);
    await waitFor(() => viewer.segments.some((s) => Object.values(s.segment.text).some((t) => t?.includes('tides of the North Sea'))), 20_000, 'a caption of the upload');

    // The presenter, with the secret the upload answered, controls the room through node B.
    const presenter = new DocClient(front, code, { auth: { presenter: { room: code, secret } }, autoReconnect: true });
    clients.push(presenter);
    await presenter.connect();
    await presenter.joined();
    const paused = await command(presenter, 'playback:pause', { room: code, commandId: 'cluster-upload-pause' });
    expect(paused).toMatchObject({ ok: true, data: { clock: { status: 'paused' } } });
    await waitFor(() => viewer.clock?.status === 'paused', 10_000, 'the pause at the viewer');
    const seeked = await command(presenter, 'playback:seek', { room: code, commandId: 'cluster-upload-seek', positionMs: 60_000 });
    expect(seeked).toMatchObject({ ok: true, data: { clock: { positionMs: 60_000 } } });
    await waitFor(() => viewer.clock?.positionMs === 60_000, 10_000, 'the seek at the viewer');
    expect(wireProblems(viewer.wire)).toEqual([]);

    // The captions as a file, exported through node B.
    const transcriptId = (viewer.info as unknown as { transcriptId: string }).transcriptId;
    const vtt = await fetch(`${front}/api/transcripts/${encodeURIComponent(transcriptId)}/captions.vtt?lang=en`);
    expect(vtt.status).toBe(200);
    const text = await vtt.text();
    expect(text.startsWith('WEBVTT')).toBe(true);
    expect(text).toContain('Line 40 about the tides of the North Sea.');
    expect((await fetch(`${front}/transcript/${encodeURIComponent(transcriptId)}`)).status).toBe(200);

    // Node B played the room from what Redis holds: the upload was stored there, not sent by A.
    expect(b.output()).not.toMatch(/transcript this node does not have/u);
  }, 180_000);
});
