import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryLoop, MAX_QUEUED, newOutputRecord, type OutputRecord } from '../../../server/connectors/delivery';
import { Connectors, OutputError } from '../../../server/connectors/manager';
import { MAX_OUTPUTS_PER_ROOM, NewOutputSchema } from '../../../server/connectors/outputs';
import type { ConnectorStore } from '../../../server/connectors/store';
import type { OutgoingCaption } from '../../../server/connectors/target';
import { FakeTime } from '../../support/fake-time';

const memory: ConnectorStore = { load: () => [], save: () => Promise.resolve() };
const logger = pino({ level: 'silent' });

function webhook(overrides: Record<string, unknown> = {}) {
  return { type: 'webhook', lang: 'en', url: 'https://hooks.example/c', secret: 'x'.repeat(16), ...overrides };
}

describe('caption output limits', () => {
  it(`a room holds ${MAX_OUTPUTS_PER_ROOM} outputs, not one more`, async () => {
    const connectors = new Connectors({ rooms: () => ({ info: { languages: ['en'], speakers: [] } }) as never, time: new FakeTime(), clockSpeed: 1, logger, store: memory });
    for (let i = 0; i < MAX_OUTPUTS_PER_ROOM; i++) connectors.add('ROOM', NewOutputSchema.parse(webhook()));
    expect(connectors.list('ROOM')).toHaveLength(MAX_OUTPUTS_PER_ROOM);
    expect(() => connectors.add('ROOM', NewOutputSchema.parse(webhook()))).toThrow(OutputError);
    await connectors.close();
  });

  it('a URL of 2048 characters, a secret of 16 to 256, a label of 60; one more is refused, naming the field', () => {
    const url = (n: number) => `https://hooks.example/${'a'.repeat(n - 'https://hooks.example/'.length)}`;
    expect(NewOutputSchema.safeParse(webhook({ url: url(2_048) })).success).toBe(true);
    expect(NewOutputSchema.safeParse(webhook({ url: url(2_049) })).error?.issues[0].path).toEqual(['url']);
    expect(NewOutputSchema.safeParse(webhook({ secret: 'x'.repeat(15) })).error?.issues[0].path).toEqual(['secret']);
    expect(NewOutputSchema.safeParse(webhook({ secret: 'x'.repeat(256) })).success).toBe(true);
    expect(NewOutputSchema.safeParse(webhook({ secret: 'x'.repeat(257) })).error?.issues[0].path).toEqual(['secret']);
    expect(NewOutputSchema.safeParse(webhook({ label: 'l'.repeat(60) })).success).toBe(true);
    expect(NewOutputSchema.safeParse(webhook({ label: 'l'.repeat(61) })).error?.issues[0].path).toEqual(['label']);
  });

  it(`an output queues ${MAX_QUEUED} captions; past that the oldest is dropped and counted`, () => {
    const record = newOutputRecord({ ...NewOutputSchema.parse(webhook()), id: 'o', room: 'ROOM' } as OutputRecord['config']);
    record.stopped = true;
    const loop = new DeliveryLoop(record, {
      target: { idempotent: true, send: () => Promise.resolve() },
      time: new FakeTime(),
      clockSpeed: 1,
      options: { timeoutMs: 1, backoffBaseMs: 1, backoffCapMs: 1 },
      logger,
      save: () => Promise.resolve(),
    });
    const caption = (seq: number): OutgoingCaption => ({ room: 'ROOM', lang: 'en', seq, index: seq, part: 0, text: `t${seq}`, lines: [`t${seq}`], speaker: 's', turnStart: false, startMs: 0, endMs: 1, dueAtMs: 0 });
    record.seq = MAX_QUEUED;
    loop.enqueue(Array.from({ length: MAX_QUEUED }, (_, i) => caption(i + 1)), Promise.resolve());
    expect(record.pending).toHaveLength(MAX_QUEUED);
    expect(record.stats.dropped).toBe(0);
    record.seq = MAX_QUEUED + 1;
    loop.enqueue([caption(MAX_QUEUED + 1)], Promise.resolve());
    expect(record.pending).toHaveLength(MAX_QUEUED);
    expect(record.pending[0].text).toBe('t2');
    expect(record.stats.dropped).toBe(1);
    // Numbered down: still one more per caption, the next one continuing from the last kept.
    expect(record.pending.map((c) => c.seq)).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => i + 1));
    expect(record.seq).toBe(MAX_QUEUED);
  });
});
