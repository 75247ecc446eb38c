import { describe, expect, it } from 'vitest';
import { isLoopbackHost, joinOrigin, lanOrigins, MAX_LAN_ORIGINS, publicOrigin, type InterfaceAddress, type OriginSources } from '../../../server/http/public-origin';

const sources = (over: Partial<OriginSources>): OriginSources => ({
  host: '127.0.0.1:3000',
  forwardedHost: null,
  forwardedProto: null,
  requestUrl: 'http://127.0.0.1:3000/api/oembed',
  ...over,
});

describe('the public origin written into answers', () => {
  it.each<[string, Partial<OriginSources>, boolean, string]>([
    ['the Host header when no proxy is trusted', { host: 'captions.example' }, false, 'http://captions.example'],
    ['not a forwarded host from an untrusted client', { forwardedHost: 'evil.example', forwardedProto: 'https' }, false, 'http://127.0.0.1:3000'],
    ['the forwarded host and scheme from a trusted proxy', { forwardedHost: 'captions.example', forwardedProto: 'https' }, true, 'https://captions.example'],
    ['the first of a proxy chain', { forwardedHost: 'captions.example, inner:8080', forwardedProto: 'https, http' }, true, 'https://captions.example'],
    ['the Host when even a trusted forwarded host is not a host', { forwardedHost: 'evil.example/"><script>', forwardedProto: 'javascript' }, true, 'http://127.0.0.1:3000'],
    ['the request URL when the Host header is not a host', { host: 'a b' }, false, 'http://127.0.0.1:3000'],
    ['an IPv6 literal with its port', { host: '[::1]:3000' }, false, 'http://[::1]:3000'],
    ['the request URL scheme when nothing trusted names one', { requestUrl: 'https://127.0.0.1:3000/x', forwardedProto: 'http' }, false, 'https://127.0.0.1:3000'],
  ])('is %s', (_name, over, trustProxy, expected) => {
    expect(publicOrigin(sources(over), trustProxy)).toBe(expected);
  });
});

describe('PUBLIC_URL', () => {
  it('wins over the Host and a trusted proxy', () => {
    expect(publicOrigin(sources({ host: 'localhost:3000', forwardedHost: 'proxy.example' }), true, 'https://captions.example')).toBe('https://captions.example');
  });
});

describe('isLoopbackHost', () => {
  it.each<[string, boolean]>([
    ['localhost:3000', true],
    ['LOCALHOST', true],
    ['app.localhost:3000', true],
    ['127.0.0.1:3000', true],
    ['127.1.2.3', true],
    ['[::1]:3000', true],
    ['192.168.1.20:3000', false],
    ['captions.example', false],
    ['localhost.example', false],
    ['[fd00::2]:3000', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

const v4 = (address: string, internal = false): InterfaceAddress => ({ address, family: 'IPv4', internal });
const laptop = {
  lo: [v4('127.0.0.1', true), { address: '::1', family: 'IPv6', internal: true }],
  wlan0: [v4('192.168.1.20'), { address: 'fe80::1', family: 'IPv6', internal: false }],
  eth0: [v4('10.0.0.5'), v4('169.254.3.4')],
  docker0: undefined,
};

describe('lanOrigins', () => {
  it('lists non-internal IPv4 addresses with the server port when it listens everywhere', () => {
    expect(lanOrigins(laptop, 3000, '0.0.0.0')).toEqual(['http://192.168.1.20:3000', 'http://10.0.0.5:3000']);
    expect(lanOrigins(laptop, 3000, '::')).toEqual(['http://192.168.1.20:3000', 'http://10.0.0.5:3000']);
  });

  it('lists only the bound address when the server listens on one', () => {
    expect(lanOrigins(laptop, 8080, '10.0.0.5')).toEqual(['http://10.0.0.5:8080']);
  });

  it('lists nothing when the server listens on loopback only', () => {
    expect(lanOrigins(laptop, 3000, '127.0.0.1')).toEqual([]);
  });

  it('accepts the numeric family older Node versions report, and drops repeats', () => {
    expect(lanOrigins({ a: [{ address: '192.168.1.20', family: 4, internal: false }], b: [v4('192.168.1.20')] }, 3000, '0.0.0.0')).toEqual(['http://192.168.1.20:3000']);
  });

  it(`keeps at most ${MAX_LAN_ORIGINS} addresses`, () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`veth${i}`, [v4(`10.1.0.${i + 1}`)]]));
    expect(lanOrigins(many, 3000, '0.0.0.0')).toHaveLength(MAX_LAN_ORIGINS);
  });
});

describe('joinOrigin', () => {
  const lan = ['http://192.168.1.20:3000', 'http://10.0.0.5:3000'];
  it('is PUBLIC_URL when set', () => {
    expect(joinOrigin('http://localhost:3000', 'https://captions.example', lan)).toEqual({ kind: 'public', origin: 'https://captions.example' });
  });
  it('is the address the presenter used when others can use it too', () => {
    expect(joinOrigin('http://192.168.1.20:3000', null, lan)).toEqual({ kind: 'public', origin: 'http://192.168.1.20:3000' });
  });
  it('is the first LAN address at localhost, with the others listed', () => {
    expect(joinOrigin('http://localhost:3000', null, lan)).toEqual({ kind: 'lan', origin: lan[0], others: [lan[1]] });
    expect(joinOrigin('http://[::1]:3000', null, lan)).toMatchObject({ kind: 'lan', origin: lan[0] });
  });
  it('says only localhost is known when there is no LAN address', () => {
    expect(joinOrigin('http://127.0.0.1:3000', null, [])).toEqual({ kind: 'local-only', origin: 'http://127.0.0.1:3000' });
  });
});
