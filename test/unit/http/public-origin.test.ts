import { describe, expect, it } from 'vitest';
import { publicOrigin, type OriginSources } from '../../../server/http/public-origin';

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
