import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { positionAt } from '../../server/replay/clock';
import { DocClient } from '../support/doc-client';
import { startApp } from '../support/start-app';

const apps: Application[] = [];
const clients: DocClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const a of apps.splice(0)) await a.close();
});

async function start(stateDir: string): Promise<Application> {
  const app = await startApp({ STATE_DIR: stateDir });
  apps.push(app);
  return app;
}

describe('rooms survive a restart', () => {
  it('resumes every room at the position it should have reached; presenters keep their secrets; viewers start a new stream', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-restart-'));
    const first = await start(stateDir);
    const presenter = new DocClient(first.url, 'PRESS');
    clients.push(presenter);
    await presenter.connect();
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14' });
    const { code, secret } = created.data as { code: string; secret: string };
    await presenter.command('playback:seek', { room: code, commandId: 'seek-before-restart', positionMs: 120_000 });
    await presenter.command('playback:rate', { room: code, commandId: 'rate-before-restart', rate: 1.25 });
    const viewer = new DocClient(first.url, code);
    clients.push(viewer);
    await viewer.connect();
    await viewer.joined();
    const streamBefore = viewer.stream;

    const saved = JSON.parse(readFileSync(path.join(stateDir, 'rooms.json'), 'utf8'));
    expect(JSON.stringify(saved)).not.toContain(secret);
    const clockBefore = first.registry.get(code)!.player.clock;
    const pressBefore = first.registry.get('PRESS')!.player.clock;
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await start(stateDir);
    const room = second.registry.get(code)!;
    expect(room).toBeDefined();
    const now = second.time.now();
    expect(Math.abs(positionAt(room.player.clock, now) - positionAt(clockBefore, now))).toBeLessThan(5);
    expect(room.player.clock.rate).toBe(1.25);
    expect(room.player.clock.epoch).toBe(clockBefore.epoch + 1);
    expect(Math.abs(positionAt(second.registry.get('PRESS')!.player.clock, now) - positionAt(pressBefore, now))).toBeLessThan(5);

    // The same secret still controls the room from a new connection.
    const again = new DocClient(second.url, code, { auth: { presenter: { room: code, secret } } });
    clients.push(again);
    await again.connect();
    expect(await again.command('playback:pause', { room: code, commandId: 'pause-after-restart' })).toMatchObject({ ok: true });

    // A viewer that rejoins with its old stream gets a fresh snapshot of the new one.
    const back = new DocClient(second.url, code);
    clients.push(back);
    back.stream = streamBefore;
    back.lastSeq = viewer.lastSeq;
    await back.connect();
    await back.joined();
    expect(back.stream).not.toBe(streamBefore);
    expect(back.freshSnapshots).toBe(1);
  });

  it('sets an unreadable state file aside, reports it, and starts with the default room', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'boothcast-corrupt-'));
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(path.join(stateDir, 'rooms.json'), '{"version":1,"rooms":[{"code":');
    const app = await start(stateDir);
    expect(app.registry.list().map((r) => r.code)).toEqual(['PRESS']);
    expect(readdirSync(stateDir).some((name) => name.startsWith('rooms.json.corrupt-'))).toBe(true);
  });
});
