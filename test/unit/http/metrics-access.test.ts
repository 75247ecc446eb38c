import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { metricsAllowed } from '../../../server/http/metrics-access';

const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
const TOKEN = 'scrape-token-0123456789';

describe('who may read /metrics', () => {
  it('without METRICS_TOKEN: a direct connection from this machine only', () => {
    expect(metricsAllowed(request('127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(request('::1'), undefined)).toBe(true);
    expect(metricsAllowed(request('::ffff:127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(request('203.0.113.9'), undefined)).toBe(false);
    expect(metricsAllowed(request('::ffff:10.0.0.2'), undefined)).toBe(false);
  });

  it('without METRICS_TOKEN: not through a proxy on this machine (nginx connects from loopback)', () => {
    expect(metricsAllowed(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), undefined)).toBe(false);
    expect(metricsAllowed(request('127.0.0.1', { forwarded: 'for=203.0.113.9' }), undefined)).toBe(false);
  });

  it('with METRICS_TOKEN: the bearer token from anywhere, nothing else, not even loopback', () => {
    expect(metricsAllowed(request('203.0.113.9', { authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
    expect(metricsAllowed(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
    expect(metricsAllowed(request('127.0.0.1'), TOKEN)).toBe(false);
    expect(metricsAllowed(request('127.0.0.1', { authorization: `Bearer ${TOKEN}x` }), TOKEN)).toBe(false);
    expect(metricsAllowed(request('127.0.0.1', { authorization: TOKEN }), TOKEN)).toBe(false);
    expect(metricsAllowed(request('127.0.0.1', { authorization: 'Bearer ' }), TOKEN)).toBe(false);
  });
});
