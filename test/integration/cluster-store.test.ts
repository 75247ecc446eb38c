import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../server/cluster/redis-link';
import { clusterRoomStore, MAX_COMMANDS_KEPT, roomKeys, type RoomDefinition } from '../../server/cluster/room-store';
import { createLogger } from '../../server/logger';
import { initialClock } from '../../server/replay/clock';
import { uploadFile, uploadFileBody } from '../../server/rooms/upload-file';
import { freePort } from '../support/free-port';
import { loadVienna } from '../support/load-vienna';
import { REDIS_SERVER } from '../support/redis-server';

const vienna = loadVienna();
let child: ChildProcess | undefined;
let client: RedisClient;
let adapterClient: RedisClient;

/**
 * A redis-server in cluster mode holding every slot: one process, but it refuses, as a real Redis
 * Cluster does, any command or script whose keys are not in one slot (CROSSSLOT).
 */
beforeAll(async () => {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-redis-cluster-'));
  child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child!.once('exit', (code) => reject(new Error(`redis-server exited ${code}:\n${out}`)));
  });
  ({ client, adapterClient } = await connectRedis(`redis://127.0.0.1:${port}`, createLogger('silent')));
  await client.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
  for (;;) {
    const info = await client.sendCommand(['CLUSTER', 'INFO']);
    if (String(info).includes('cluster_state:ok')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // The harness would catch a call across slots: Redis refuses it here as a cluster would.
  await expect(client.sendCommand(['MSET', 'boothcast:{A}:x', '1', 'boothcast:{B}:x', '2'])).rejects.toThrow(/CROSSSLOT/u);
}, 30_000);

afterAll(async () => {
  await client?.quit().catch(() => undefined);
  await adapterClient?.quit().catch(() => undefined);
  child?.kill('SIGKILL');
});

const definition = (code: string, transcriptId = vienna.id): RoomDefinition => ({
  code,
  transcriptId,
  secretHash: null,
  stream: `stream-${code}`,
  createdAtMs: 1_000,
  clock: initialClock(vienna.durationMs, 1_000, { playing: true, loop: false }),
  owner: null,
});

async function commandStats(): Promise<Record<string, number>> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/cmdstat_([a-z|]+):calls=(\d+)/gu)) calls[match[1]] = Number(match[2]);
  return calls;
}

