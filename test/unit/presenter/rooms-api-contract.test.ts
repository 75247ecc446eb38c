import { describe, expect, it } from 'vitest';
import { formatProblem, readCreateRoomResponse } from '../../../app/lib/presenter/rooms-api';
import { PRESENTER } from '../../../app/lib/i18n/presenter';

describe('readCreateRoomResponse', () => {
  it.each([
    ['created', 201, { code: 'K7QX2', secret: 's3cr3t' }, { ok: true, code: 'K7QX2', secret: 's3cr3t' }],
    [
      'import problems, each kept',
      400,
      { error: 'invalid-transcript', message: '2 problems', problems: [{ code: 'x', file: 'a.srt', line: 3, message: 'bad time' }, { junk: true }] },
      { ok: false, status: 400, error: 'invalid-transcript', message: '2 problems', problems: [{ code: 'x', file: 'a.srt', line: 3, message: 'bad time' }] },
    ],
    ['a proxy’s HTML 413', 413, undefined, { ok: false, status: 413, error: 'too-large', message: '', problems: [] }],
    ['an unknown error code', 429, { error: 'nope' }, { ok: false, status: 429, error: 'rate-limited', message: '', problems: [] }],
    ['201 without a secret is not a success', 201, { code: 'K7QX2' }, { ok: false, status: 201, error: 'invalid-request', message: '', problems: [] }],
  ])('%s', (_name, status, body, expected) => {
    expect(readCreateRoomResponse(status, body)).toEqual(expected);
  });

  it.each([
    [{ code: 'x', file: 'talk.txt', line: 12, message: 'unknown speaker' }, 'talk.txt:12: unknown speaker'],
    [{ code: 'x', file: 'talk.srt', line: 0, message: 'empty file' }, 'talk.srt: empty file'],
  ])('prints %o as %s', (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });
});

describe('presenter interface text', () => {
  it('has every string in both languages, none empty unless the English one is', () => {
    expect(Object.keys(PRESENTER.ru).sort()).toEqual(Object.keys(PRESENTER.en).sort());
    for (const [key, en] of Object.entries(PRESENTER.en)) {
      const ru = PRESENTER.ru[key as keyof typeof PRESENTER.ru];
      expect(ru === '', key).toBe(en === '');
      expect(ru.match(/\{\w+\}/gu)?.sort() ?? [], key).toEqual(en.match(/\{\w+\}/gu)?.sort() ?? []);
    }
  });
});
