import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerStarting } from '../../../server/http/starting-response';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(answerStarting);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a page asked for while Next.js starts', () => {
  it('answers 503, says when to retry, reloads itself, and carries the security headers of a page that may not be framed', async () => {
    const res = await fetch(`${base}/watch/PRESS`);
    expect(res.status).toBe(503);
    expect(Object.fromEntries(['retry-after', 'cache-control', 'x-content-type-options', 'x-frame-options', 'referrer-policy'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'retry-after': '1',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const body = await res.text();
    expect(body).toContain('<meta http-equiv="refresh" content="1">');
    expect(body).toContain('Boothcast is starting');
  });

  it('lets the embed be framed as the embed allows, not denied outright', async () => {
    const res = await fetch(`${base}/embed/PRESS`);
    expect(res.status).toBe(503);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors \*$/u);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