describe('the cluster room store on Redis (cluster mode: one slot per call)', () => {
  it('loads each script once and calls it by its hash; after Redis forgets it, loads it again and retries', async () => {
    const store = clusterRoomStore(client);
    await client.sendCommand(['CONFIG', 'RESETSTAT']);
    await store.define(definition('HASHA'));
    for (let i = 0; i < 5; i++) await store.enqueue('HASHA', `c${i}`, { change: 'pause' }, 2_000 + i, 40);
    let calls = await commandStats();
    expect(calls['script|load']).toBe(2); // DEFINE and ENQUEUE, once each
    expect(calls.evalsha).toBe(6);
    expect(calls.eval).toBeUndefined();

    await client.sendCommand(['SCRIPT', 'FLUSH']);
    const after = await store.enqueue('HASHA', 'c-after-flush', { change: 'play' }, 3_000, 40);
    expect(after).toMatchObject({ fresh: true, seq: 6 });
    calls = await commandStats();
    expect(calls['script|load']).toBe(3);
    expect(calls.eval).toBeUndefined();
  });

  it('keeps an upload with its room, reads it from the room, and deletes it with the room', async () => {
    const store = clusterRoomStore(client);
    const id = 'upload-0123456789abcdef0123456789abcdef';
    const file = uploadFile(id, uploadFileBody(vienna));
    expect((await store.define(definition('UPLDA', id), file)).created).toBe(true);
    expect(await store.transcriptFile('UPLDA')).toBe(new TextDecoder().decode(file));
    expect(await store.roomsPlaying(id)).toEqual(['UPLDA']);
    // A second definition of the same code keeps the first room and stores nothing more.
    expect((await store.define(definition('UPLDA', id), new Uint8Array([1, 2, 3]))).created).toBe(false);
    expect(await store.transcriptFile('UPLDA')).toBe(new TextDecoder().decode(file));

    const bytes = Number(await client.sendCommand(['MEMORY', 'USAGE', roomKeys('UPLDA').transcript]));
    console.log(`Redis memory for an uploaded transcript of ${file.byteLength} bytes (the Vienna briefing, 4 languages): ${bytes} bytes`);
    expect(bytes).toBeLessThan(file.byteLength * 1.1);

    expect(await store.expire('UPLDA', Date.now())).toEqual({ deleted: true });
    expect(await store.transcriptFile('UPLDA')).toBeUndefined();
    expect(await store.roomsPlaying(id)).toEqual([]);
    expect(await client.exists(Object.values(roomKeys('UPLDA')))).toBe(0);
  });

  it(`trims the command stream to about ${MAX_COMMANDS_KEPT} commands`, async () => {
    const store = clusterRoomStore(client);
    await store.define(definition('TRIMA'));
    const total = MAX_COMMANDS_KEPT + 300;
    for (let i = 1; i <= total; i++) await store.enqueue('TRIMA', `t${i}`, i % 2 ? { change: 'pause' } : { change: 'play' }, 10_000 + i, 40);
    const length = await client.xLen(roomKeys('TRIMA').commands);
    // XADD MAXLEN ~ trims whole stream nodes (100 entries each by default).
    expect(length).toBeGreaterThanOrEqual(MAX_COMMANDS_KEPT);
    expect(length).toBeLessThanOrEqual(MAX_COMMANDS_KEPT + 100);
    expect(await client.zCard(roomKeys('TRIMA').ids)).toBe(1_000);
    // The newest command is still there, numbered in order.
    expect((await store.commandsAfter('TRIMA', total - 1)).map((c) => c.seq)).toEqual([total]);

    // A node loading the room reads its definition and every command kept, in one step.
    expect((await store.load('TRIMA'))?.commands.at(-1)?.seq).toBe(total);
    // A retried command id still gets its first number back.
    expect(await store.enqueue('TRIMA', `t${total - 1}`, { change: 'pause' }, 30_000, 40)).toMatchObject({ fresh: false, seq: total - 1 });
  }, 60_000);

  it('keeps the newest snapshot offered with a command and cuts the stream back to the commands after it', async () => {
    const store = clusterRoomStore(client);
    await store.define(definition('SNAPA'));
    const snapshot = (cmdSeq: number) => ({ cmdSeq, clock: { ...definition('SNAPA').clock, positionMs: cmdSeq * 1_000 }, seq: cmdSeq * 10, nextIndex: cmdSeq });
    for (let i = 1; i <= 5; i++) await store.enqueue('SNAPA', `s${i}`, { change: 'pause' }, 10_000 + i, 40);
    expect(await client.xLen(roomKeys('SNAPA').commands)).toBe(5);
    // Command 6 comes with the room as it stood after command 4: commands 5 and 6 are all a node needs.
    await store.enqueue('SNAPA', 's6', { change: 'play' }, 10_006, 40, snapshot(4));
    expect(await client.xLen(roomKeys('SNAPA').commands)).toBe(2);
    let stored = await store.load('SNAPA');
    expect(stored?.snapshot).toEqual(snapshot(4));
    expect(stored?.commands.map((c) => c.seq)).toEqual([5, 6]);
    // An older snapshot (another node behind) changes nothing; one for a command not yet ordered is refused.
    await store.enqueue('SNAPA', 's7', { change: 'pause' }, 10_007, 40, snapshot(3));
    await store.enqueue('SNAPA', 's8', { change: 'play' }, 10_008, 40, { ...snapshot(8), cmdSeq: 8 });
    stored = await store.load('SNAPA');
    expect(stored?.snapshot).toEqual(snapshot(4));
    expect(stored?.commands.map((c) => c.seq)).toEqual([5, 6, 7, 8]);
    await store.enqueue('SNAPA', 's9', { change: 'pause' }, 10_009, 40, snapshot(8));
    stored = await store.load('SNAPA');
    expect(stored?.snapshot).toEqual(snapshot(8));
    expect(stored?.commands.map((c) => c.seq)).toEqual([9]);
    // Many commands, each with the snapshot after the one before: the stream stays at one or two entries.
    for (let i = 10; i <= 1_600; i++) await store.enqueue('SNAPA', `s${i}`, { change: 'pause' }, 10_000 + i, 40, snapshot(i - 1));
    expect(await client.xLen(roomKeys('SNAPA').commands)).toBe(1);
    expect((await store.load('SNAPA'))?.commands.map((c) => c.seq)).toEqual([1_600]);
  }, 60_000);

  it('records activity room by room and keeps a room in use elsewhere', async () => {
    const store = clusterRoomStore(client);
    await store.define(definition('ACTVA'));
    await store.define(definition('ACTVB'));
    await store.noteActive([
      { code: 'ACTVA', atMs: 50_000 },
      { code: 'ACTVB', atMs: 60_000 },
    ]);
    expect(await store.expire('ACTVA', 40_000)).toEqual({ deleted: false, activeAtMs: 50_000 });
    expect(await store.expire('ACTVB', 70_000)).toEqual({ deleted: true });
    expect(await store.codes()).toContain('ACTVA');
    expect(await store.codes()).not.toContain('ACTVB');
  });
});
