import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomRegistry } from '../../../server/rooms/room-registry';
import { localRoomService, UnavailableError } from '../../../server/rooms/room-service';
import { fileRoomStore, type RoomStore } from '../../../server/rooms/room-store';
import { FakeTime } from '../../support/fake-time';
import { loadVienna } from '../../support/load-vienna';

const vienna = loadVienna();
const registries: RoomRegistry[] = [];
const stores: RoomStore[] = [];

afterEach(() => {
  for (const r of registries.splice(0)) r.dispose();
  for (const s of stores.splice(0)) s.close();
});

function reporter() {
  const lines: string[] = [];
  return { lines, error: (_d: Record<string, unknown>, m: string) => lines.push(`error: ${m}`), warn: (_d: Record<string, unknown>, m: string) => lines.push(`warn: ${m}`) };
}

function setup(stateDir: string) {
  const report = reporter();
  const store = fileRoomStore(stateDir, report);
  stores.push(store);
  const registry = new RoomRegistry({
    transcripts: new Map([[vienna.id, vienna]]),
    time: new FakeTime(),
    sinkFor: () => ({ segment: () => undefined, clock: () => undefined }),
    lookaheadMs: 1_000,
    loopPauseMs: 0,
    store,
    maxRooms: 10,
  });
  registries.push(registry);
  return { registry, store, report, service: localRoomService(registry) };
}

/** A state directory that can never be created: its parent is a regular file (ENOTDIR, even for root). */
function unwritableDir(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'boothcast-unit-unwritable-'));
  writeFileSync(path.join(parent, 'file'), '');
  return path.join(parent, 'file', 'state');
}

describe('the local room service and the state file', () => {
  it('confirms a new room only once it is on disk, with its secret hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-unit-state-'));
    const { service } = setup(dir);
    const { room, secret } = await service.create(vienna.id, {});
    const saved = JSON.parse(readFileSync(path.join(dir, 'rooms.json'), 'utf8'));
    expect(saved.rooms).toEqual([expect.objectContaining({ code: room.code, secretHash: room.secretHash })]);
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(readdirSync(dir)).toEqual(['rooms.json']);
  });

  it('refuses a room it cannot save (unavailable) and keeps nothing of it', async () => {
    const { service, registry } = setup(unwritableDir());
    await expect(service.create(vienna.id, {})).rejects.toBeInstanceOf(UnavailableError);
    expect(registry.list()).toEqual([]);
  });

  it('applies a command it cannot save, says so in the result, and logs the outage once', async () => {
    const { service, registry, store, report } = setup(unwritableDir());
    // As at start-up: a room opened without waiting for the disk (the always-on room).
    const { room } = registry.create(vienna.id, { secret: 'x'.repeat(32) });
    const paused = await service.command(room, 'pause-00001', { change: 'pause' });
    expect(paused).toMatchObject({ ok: true, saved: false, clock: { status: 'paused' } });
    expect(room.player.clock.status).toBe('paused');
    await service.command(room, 'play-000001', { change: 'play' });
    await service.command(room, 'seek-000001', { change: 'seek', positionMs: 60_000 });
    expect(store.writable()).toBe(false);
    expect(report.lines.filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(report.lines[0]).toMatch(/presenter changes are not being saved/u);
  });

  it('loads a state file written by an earlier version, and removes the temporary files a crash left', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-unit-load-'));
    const clock = { status: 'paused', positionMs: 5_000, anchorAtMs: 1, rate: 1, loop: false, epoch: 2, durationMs: vienna.durationMs };
    const room = { code: 'ABCDE', transcriptId: vienna.id, secretHash: 'a'.repeat(64), clock, seq: 7, createdAtMs: 1 };
    writeFileSync(path.join(dir, 'rooms.json'), JSON.stringify({ version: 1, savedAtMs: 1, rooms: [room] }));
    writeFileSync(path.join(dir, 'rooms.json.4242.tmp'), 'x'.repeat(8_000));
    writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    const { registry, report } = setup(dir);
    expect(registry.restore()).toBe(1);
    expect(registry.get('ABCDE')?.secretHash).toBe('a'.repeat(64));
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'rooms.json']);
    expect(report.lines).toEqual(['warn: removed temporary files an earlier run left behind']);
  });
});
