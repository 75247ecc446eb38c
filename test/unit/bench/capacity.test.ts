import { describe, expect, it } from 'vitest';
import { largestViewerCount } from '../../../bench/lib/capacity';

describe('the largest viewer count a machine allows', () => {
  it('is the target when the descriptors and ports allow it', () => {
    expect(largestViewerCount({ fdLimit: 1_048_576, ports: 64_512 }, 50_000)).toEqual({ viewers: 50_000, limitedBy: "the goal's 50000 viewers" });
  });

  it('leaves the server its own descriptors and rounds down to a thousand', () => {
    expect(largestViewerCount({ fdLimit: 20_000, ports: 28_232 }, 50_000)).toEqual({ viewers: 19_000, limitedBy: 'ulimit -n 20000, less 512 descriptors for the server itself' });
    expect(largestViewerCount({ fdLimit: 20_512, ports: 28_232 }, 50_000).viewers).toBe(20_000);
  });

  it('is bounded by the ephemeral ports when they are fewer, and by nothing when unlimited', () => {
    expect(largestViewerCount({ fdLimit: Infinity, ports: 28_232 }, 50_000)).toEqual({ viewers: 27_000, limitedBy: '28232 ephemeral ports (ip_local_port_range), less 1000' });
  });

  it('is never negative', () => {
    expect(largestViewerCount({ fdLimit: 256, ports: 28_232 }, 50_000).viewers).toBe(0);
  });
});
