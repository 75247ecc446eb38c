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
  ] as [string | undefined, string, boolean, string][])('%s to %s → %s (%s)', (origin, host, expected) => {
    expect(originAllowed(origin, host, allow)).toBe(expected);
  });

  it('parses the allow-list and names a bad entry', () => {
    expect(parseAllowedOrigins('https://a.example/ http://b.example:8080')).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(() => parseAllowedOrigins('a.example')).toThrow(/ALLOWED_ORIGINS: "a.example"/u);
  });
});
