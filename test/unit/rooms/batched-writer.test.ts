import { describe, expect, it } from 'vitest';
import { BatchedWriter, type SetTimer } from '../../../server/rooms/batched-writer';

/** A disk whose writes the test finishes one by one, succeeding or failing. */
class ScriptedDisk {
  /** What each write was given, in order. */
  readonly written: string[] = [];
  private pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  write = (content: string): Promise<void> => {
    this.written.push(content);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject })).finally(() => this.inFlight--);
  };

  /** Waits until a write has started, then finishes it. */
  async finish(outcome: 'ok' | 'enospc'): Promise<void> {
    await until(() => this.pending.length > 0);
    const next = this.pending.shift()!;
    if (outcome === 'ok') next.resolve();
    else next.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await settle();
  }

  get waiting(): number {
    return this.pending.length;
  }
}

/** Lets setImmediate callbacks and promise reactions run. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await settle();
  if (!condition()) throw new Error('condition never held');
}

function manualTimer() {
  const timers: { run: () => void; ms: number }[] = [];
  const setTimer: SetTimer = (run, ms) => {
    const timer = { run, ms };
    timers.push(timer);
    return () => timers.splice(timers.indexOf(timer) >>> 0, 1);
  };
  return { timers, setTimer, fire: () => timers.splice(0).forEach((t) => t.run()) };
}

function setup(initial: string[] = []) {
  const disk = new ScriptedDisk();
  const items = [...initial];
  const log: string[] = [];
  const health: boolean[] = [];
  const timer = manualTimer();
  const writer = new BatchedWriter({
    content: () => items.join(','),
    write: disk.write,
    report: { failed: () => log.push('failed'), recovered: () => log.push('recovered') },
    retryMs: 5_000,
    setTimer: timer.setTimer,
    onWritableChange: (writable) => health.push(writable),
  });
  return { disk, items, log, health, timer, writer };
}

describe('the batched state writer', () => {
  it('writes the changes of one moment once, with all of them, and tells each caller', async () => {
    const { disk, items, writer } = setup();
    const answers = ['A', 'B', 'C'].map((item) => {
      items.push(item);
      return writer.changed();
    });
    await disk.finish('ok');
    expect(disk.written).toEqual(['A,B,C']);
    expect(await Promise.all(answers)).toEqual([true, true, true]);
  });

  it('keeps one write in flight; changes made meanwhile share the next write, which holds the latest state', async () => {
    const { disk, items, writer } = setup();
    items.push('A');
    const first = writer.changed();
    await until(() => disk.waiting === 1);
    items.push('B');
    const second = writer.changed();
    items.push('C');
    const third = writer.changed();
    await settle();
    expect(disk.written).toEqual(['A']);
    await disk.finish('ok');
    expect(await first).toBe(true);
    await disk.finish('ok');
    expect(disk.written).toEqual(['A', 'A,B,C']);
    expect(disk.maxInFlight).toBe(1);
    expect(await Promise.all([second, third])).toEqual([true, true]);
  });

  it('does not confirm a change before the write that holds it is done', async () => {
    const { disk, items, writer } = setup();
    items.push('A');
    let confirmed: boolean | undefined;
    void writer.changed().then((saved) => (confirmed = saved));
    await until(() => disk.waiting === 1);
    await settle();
    expect(confirmed).toBeUndefined();
    await disk.finish('ok');
    expect(confirmed).toBe(true);
  });

  it('answers false when the write fails; a caller that then drops its change is not in the next write', async () => {
    const { disk, items, writer } = setup(['OLD']);
    items.push('NEW');
    // As the room service does: a refused room leaves memory when it hears, a few promise steps
    // later (the answer passes through the service's async functions first).
    const refused = (async () => {
      const saved = await writer.changed();
      await Promise.resolve();
      await Promise.resolve();
      if (!saved) items.splice(items.indexOf('NEW'), 1);
      return saved;
    })();
    await until(() => disk.waiting === 1);
    // Another change arrives while the failing write is in flight.
    items.push('CMD');
    const command = writer.changed();
    await disk.finish('enospc');
    expect(await refused).toBe(false);
    await disk.finish('ok');
    expect(await command).toBe(true);
    expect(disk.written).toEqual(['OLD,NEW', 'OLD,CMD']);
  });

  it('says it cannot write once per outage, not once per change, and once when it can again', async () => {
    const { disk, items, log, health, writer } = setup();
    for (let i = 0; i < 3; i++) {
      items.push(`F${i}`);
      const saved = writer.changed();
      await disk.finish('enospc');
      expect(await saved).toBe(false);
      expect(writer.writable).toBe(false);
    }
    expect(log).toEqual(['failed']);
    expect(health).toEqual([false]);
    const saved = writer.changed();
    await disk.finish('ok');
    expect(await saved).toBe(true);
    expect(writer.writable).toBe(true);
    expect(log).toEqual(['failed', 'recovered']);
    expect(health).toEqual([false, true]);
  });

  it('while writes fail, tries again on a timer even if nothing changes, so health recovers by itself', async () => {
    const { disk, timer, log, writer } = setup(['A']);
    const saved = writer.changed();
    await disk.finish('enospc');
    expect(await saved).toBe(false);
    expect(timer.timers.map((t) => t.ms)).toEqual([5_000]);
    timer.fire();
    await disk.finish('ok');
    expect(disk.written).toEqual(['A', 'A']);
    expect(writer.writable).toBe(true);
    expect(log).toEqual(['failed', 'recovered']);
    // Healthy again: no more retries.
    expect(timer.timers).toEqual([]);
  });

  it('counts a content that cannot be produced as a failed write', async () => {
    const disk = new ScriptedDisk();
    const log: string[] = [];
    const writer = new BatchedWriter({
      content: () => {
        throw new Error('cannot serialise');
      },
      write: disk.write,
      report: { failed: () => log.push('failed'), recovered: () => log.push('recovered') },
      retryMs: 5_000,
      setTimer: manualTimer().setTimer,
    });
    expect(await writer.changed()).toBe(false);
    expect(disk.written).toEqual([]);
    expect(log).toEqual(['failed']);
  });

  it('once closed, stops retrying and writes nothing more (the rooms are about to leave memory)', async () => {
    const { disk, timer, items, writer } = setup(['A']);
    const saved = writer.changed();
    await disk.finish('enospc');
    await saved;
    writer.close();
    expect(timer.timers).toEqual([]);
    items.splice(0);
    expect(await writer.changed()).toBe(false);
    expect(disk.written).toEqual(['A']);
  });
});
