import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import type { RoomMessage, SegmentMessage } from '../../server/protocol';
import { loadVienna } from '../support/load-vienna';
import { connect, connected, join, startApp, waitFor, type TestClient } from '../support/start-app';

const vienna = loadVienna();
let app: Application | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await app?.close();
  app = undefined;
});

interface Viewer {
  readonly name: string;
  readonly client: TestClient;
  readonly log: RoomMessage[];
  readonly snapshotSeq: number;
  readonly snapshotSegments: readonly SegmentMessage[];
}

async function viewer(name: string, options: Parameters<typeof connect>[1]): Promise<Viewer> {
  const client = await connected(connect(app!, options));
  clients.push(client);
  const log: RoomMessage[] = [];
  client.on('caption:segment', (message) => log.push({ type: 'segment', message }));
  client.on('clock:changed', (message) => log.push({ type: 'clock', message }));
  const reply = await join(client);
  if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error(`${name}: expected a snapshot`);
  return { name, client, log, snapshotSeq: reply.data.snapshot.seq, snapshotSegments: reply.data.snapshot.segments };
}

describe('room fan-out: straight to WebSocket viewers, through Engine.IO for the others', () => {
  it('gives WebSocket, long-polling and upgrading viewers every message once, in order, while acks interleave', async () => {
    // 200× real time: the press conference plays in about three seconds.
    app = await startApp({ CLOCK_SPEED: '200', LOOP_PAUSE_MS: '600000' }, { limits: { eventBurst: 10_000, eventsPerSecond: 10_000, controlBurst: 20, controlsPerSecond: 5, createBurst: 3, createsPerSecond: 0.1 } });
    const viewers = [
      await viewer('websocket', { transports: ['websocket'] }),
      await viewer('polling', { transports: ['polling'] }),
      await viewer('upgrading', { transports: ['polling', 'websocket'], upgrade: true }),
      await viewer('chatty', { transports: ['websocket'] }),
    ];
    // One viewer keeps Engine.IO busy with acks of its own, so the fan-out meets a WebSocket
    // that is sometimes idle and sometimes mid-write.
    const chatty = viewers[3].client;
    let syncing = true;
    const sync = async () => {
      while (syncing && chatty.connected) await chatty.emitWithAck('time:sync', {});
    };
    const syncs = Promise.all([sync(), sync(), sync()]);

    await waitFor(() => viewers.every(({ log }) => log.some((m) => m.type === 'clock' && m.message.change === 'ended')), 30_000, 'the end');
    syncing = false;
    await syncs;

    for (const { name, log, snapshotSeq, snapshotSegments } of viewers) {
      const seqs = log.map((m) => m.message.seq);
      expect(seqs, name).toEqual(seqs.map((_, i) => snapshotSeq + 1 + i));
      const segments = [...snapshotSegments, ...log.flatMap((m) => (m.type === 'segment' ? [m.message] : []))];
      // A snapshot carries only the latest segments: from its first one on, nothing is missing,
      // and what arrives is what the transcript says, not merely the right count.
      const expected = vienna.segments.filter((s) => s.index >= segments[0].segment.index);
      expect(segments.map((m) => m.segment.index), name).toEqual(expected.map((s) => s.index));
      expect(segments.map((m) => m.segment.text), name).toEqual(expected.map((s) => s.text));
    }
    // Each room message went out once for the whole room (the first viewer joined before the
    // others, so it saw every message sent while any was there), and nobody was too slow for it.
    expect(app.fanout.sent).toBe(viewers[0].log.length);
    expect(app.fanout.skipped).toBe(0);
    // Every delivery went one of the two ways, once: straight to a WebSocket viewer's WebSocket
    // (the cheap way, as bare `ws`), or through Engine.IO (always for the long-polling viewer and
    // the one that upgraded from long-polling, whose WebSocket the fan-out does not know).
    const deliveries = viewers.reduce((n, { log }) => n + log.length, 0);
    expect(app.fanout.direct + app.fanout.throughEngine).toBe(deliveries);
    expect(app.fanout.throughEngine).toBeGreaterThanOrEqual(viewers[1].log.length + viewers[2].log.length);
    // The idle WebSocket viewer is never mid-write for long: most of its messages go straight.
    expect(app.fanout.direct).toBeGreaterThan(viewers[0].log.length / 2);
  });
});
