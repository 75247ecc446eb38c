import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_DELAY_MS } from '../../server/cluster/cluster-rooms';
import { DocClient, wireProblems } from '../support/doc-client';
import { freePort } from '../support/free-port';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
let proxy: net.Server | undefined;
const nodes: ServerProcess[] = [];
const clients: DocClient[] = [];

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const n of nodes.splice(0)) await n.stop();
  proxy?.close();
  await redis?.stop();
}, 60_000);

/** Everything Redis sends to a node through here arrives `delayMs` late, in order: a slow subscriber. */
async function slowRedis(target: URL, delayMs: number): Promise<string> {
  const port = await freePort();
  proxy = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    inbound.on('data', (chunk) => outbound.write(chunk));
    outbound.on('data', (chunk) => setTimeout(() => inbound.writable && inbound.write(chunk), delayMs));
    const close = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', close).on('close', close);
    outbound.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
  return `redis://127.0.0.1:${port}`;
}

async function joined(client: DocClient): Promise<DocClient> {
  clients.push(client);
  await client.connect();
  await client.joined();
  return client;
}

/** Clock messages a viewer receives live, by sequence number (the clock as sent, anchor included). */
function clocksBySeq(client: DocClient): Map<number, string> {
  const clocks = new Map<number, string>();
  client.socket.on('clock:changed', (m: { seq: number; clock: unknown }) => clocks.set(m.seq, JSON.stringify(m.clock)));
  return clocks;
}

describe('a presenter command that reaches a node after its time', () => {
  it('is applied at its time there: the same clock and numbering as on time, no rebuild, no viewer reconnected', async () => {
    redis = await startRedis();
    const a = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url });
    nodes.push(a);
    // Node B hears everything from Redis, commands included, well after they are due there.
    const lateByMs = COMMAND_DELAY_MS * 3;
    const b = await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: await slowRedis(new URL(redis.url), lateByMs), LOG_LEVEL: 'debug' });
    nodes.push(b);

    const presenter = await joined(new DocClient(a.url, 'PRESS'));
    const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', autoplay: false });
    const code: string = created.data.code;
    const onA = await joined(new DocClient(a.url, code));
    const onB = await joined(new DocClient(b.url, code));
    const [clocksA, clocksB] = [clocksBySeq(onA), clocksBySeq(onB)];
    let sent = 0;
    const send = async (event: string, payload: Record<string, unknown> = {}) => {
      expect(await presenter.command(event, { room: code, commandId: `late-command-${++sent}`, ...payload })).toMatchObject({ ok: true });
    };
    // While the room is paused nothing else falls due between a command's time and its late
    // arrival, so every one of these must be applied exactly, never by a rebuild.
    for (const [event, payload] of [
      ['playback:seek', { positionMs: 30_000 }],
      ['playback:rate', { rate: 1.5 }],
      ['playback:seek', { positionMs: 300_000 }],
      ['playback:rate', { rate: 0.75 }],
      ['playback:seek', { positionMs: 120_000 }],
      ['playback:rate', { rate: 1.25 }],
      ['playback:play', {}],
    ] as const) {
      await send(event, payload);
      await waitFor(() => onB.lastSeq >= onA.lastSeq && onB.clock?.epoch === onA.clock?.epoch && onB.clock?.rate === onA.clock?.rate, 10_000, `${event} on node B`);
    }
    const target = onA.lastSeq + 2;
    await waitFor(() => onA.lastSeq >= target && onB.lastSeq >= target, 30_000, 'captions after the play on both nodes');

    // Node B heard every command after its time (LOG_LEVEL=debug: it says so) and rebuilt nothing.
    expect(b.output().match(/came after its time; applied at its time/gu)?.length).toBe(7);
    expect(b.output()).not.toMatch(/too late|rebuilding/u);
    expect(onB.clock).toEqual(onA.clock);
    expect(clocksB.size).toBeGreaterThanOrEqual(7);
    for (const [seq, clock] of clocksB) expect(clocksA.get(seq), `clock message ${seq}`).toBe(clock);
    // One connection on node B all along: no reconnect, no gap, no duplicate.
    expect(wireProblems(onB.wire)).toEqual([]);
    expect(onB.joins).toBe(1);
  }, 180_000);
});
