import { describe, expect, it } from 'vitest';
import { processCpuUs } from '../../../bench/lib/proc-cpu';

describe('processCpuUs (CPU of a process that is not ours to ask, from /proc)', () => {
  it('reads this process’s CPU time as process.cpuUsage counts it, to within a few clock ticks', () => {
    // Burn some CPU so the figure is well above one tick (10 ms).
    const end = performance.now() + 60;
    while (performance.now() < end);
    const usage = process.cpuUsage();
    const fromProc = processCpuUs(process.pid);
    expect(fromProc).toBeGreaterThan(0);
    expect(Math.abs(fromProc - (usage.user + usage.system))).toBeLessThan(50_000);
  });

  it('is NaN for a process that does not exist', () => {
    expect(processCpuUs(2 ** 22 + 1)).toBeNaN();
  });
});
