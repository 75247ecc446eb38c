import { describe, expect, it } from 'vitest';
import { fill, formatClock, formatRate } from '../../../app/lib/presenter/format';
import { newCommandId } from '../../../app/lib/presenter/command-id';
import { embedSnippet } from '../../../app/lib/presenter/embed';

describe('formatting for the console', () => {
  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [61_000, '01:01'],
    [631_981, '10:31'],
    [3_600_000, '1:00:00'],
    [-5, '00:00'],
  ])('formatClock(%i) = %s', (ms, expected) => {
    expect(formatClock(ms)).toBe(expected);
  });

  it.each([
    [1, '1×'],
    [0.75, '0.75×'],
    [1.5, '1.5×'],
  ])('formatRate(%s) = %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });

  it.each([
    ['Room {code} is ready', { code: 'K7QX2' }, 'Room K7QX2 is ready'],
    ['{a} and {a}', { a: 1 }, '1 and 1'],
    ['{missing} stays', {}, '{missing} stays'],
  ])('fill(%s)', (template, values, expected) => {
    expect(fill(template, values)).toBe(expected);
  });
});

describe('command ids', () => {
  it('are valid protocol command ids, with or without randomUUID (plain http on a LAN has none)', () => {
    const pattern = /^[A-Za-z0-9_-]{8,64}$/u;
    expect(newCommandId()).toMatch(pattern);
    // No randomUUID, as in a page served over plain http from a LAN address.
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Pick<Crypto, 'getRandomValues'>;
    const id = newCommandId(insecure);
    expect(id).toMatch(pattern);
    expect(newCommandId(insecure)).not.toBe(id);
  });
});

describe('embed snippet', () => {
  it('is the iframe of the embed face with the documented defaults', () => {
    expect(embedSnippet('https://captions.example', 'K7QX2')).toBe(
      '<iframe src="https://captions.example/embed/K7QX2?lang=both&rows=3&theme=dark" title="Live captions" width="640" height="330" style="border:0" allow="fullscreen"></iframe>',
    );
  });
});
