import { describe, expect, it } from 'vitest';
import { originAllowed, parseAllowedOrigins } from '../../../server/realtime/origin-check';

describe('WebSocket origin check', () => {
  const allow = ['https://events.example'];
  it.each([
    [undefined, 'captions.example', true, 'no Origin: not a browser page'],
    ['https://captions.example', 'captions.example', true, 'our own origin'],
    ['http://127.0.0.1:3000', '127.0.0.1:3000', true, 'our own origin on loopback'],
    ['https://events.example', 'captions.example', true, 'allow-listed'],
    ['https://evil.example', 'captions.example', false, 'another site'],
    ['https://captions.example.evil.example', 'captions.example', false, 'a look-alike host'],
    ['null', 'captions.example', false, 'an opaque origin (sandboxed frame, file:)'],
    ['not a url', 'captions.example', false, 'garbage'],
    ['http://localhost:3000', '127.0.0.1:3000', false, 'same machine, other origin'],
    ['http://127.0.0.1:4000', '127.0.0.1:3000', false, 'our host on another port'],
    ['http://captions.example', 'captions.example', true, 'our own host on the default port, plain http'],
    ['https://CAPTIONS.example', 'Captions.Example', true, 'our own host, however it is capitalised'],
    ['https://events.example:8443', 'captions.example', false, 'an allow-listed host on another port'],
    ['http://events.example', 'captions.example', false, 'an allow-listed host over another scheme'],
    ['https://events.example.evil.example', 'captions.example', false, 'an allow-listed name as the prefix of another host'],
    ['https://evil.example/https://events.example', 'captions.example', false, 'an allow-listed origin in the path of another'],
    ['https://events.example', undefined, true, 'allow-listed, from a request without Host'],
    ['https://captions.example', undefined, false, 'no Host to compare with and not allow-listed'],
  ] as [string | undefined, string | undefined, boolean, string][])('%s to %s → %s (%s)', (origin, host, expected) => {
    expect(originAllowed(origin, host, allow)).toBe(expected);
  });

  it('matches an allow-listed origin exactly: not by prefix, not on another port', () => {
    const allowed = parseAllowedOrigins('https://events.example.com');
    expect(originAllowed('https://events.example.com', 'captions.example', allowed)).toBe(true);
    expect(originAllowed('https://events.example.evil.com', 'captions.example', allowed)).toBe(false);
    expect(originAllowed('https://events.example.com.evil.com', 'captions.example', allowed)).toBe(false);
    expect(originAllowed('https://events.example.com:444', 'captions.example', allowed)).toBe(false);
  });

  it('refuses every opaque origin, even when the allow-list names a file page (whose origin is "null" too)', () => {
    const allowed = parseAllowedOrigins('file:///srv/kiosk.html');
    expect(originAllowed('file:///srv/kiosk.html', 'captions.example', allowed)).toBe(false);
    expect(originAllowed('data:text/html,<p>hi</p>', 'captions.example', allowed)).toBe(false);
  });

  it('parses the allow-list and names a bad entry', () => {
    expect(parseAllowedOrigins('https://a.example/ http://b.example:8080')).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(parseAllowedOrigins(' https://a.example,\thttps://b.example/x ,, ')).toEqual(['https://a.example', 'https://b.example']);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(() => parseAllowedOrigins('a.example')).toThrow(/ALLOWED_ORIGINS: "a.example"/u);
  });
});
