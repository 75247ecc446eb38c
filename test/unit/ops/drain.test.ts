import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeOnce } from '../../../server/ops/close-once';
import { drainer } from '../../../server/ops/drain';

afterEach(() => {
  vi.useRealTimers();
});

describe('drain', () => {
  it('not ready at once, serving through the grace period, then stop accepting, move viewers, close', async () => {
    vi.useFakeTimers();
    const steps: string[] = [];
    const drain = drainer({
      logger: pino({ level: 'silent' }),
      markDraining: () => steps.push('not ready'),
      stopAccepting: () => steps.push('stop accepting'),
      moveViewers: () => (steps.push('move viewers'), 3),
      close: async () => {
        steps.push('close');
      },
    });
    const done = drain(5_000);
    expect(steps).toEqual(['not ready']);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(steps).toEqual(['not ready']);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(steps).toEqual(['not ready', 'stop accepting', 'move viewers', 'close']);
    // A second SIGTERM changes nothing: the same drain.
    await drain(0);
    expect(steps).toHaveLength(4);
  });

  it('with no grace period, goes straight on', async () => {
    const steps: string[] = [];
    const drain = drainer({
      logger: pino({ level: 'silent' }),
      markDraining: () => steps.push('not ready'),
      stopAccepting: () => steps.push('stop accepting'),
      moveViewers: () => (steps.push('move viewers'), 0),
      close: async () => void steps.push('close'),
    });
    await drain(0);
    expect(steps).toEqual(['not ready', 'stop accepting', 'move viewers', 'close']);
  });
});

describe('closeOnce', () => {
  it('runs the steps once, in order, each awaited', async () => {
    const steps: string[] = [];
    const close = closeOnce([
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        steps.push('save');
      },
      () => steps.push('dispose'),
    ]);
    await Promise.all([close(), close()]);
    await close();
    expect(steps).toEqual(['save', 'dispose']);
  });

  it('a failing step stops the sequence and every caller hears of it', async () => {
    const steps: string[] = [];
    const close = closeOnce([
      () => {
        throw new Error('disk gone');
      },
      () => steps.push('after'),
    ]);
    await expect(close()).rejects.toThrow('disk gone');
    await expect(close()).rejects.toThrow('disk gone');
    expect(steps).toEqual([]);
  });
});
