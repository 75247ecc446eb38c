import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { newOutputRecord, type OutputRecord } from '../../../server/connectors/delivery';
import { Connectors } from '../../../server/connectors/manager';
import { NewOutputSchema } from '../../../server/connectors/outputs';
import type { ConnectorStore } from '../../../server/connectors/store';
import type { OutgoingCaption } from '../../../server/connectors/target';
import { FakeTime } from '../../support/fake-time';
import { startFakeWebhook } from '../../support/fakes/fake-webhook';
import { waitFor } from '../../support/start-app';

const SECRET = 'whsec-restart-hold-5e6f7a8b';
const logger = pino({ level: 'silent' });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Long enough for a wrong implementation to have sent a caption over loopback; the fake clock does not move meanwhile. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('after a restart, queued captions wait for their due time', () => {
  it('what was already due goes at once, in order; the rest is held until the room clock reaches it', async () => {
    const hook = await startFakeWebhook(SECRET);
    closers.push(hook.close);
    const time = new FakeTime();
    const t0 = time.now();
    const caption = (seq: number, text: string, dueAtMs: number): OutgoingCaption => ({
      room: 'ROOM', lang: 'en', seq, index: seq, part: 0, text, lines: [text], speaker: 'Anna', turnStart: false, startMs: seq * 1_000, endMs: seq * 1_000 + 900, dueAtMs,
    });
    // As the last run saved it: two captions due before the restart, two due within the next second.
    const saved: OutputRecord = {
      ...newOutputRecord({ ...NewOutputSchema.parse({ type: 'webhook', lang: 'en', url: hook.url, secret: SECRET }), id: 'out-1', room: 'ROOM' } as OutputRecord['config']),
      seq: 4,
      lastIndex: 4,
      pending: [caption(1, 'one', t0 - 5_000), caption(2, 'two', t0 - 10), caption(3, 'three', t0 + 400), caption(4, 'four', t0 + 900)],
    };
    const store: ConnectorStore = { load: () => [structuredClone(saved)], save: () => Promise.resolve() };
    const connectors = new Connectors({ rooms: () => undefined, time, clockSpeed: 1, logger, store, options: { allowPrivateNetwork: true } });
    closers.push(() => connectors.close());

    await waitFor(() => hook.received.length >= 2, 10_000, 'the captions already due');
    await settle();
    expect(hook.received.map((r) => r.text)).toEqual(['one', 'two']);

    time.advance(399);
    await settle();
    expect(hook.received.map((r) => r.text)).toEqual(['one', 'two']);
    time.advance(1);
    await waitFor(() => hook.received.length >= 3, 10_000, 'the third caption at its due time');
    expect(hook.received.at(-1)!.text).toBe('three');

    time.advance(499);
    await settle();
    expect(hook.received).toHaveLength(3);
    time.advance(1);
    await waitFor(() => hook.received.length >= 4, 10_000, 'the fourth caption at its due time');
    expect(hook.received.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });
});
