import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { positionAt } from '../../server/replay/clock';
import { DocClient, wireProblems } from '../support/doc-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';
import { freePort } from '../support/free-port';

const servers: ServerProcess[] = [];
const clients: DocClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
});


async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ SERVE_PAGES: '0', LOG_LEVEL: 'info', ...env });
  servers.push(server);
  return server;
}

describe('the server process under faults', () => {
  it('killed with SIGKILL mid-replay and restarted: rooms resume at the right position within 2 s, viewers lose nothing', async () => {
    const port = String(await freePort());
    const env = { PORT: port, STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-kill-')) };
    const first = await start(env);
    const presenter = new DocClient(first.url, 'PRESS');
    clients.push(presenter);
    await presenter.connect();
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    const code: string = created.data.code;
    const seek = await presenter.command('playback:seek', { room: code, commandId: 'seek-before-kill', positionMs: 300_000 });
    const clockBefore = seek.data!.clock;
    presenter.close();

    const viewers = Array.from({ length: 5 }, () => new DocClient(first.url, code, { autoReconnect: true }));
    clients.push(...viewers);
    await Promise.all(viewers.map((v) => v.connect()));
    await waitFor(() => viewers.every((v) => v.segments.length > 0), 10_000, 'viewers to have captions');

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    servers.splice(servers.indexOf(first), 1);
    const seqBefore = viewers.map((v) => v.history.length);

    const second = await start(env);
    const restartedAt = Date.now();
    expect(second.output()).toMatch(/rooms restored/u);
    // Every viewer is back, with captions of the restored room, within 2 s of the restart.
    await waitFor(() => viewers.every((v, i) => v.history.length > seqBefore[i] && v.segments.length > 0 && !v.socket.disconnected), 2_000, 'viewers back within 2 s');
    const backAfterMs = Date.now() - restartedAt;
    expect(backAfterMs).toBeLessThan(2_000);

    const check = new DocClient(second.url, code);
    clients.push(check);
    await check.connect();
    await check.joined();
    const now = Date.now();
    const offMs = Math.abs(positionAt(check.clock as never, now) - positionAt(clockBefore as never, now));
    expect(offMs).toBeLessThan(250);
    for (const viewer of viewers) {
      expect(wireProblems(viewer.wire)).toEqual([]);
      expect(viewer.freshSnapshots).toBe(1);
      expect(viewer.clock?.epoch).toBe(clockBefore.epoch + 1);
    }
    console.log(`SIGKILL and restart: ${viewers.length} viewers back with captions ${backAfterMs} ms after the restart; room position off by ${offMs.toFixed(0)} ms; on the wire 0 gaps, 0 duplicates`);
  });

  it('drains on SIGTERM: saves the rooms, says goodbye to clients, exits 0', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-term-'));
    const server = await start({ STATE_DIR: stateDir });
    const viewer = new DocClient(server.url, 'PRESS');
    clients.push(viewer);
    await viewer.connect();
    await viewer.joined();
    const disconnected = new Promise<string>((resolve) => viewer.socket.once('disconnect', resolve));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await disconnected).toMatch(/transport close|io server disconnect/u);
    const saved = JSON.parse(readFileSync(path.join(stateDir, 'rooms.json'), 'utf8'));
    expect(saved.rooms.map((r: { code: string }) => r.code)).toContain('PRESS');
    expect(server.output()).toMatch(/shutting down/u);
  });

  it('with a state directory that cannot be written: refuses new rooms (unavailable), keeps serving, says so once', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'boothcast-unwritable-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(parent, 'not-a-directory'), '');
    const secret = 'unwritable-default-room-secret';
    // A state directory under a regular file cannot be created, even by root (ENOTDIR).
    const server = await start({ STATE_DIR: path.join(parent, 'not-a-directory', 'state'), DEFAULT_ROOM_SECRET: secret });
    const presenter = new DocClient(server.url, 'PRESS', { auth: { presenter: { room: 'PRESS', secret } } });
    clients.push(presenter);
    const saving: boolean[] = [];
    presenter.socket.on('storage:changed', (message: { saving: boolean }) => saving.push(message.saving));
    await presenter.connect();
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    expect(created).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // The rooms it holds keep playing and obey their presenter; the ack says the change is not saved.
    for (let i = 0; i < 3; i++) {
      const paused = await presenter.command('playback:pause', { room: 'PRESS', commandId: `pause-unwritable-${i}` });
      expect(paused).toMatchObject({ ok: true, data: { saved: false, clock: { status: 'paused' } } });
    }
    await waitFor(() => saving.at(-1) === false, 5_000, 'the console to be told changes are not being saved');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, state: 'unwritable' });
    expect(server.output().match(/could not save room state/gu)).toHaveLength(1);
    expect(server.output()).toMatch(/ENOTDIR/u);
    expect(existsSync(path.join(parent, 'not-a-directory', 'state'))).toBe(false);
    // The presenter secret never reaches the log.
    expect(server.output()).not.toContain(secret);
  });
});
