import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../server/metrics/prometheus';

describe('the /metrics registry', () => {
  it("carries prom-client's default Node metrics beside the application's, on the application's own registry", async () => {
    const metrics = createMetrics();
    const { body, contentType } = await metrics.exposition();
    expect(contentType).toMatch(/^text\/plain/u);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_open_fds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_gc_duration_seconds',
      'nodejs_version_info',
      'boothcast_process_resident_memory_bytes',
      'boothcast_eventloop_delay_p99_seconds',
      'boothcast_joins_total',
    ]) {
      expect(body, name).toMatch(new RegExp(`^# TYPE ${name} `, 'mu'));
    }
  });

  it('gives each application its own registry: two in one process do not collide', async () => {
    const [one, two] = [createMetrics(), createMetrics()];
    const [a, b] = await Promise.all([one.exposition(), two.exposition()]);
    expect(a.body.match(/^# TYPE process_cpu_seconds_total /gmu)).toHaveLength(1);
    expect(b.body.match(/^# TYPE process_cpu_seconds_total /gmu)).toHaveLength(1);
  });
});
