import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryLoop, MAX_QUEUED, newOutputRecord, type OutputRecord } from '../../../server/connectors/delivery';
import { allowEveryDestination } from '../../../server/connectors/destination';
import { NewOutputSchema } from '../../../server/connectors/outputs';
import { zoomTarget } from '../../../server/connectors/platforms';
import type { OutgoingCaption, Target } from '../../../server/connectors/target';
import { FakeTime } from '../../support/fake-time';
import { startFakeZoom } from '../../support/fakes/fake-zoom';
import { waitFor } from '../../support/start-app';

const logger = pino({ level: 'silent' });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** `n` captions numbered after `record.seq`, as the manager numbers them. */
function numbered(record: OutputRecord, n: number): OutgoingCaption[] {
  return Array.from({ length: n }, () => {
    const seq = ++record.seq;
    return { room: 'ROOM', lang: 'en', seq, index: seq, part: 0, text: `caption ${seq}`, lines: [`caption ${seq}`], speaker: 'A', turnStart: false, startMs: 0, endMs: 1, dueAtMs: 0 };
  });
}

function loopFor(record: OutputRecord, target: Target): DeliveryLoop {
  const loop = new DeliveryLoop(record, { target, time: new FakeTime(), clockSpeed: 1, options: { timeoutMs: 5_000, backoffBaseMs: 1, backoffCapMs: 2 }, logger, save: () => Promise.resolve() });
  closers.push(() => loop.close());
  return loop;
}

describe('a full queue drops its oldest captions without leaving a gap in seq', () => {
  it('Zoom (whose fake refuses a skipped seq) gets every caption kept, numbered one more each', async () => {
    const zoom = await startFakeZoom();
    closers.push(zoom.close);
    const record = newOutputRecord({ ...NewOutputSchema.parse({ type: 'zoom', lang: 'en', url: zoom.tokenUrl }), id: 'z', room: 'ROOM' } as OutputRecord['config']);
    const loop = loopFor(record, zoomTarget(record.config as never, allowEveryDestination));
    loop.start();
    loop.enqueue(numbered(record, 1), Promise.resolve());
    // Delivered as far as the loop knows (the fake has it before its answer is read: until then the
    // first caption is still under way and would keep its place in the queue).
    await waitFor(() => zoom.received.length === 1 && record.pending.length === 0, 10_000, 'the first caption');
    // The platform was away: more than the queue holds came at once.
    loop.enqueue(numbered(record, MAX_QUEUED + 10), Promise.resolve());
    expect(record.stats.dropped).toBe(10);
    await waitFor(() => zoom.received.length === MAX_QUEUED + 1 || zoom.refused.length > 0, 60_000, 'the queue at Zoom');
    expect(zoom.refused).toEqual([]);
    expect(zoom.received.map((r) => r.seq)).toEqual(Array.from({ length: MAX_QUEUED + 1 }, (_, i) => i + 1));
    // The oldest ten of the burst were left out; the rest arrived in order.
    expect(zoom.received[1].text).toBe('caption 12');
    expect(zoom.received.at(-1)!.text).toBe(`caption ${MAX_QUEUED + 11}`);
  }, 90_000);

  it('a caption whose send is under way keeps its number (the platform may have it)', async () => {
    const record = newOutputRecord({ ...NewOutputSchema.parse({ type: 'zoom', lang: 'en', url: 'https://zoom.example/closedcaption' }), id: 'z', room: 'ROOM' } as OutputRecord['config']);
    let release: () => void = () => undefined;
    const started: number[] = [];
    const loop = loopFor(record, {
      idempotent: true,
      send: (caption) => {
        started.push(caption.seq);
        // The first send hangs until released; the rest are answered at once.
        return started.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
    });
    loop.start();
    loop.enqueue(numbered(record, 3), Promise.resolve());
    await waitFor(() => started.length === 1, 5_000, 'the first send under way');
    loop.enqueue(numbered(record, MAX_QUEUED), Promise.resolve());
    expect(record.pending[0]).toMatchObject({ seq: 1, text: 'caption 1' });
    expect(record.pending[1]).toMatchObject({ seq: 2, text: 'caption 5' });
    expect(record.pending.map((c) => c.seq)).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => i + 1));
    expect(record.stats.dropped).toBe(3);
    release();
    await waitFor(() => record.pending.length === 0, 10_000, 'the queue sent');
    expect(started).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => i + 1));
  });
});

describe('Zoom is told a language and a country', () => {
  it('a language with no usual country fails with a message naming the fix, and sends nothing; with its code it goes', async () => {
    const zoom = await startFakeZoom();
    closers.push(zoom.close);
    const caption = numbered(newOutputRecord({} as OutputRecord['config']), 1)[0];
    const bare = zoomTarget({ ...NewOutputSchema.parse({ type: 'zoom', lang: 'uk', url: zoom.tokenUrl }), id: 'z', room: 'ROOM' } as never, allowEveryDestination);
    await expect(bare.send(caption, AbortSignal.timeout(5_000))).rejects.toThrow(/language and a country such as en-US; "uk"/u);
    expect(zoom.received).toEqual([]);
    const coded = zoomTarget({ ...NewOutputSchema.parse({ type: 'zoom', lang: 'uk', platformLang: 'uk-UA', url: zoom.tokenUrl }), id: 'z', room: 'ROOM' } as never, allowEveryDestination);
    await coded.send(caption, AbortSignal.timeout(5_000));
    expect(zoom.received.map((r) => r.lang)).toEqual(['uk-UA']);
  });
});
