import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script shared with deploy/cluster.sh
import { renderNginx } from '../../deploy/render-nginx.mjs';
import { freePort } from '../support/free-port';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * The production server's HTTP surface with pages, as a visitor (or a prober) reaches it: broken
 * percent-encodings, forged forwarded headers, oEmbed sizes and caching; and behind nginx with TLS
 * (deploy/render-nginx.mjs --tls-cert), where forwarded headers are trusted (TRUST_PROXY=1).
 */
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
let alone: ServerProcess;
let proxied: ServerProcess;
let nginx: ChildProcess | undefined;
let tls: { dir: string; cert: string; httpPort: number; tlsPort: number };

beforeAll(async () => {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX}: this test needs it (apt-get install -y nginx; npm test installs it as root).`);
  [alone, proxied] = await Promise.all([startServerProcess(), startServerProcess({ TRUST_PROXY: '1' })]);
  const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  // A certificate for the address the test connects to, trusted by the test alone.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  tls = { dir, cert, httpPort: await freePort(), tlsPort: await freePort() };
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, renderNginx({ prefix: dir, listen: tls.httpPort, nodes: [new URL(proxied.url).host], tls: { certificate: cert, certificateKey: key, port: tls.tlsPort } }));
  // The rendered configuration is valid as nginx itself judges it (what an operator runs first).
  execFileSync(NGINX, ['-t', '-q', '-p', dir, '-c', conf], { stdio: 'pipe' });
  nginx = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const started = Date.now();
  while (!(await httpsGet('/healthz').then((r) => r.status === 200, () => false))) {
    if (Date.now() - started > 10_000) throw new Error('nginx did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  nginx?.kill('SIGTERM');
  await Promise.all([alone?.stop(), proxied?.stop()]);
});

function httpsGet(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: tls.tlsPort, path: pathname, ca: readFileSync(tls.cert), headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type OEmbed = { provider_url: string; html: string; width: number; height: number; cache_age: number };
const oembed = (server: ServerProcess, target: string, query = '', headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/oembed?url=${encodeURIComponent(target)}${query}`, { headers });

describe('a path with a broken percent-encoding', () => {
  const routes = ['/watch/', '/embed/', '/present/', '/transcript/', '/api/transcripts/', '/api/oembed/'];
  const broken = ['%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80', 'PRESS%E0'];

  it.each(routes)('gets a 400 page with the security headers under %s', async (route) => {
    for (const bad of broken) {
      const response = await fetch(`${alone.url}${route}${bad}`);
      const what = `${route}${bad}`;
      expect(response.status, what).toBe(400);
      expect(response.headers.get('content-type'), what).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy'), what).toMatch(/default-src 'none'.*frame-ancestors 'none'/u);
      expect(response.headers.get('x-frame-options'), what).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
      expect(await response.text(), what).toContain('Bad request');
    }
  });

  it('in the URL given to oEmbed gets a 400 JSON answer, raw or encoded', async () => {
    const raw = await fetch(`${alone.url}/api/oembed?url=${alone.url}/watch/%E0%A4%A`);
    const encoded = await oembed(alone, `${alone.url}/watch/%E0%A4%A`);
    for (const response of [raw, encoded]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toEqual({ error: 'url has a broken percent-encoding' });
    }
  });

  it('that decodes to a lone % is no room, not a server error', async () => {
    for (const route of ['/watch/', '/embed/', '/present/']) expect((await fetch(`${alone.url}${route}%25`)).status, route).toBe(404);
    expect((await oembed(alone, `${alone.url}/watch/%25`)).status).toBe(404);
  });
});

describe('oEmbed', () => {
  it('ignores a forged X-Forwarded-Host without TRUST_PROXY: the iframe points here', async () => {
    const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const response = await oembed(alone, `${alone.url}/watch/PRESS`, '', forged);
    expect(response.status).toBe(200);
    const body = (await response.json()) as OEmbed;
    expect(body.provider_url).toBe(alone.url);
    expect(body.html).toContain(`src="${alone.url}/embed/PRESS?`);
    expect(body.html).not.toContain('evil.example');
    expect((await oembed(alone, 'https://evil.example/watch/PRESS', '', forged)).status).toBe(404);
  });

  it('says how long it may be cached, and varies on no header it does not read', async () => {
    const response = await oembed(alone, `${alone.url}/watch/PRESS`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('vary') ?? '').not.toMatch(/x-forwarded/iu);
    expect(((await response.json()) as OEmbed).cache_age).toBe(300);
    const missing = await oembed(alone, `${alone.url}/watch/NOSUCH`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['&maxwidth=-640&maxheight=-1', 200, 80],
    ['&maxwidth=0&maxheight=NaN', 200, 330],
    ['&maxwidth=99999999&maxheight=1e308', 1920, 1080],
    ['&maxwidth=500.7&maxheight=200', 500, 200],
  ])('clamps %s to %i × %i, in the answer and the iframe', async (query, width, height) => {
    const body = (await (await oembed(alone, `${alone.url}/watch/PRESS`, query)).json()) as OEmbed;
    expect([body.width, body.height]).toEqual([width, height]);
    expect(body.html).toContain(`width="${width}" height="${height}"`);
  });

  it('behind nginx with TLS and TRUST_PROXY=1 names the public https origin, whatever the visitor forged', async () => {
    const front = `https://127.0.0.1:${tls.tlsPort}`;
    const response = await httpsGet(`/api/oembed?url=${encodeURIComponent(`${front}/watch/PRESS`)}`, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as OEmbed;
    expect(body.provider_url).toBe(front);
    expect(body.html).toContain(`src="${front}/embed/PRESS?`);
    // The answer depends on forwarded headers here: a shared cache must keep one per forwarded host.
    expect(response.headers.vary).toMatch(/X-Forwarded-Host/u);
  });
});

describe('nginx with TLS (deploy/render-nginx.mjs --tls-cert)', () => {
  it('sends HSTS on every answer, errors included', async () => {
    for (const pathname of ['/', '/watch/PRESS', '/no-such-page', '/watch/%E0%A4%A']) {
      const response = await httpsGet(pathname);
      expect(response.headers['strict-transport-security'], pathname).toBe('max-age=63072000; includeSubDomains');
    }
  });

  it('redirects plain HTTP to the same path on HTTPS', async () => {
    const response = await fetch(`http://127.0.0.1:${tls.httpPort}/watch/PRESS?lang=ru`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`https://127.0.0.1:${tls.tlsPort}/watch/PRESS?lang=ru`);
  });
});
