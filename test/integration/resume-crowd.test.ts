import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import type { RoomMessage } from '../../server/protocol';
import { connect, connected, join, startApp, waitFor, type TestClient } from '../support/start-app';

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

async function resume(from: { lastSeq: number; stream: string }): Promise<RoomMessage[]> {
  const client = await connected(connect(app!));
  clients.push(client);
  const reply = await join(client, 'PRESS', from);
  if (!reply.ok || reply.data.mode !== 'resume') throw new Error(`expected a resume, got ${JSON.stringify(reply).slice(0, 200)}`);
  return [...reply.data.messages];
}

describe('a crowd resuming at once (resume replies encoded once, server/realtime/reply-encoding.ts)', () => {
  it('gives every viewer back from the same seq exactly what a viewer who never dropped received, and a viewer from another seq its own', async () => {
    // 100× real time: a message every few tens of ms.
    app = await startApp({ CLOCK_SPEED: '100' });
    const watcher = await connected(connect(app));
    clients.push(watcher);
    const first = await join(watcher);
    if (!first.ok || first.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const stream = first.data.snapshot.stream;
    const live = record(watcher);
    await waitFor(() => live.length >= 2, 20_000, 'two live messages');
    const lastSeq = live[0].message.seq;
    await waitFor(() => app!.registry.get('PRESS')!.player.seq >= lastSeq + 8, 20_000, 'eight more messages');

    // Twelve viewers dropped at the same seq come back together, with one from two messages later.
    const [laterFrom, ...crowd] = await Promise.all([resume({ lastSeq: lastSeq + 2, stream }), ...Array.from({ length: 12 }, () => resume({ lastSeq, stream }))]);
    const newest = Math.max(...crowd.map((m) => m.at(-1)!.message.seq), laterFrom.at(-1)!.message.seq);
    await waitFor(() => live.some((m) => m.message.seq >= newest), 20_000, 'the watcher to have the newest resumed message');
    const owed = (after: number, upTo: number) => live.filter((m) => m.message.seq > after && m.message.seq <= upTo);

    for (const messages of crowd) {
      expect(messages.length).toBeGreaterThanOrEqual(8);
      // The same messages, field for field, as the watcher received live.
      expect(messages).toEqual(owed(lastSeq, messages.at(-1)!.message.seq));
    }
    expect(laterFrom[0].message.seq).toBe(lastSeq + 3);
    expect(laterFrom).toEqual(owed(lastSeq + 2, laterFrom.at(-1)!.message.seq));
  });
});
