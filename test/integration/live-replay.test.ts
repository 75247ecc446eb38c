import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import type { RoomMessage, SegmentMessage } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
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

function record(client: TestClient): RoomMessage[] {
  const log: RoomMessage[] = [];
  client.on('caption:segment', (message) => log.push({ type: 'segment', message }));
  client.on('clock:changed', (message) => log.push({ type: 'clock', message }));
  return log;
}

describe('live replay over real sockets', () => {
  it('plays the whole press conference to several clients at once: every segment once, in order, same sequence for all', async () => {
    // 200× real time: the ten-minute replay takes about three seconds.
    app = await startApp({ CLOCK_SPEED: '200', LOOP_PAUSE_MS: '600000' });
    const logs: { snapshotSeq: number; snapshotSegments: SegmentMessage[]; log: RoomMessage[] }[] = [];
    for (let i = 0; i < 3; i++) {
      const client = await connected(connect(app));
      clients.push(client);
      const log = record(client);
      const reply = await join(client);
      if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error('expected a snapshot');
      logs.push({ snapshotSeq: reply.data.snapshot.seq, snapshotSegments: [...reply.data.snapshot.segments], log });
    }
    await waitFor(() => logs.every(({ log }) => log.some((m) => m.type === 'clock' && m.message.change === 'ended')), 30_000, 'the end');

    for (const { snapshotSeq, snapshotSegments, log } of logs) {
      const seqs = log.map((m) => m.message.seq);
      expect(seqs).toEqual(seqs.map((_, i) => snapshotSeq + 1 + i));
      const indexes = [...snapshotSegments, ...log.flatMap((m) => (m.type === 'segment' ? [m.message] : []))].map((m) => m.segment.index);
      // A snapshot carries only the latest segments: from its first one on, nothing is missing.
      expect(indexes).toEqual(vienna.segments.map((s) => s.index).filter((i) => i >= indexes[0]));
    }
    const endSeqs = logs.map(({ log }) => log.at(-1)!.message.seq);
    expect(new Set(endSeqs).size).toBe(1);
  });

  it('shows a client that connects mid-segment what is on screen now, at once', async () => {
    app = await startApp({ CLOCK_SPEED: '50' });
    const target = vienna.segments[10];
    // Wait until the replay is inside segment 10.
    await waitFor(() => positionAt(app!.registry.get('PRESS')!.player.clock, app!.time.now()) > target.startMs + 50, 30_000, 'segment 10');
    const client = await connected(connect(app));
    clients.push(client);
    const reply = await join(client);
    if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const { snapshot } = reply.data;
    const position = positionAt(snapshot.clock, snapshot.serverNowMs);
    const started = vienna.segments.filter((s) => s.startMs <= position);
    expect(snapshot.segments.map((m) => m.segment.index)).toEqual(
      expect.arrayContaining(started.slice(-5).map((s) => s.index)),
    );
    expect(snapshot.room.speakers.map((s) => s.id)).toContain('kerry');
    expect(snapshot.room.title).toBe(vienna.meta.title);
  });

  it('resumes a client that dropped with exactly the messages it missed', async () => {
    app = await startApp({ CLOCK_SPEED: '100' });
    const first = await connected(connect(app));
    clients.push(first);
    const reply = await join(first);
    if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const log = record(first);
    await waitFor(() => log.length >= 3, 20_000, 'three messages');
    const lastSeq = log.at(-1)!.message.seq;
    first.disconnect();
    await waitFor(() => app!.registry.get('PRESS')!.player.seq >= lastSeq + 4, 20_000, 'four more messages');

    const again = await connected(connect(app));
    clients.push(again);
    const resumed = await join(again, 'PRESS', { lastSeq, stream: reply.data.snapshot.stream });
    if (!resumed.ok || resumed.data.mode !== 'resume') throw new Error('expected a resume');
    const seqs = resumed.data.messages.map((m) => m.message.seq);
    expect(seqs[0]).toBe(lastSeq + 1);
    expect(seqs).toEqual(seqs.map((_, i) => lastSeq + 1 + i));
    expect(seqs.length).toBeGreaterThanOrEqual(4);
  });

  it('answers bad requests with a typed error naming the field, and keeps serving', async () => {
    app = await startApp();
    const client = await connected(connect(app));
    clients.push(client);
    expect(await client.emitWithAck('room:join', { room: 42 } as never)).toMatchObject({ ok: false, error: { code: 'invalid-payload', field: 'room' } });
    expect(await join(client, 'NOPE9')).toMatchObject({ ok: false, error: { code: 'unknown-room', field: 'room' } });
    expect(await client.emitWithAck('room:join', { room: 'PRESS', protocolVersion: 99 })).toMatchObject({
      ok: false,
      error: { code: 'unsupported-version', field: 'protocolVersion' },
    });
    // A client of protocol version 1 (languages were only `en` and `ru`) is told what to do, not sent version 2 segments.
    expect(await client.emitWithAck('room:join', { room: 'PRESS', protocolVersion: 1 })).toEqual({
      ok: false,
      error: {
        code: 'unsupported-version',
        field: 'protocolVersion',
        message: 'this server speaks protocol version 2, not 1; reload the page or update the client',
      },
    });
    expect(await (client as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> }).emitWithAck('playback:explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-event' },
    });
    // No ack, odd arity: must not throw on the server.
    (client as unknown as { emit: (...a: unknown[]) => void }).emit('room:join');
    (client as unknown as { emit: (...a: unknown[]) => void }).emit('time:sync', 1, 2, 3);
    const sync = await client.emitWithAck('time:sync', {});
    expect(sync.ok).toBe(true);
    if (sync.ok) expect(Math.abs(sync.data.serverNowMs - app.time.now())).toBeLessThan(1_000);
    expect(await join(client, 'press')).toMatchObject({ ok: true, data: { mode: 'snapshot' } });
  });
});
