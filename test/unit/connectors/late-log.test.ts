import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryLoop, LATE_LOG_MS, newOutputRecord, type OutputRecord } from '../../../server/connectors/delivery';
import { NewOutputSchema } from '../../../server/connectors/outputs';
import { DeliveryError, type OutgoingCaption } from '../../../server/connectors/target';
import { FakeTime } from '../../support/fake-time';
import { waitFor } from '../../support/start-app';

describe('a caption that reaches its platform late is logged with where the time went', () => {
  it('names the time it was queued after its due time and the attempts it took; a caption on time is not logged', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const time = new FakeTime();
    const record = newOutputRecord({ ...NewOutputSchema.parse({ type: 'webhook', lang: 'en', url: 'https://hooks.example/c', secret: 'x'.repeat(16) }), id: 'out-1', room: 'ROOM' } as OutputRecord['config']);
    let calls = 0;
    const sent: number[] = [];
    const loop = new DeliveryLoop(record, {
      target: {
        idempotent: true,
        send: (caption) => {
          calls++;
          if (calls === 1) return Promise.reject(new DeliveryError('503 busy', 503));
          sent.push(caption.seq);
          return Promise.resolve();
        },
      },
      time,
      clockSpeed: 1,
      options: { timeoutMs: 1_000, backoffBaseMs: 1, backoffCapMs: 1 },
      logger,
      save: () => Promise.resolve(),
    });
    const caption = (seq: number, dueAtMs: number): OutgoingCaption => ({ room: 'ROOM', lang: 'en', seq, index: seq, part: 0, text: `c${seq}`, lines: [`c${seq}`], speaker: 'A', turnStart: false, startMs: 0, endMs: 1, dueAtMs });
    // The first was due 2 s before the room handed it over; the second is due later, and goes on time.
    loop.enqueue([caption(1, time.now() - 2 * LATE_LOG_MS), caption(2, time.now() + 100)], Promise.resolve());
    loop.start();
    await waitFor(() => sent.length === 1, 5_000, 'the first caption');
    time.advance(100);
    await waitFor(() => sent.length === 2, 5_000, 'the second caption');
    await loop.close();

    const late = lines.filter((l) => l.msg === 'caption reached the platform late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ output: 'out-1', seq: 1, latencyMs: 2 * LATE_LOG_MS, queuedAfterDueMs: 2 * LATE_LOG_MS, attempts: 2, behindMs: 0 });
    expect(JSON.stringify(lines)).not.toContain('hooks.example');
  });
});
