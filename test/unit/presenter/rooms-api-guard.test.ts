import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets } from '../../../server/rooms/keyed-token-buckets';
import { clientAddress, isSameOrigin, readBodyWithin } from '../../../app/api/rooms/request-guard';
import { BundledRoomRequestSchema, firstIssue, UploadFieldsSchema } from '../../../app/api/rooms/request-schema';

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000', true],
    ['https://captions.example', 'captions.example', true],
    ['https://captions.example', 'captions.example:443', true],
    ['http://Captions.Example', 'captions.example', true],
    ['https://evil.example', 'captions.example', false],
    ['http://127.0.0.1:3001', '127.0.0.1:3000', false],
    ['null', '127.0.0.1:3000', false],
    [null, '127.0.0.1:3000', false],
    ['http://127.0.0.1:3000', null, false],
    ['file:///x', 'x', false],
    ['not a url', 'x', false],
  ])('Origin %s, Host %s → %s', (origin, host, expected) => {
    expect(isSameOrigin(origin, host)).toBe(expected);
  });
});

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['198.51.100.1, 203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 , ', '203.0.113.7'],
    [null, 'unknown'],
    ['', 'unknown'],
  ])('X-Forwarded-For %j → %s', (header, expected) => {
    expect(clientAddress(header)).toBe(expected);
  });
});

describe('KeyedTokenBuckets', () => {
  it('lets ten rooms through at once, then one a minute, per address', () => {
    let now = 0;
    const buckets = new KeyedTokenBuckets(10, 60_000, () => now);
    for (let i = 0; i < 10; i++) expect(buckets.take('a')).toBe(true);
    expect(buckets.take('a')).toBe(false);
    expect(buckets.has('a')).toBe(false);
    expect(buckets.retryAfterMs('a')).toBe(60_000);
    expect(buckets.take('b')).toBe(true);
    now = 30_000;
    expect(buckets.take('a')).toBe(false);
    expect(buckets.retryAfterMs('a')).toBe(30_000);
    now = 60_000;
    expect(buckets.has('a')).toBe(true);
    expect(buckets.take('a')).toBe(true);
    expect(buckets.take('a')).toBe(false);
  });

  it('stays bounded: idle (full) buckets are dropped first, then the oldest', () => {
    let now = 0;
    const buckets = new KeyedTokenBuckets(2, 1_000, () => now, 3);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    now = 5_000; // a, b and c are full again
    buckets.take('d');
    buckets.take('d');
    expect(buckets.take('d')).toBe(false);
    buckets.take('e');
    buckets.take('f');
    buckets.take('g');
    // d was emptied most recently but is the oldest left when g arrives; the map never grows past 3.
    expect(buckets.take('g')).toBe(true);
  });
});

describe('KeyedTokenBuckets when the map is full', () => {
  it('says no wait when a token is there, even in a fresh bucket of several', () => {
    const buckets = new KeyedTokenBuckets(3, 1_000, () => 0);
    expect(buckets.retryAfterMs('new')).toBe(0);
    buckets.take('new');
    expect(buckets.retryAfterMs('new')).toBe(0);
  });

  it('forgets the oldest address when every kept one is still limited, and keeps the others', () => {
    const buckets = new KeyedTokenBuckets(1, 1_000, () => 0, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // the map holds two: a, the oldest, goes
    expect(buckets.take('b')).toBe(false);
    expect(buckets.take('c')).toBe(false);
    expect(buckets.take('a')).toBe(true);
  });

  it('drops a refilled address before an older one that is still limited', () => {
    let now = 0;
    const buckets = new KeyedTokenBuckets(2, 1_000, () => now, 2);
    buckets.take('b');
    buckets.take('b'); // b: empty, the oldest
    buckets.take('a'); // a: one left
    now = 1_000; // a full again, b has one
    buckets.take('c');
    expect([buckets.take('b'), buckets.take('b')]).toEqual([true, false]);
  });

  it('forgets no one when an address it already holds takes a token', () => {
    const buckets = new KeyedTokenBuckets(2, 1_000, () => 0, 2);
    buckets.take('b');
    buckets.take('a');
    buckets.take('a');
    expect([buckets.take('b'), buckets.take('b')]).toEqual([true, false]);
  });
});

describe('readBodyWithin', () => {
  const stream = (chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(65));
        controller.close();
      },
    });

  it.each([
    [[10, 20], 100, 30],
    [[50, 50], 100, 100],
    [[60, 60], 100, undefined],
  ])('chunks %o within %i bytes → %s bytes', async (chunks, limit, expected) => {
    const body = await readBodyWithin(stream(chunks), limit);
    expect(body?.byteLength).toBe(expected);
  });

  it('reads no body as empty', async () => {
    expect((await readBodyWithin(null, 10))?.byteLength).toBe(0);
  });
});

describe('request schemas', () => {
  it.each([
    [{ transcriptId: 'vienna-2015-11-14' }, true],
    [{ transcriptId: 'vienna-2015-11-14', loop: true, autoplay: false }, true],
    [{ transcriptId: '' }, false],
    [{ transcriptId: 'x', loop: 'yes' }, false],
    [{ transcriptId: 'x', secret: 'mine' }, false],
    [{}, false],
  ])('JSON %o valid: %s', (body, valid) => {
    expect(BundledRoomRequestSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    [{ loop: 'on', autoplay: 'false', sourceLang: 'ru' }, { loop: true, autoplay: false, sourceLang: 'ru' }],
    // Any booth's language: a BCP 47 tag in canonical form.
    [{ sourceLang: 'pt-BR' }, { loop: undefined, autoplay: undefined, sourceLang: 'pt-BR' }],
    [{ sourceLang: '' }, { loop: undefined, autoplay: undefined, sourceLang: undefined }],
    [{ loop: 'true' }, { loop: true, autoplay: undefined, sourceLang: undefined }],
    [{ sourceLang: 'ar' }, { loop: undefined, autoplay: undefined, sourceLang: 'ar' }],
    [{ sourceLang: 'zh-hans' }, { loop: undefined, autoplay: undefined, sourceLang: 'zh-Hans' }],
    [{ sourceLang: 'PT-br' }, { loop: undefined, autoplay: undefined, sourceLang: 'pt-BR' }],
  ])('form fields %o → %o', (fields, expected) => {
    expect(UploadFieldsSchema.parse(fields)).toEqual(expected);
  });

  it.each([[{ sourceLang: 'en_US' }], [{ sourceLang: '123' }], [{ sourceLang: `en-${'x'.repeat(40)}` }], [{ loop: 'maybe' }], [{ other: 'x' }]])(
    'form fields %o are refused',
    (fields) => {
      expect(UploadFieldsSchema.safeParse(fields).success).toBe(false);
    },
  );

  it('names the field and the tag it could not read', () => {
    const parsed = UploadFieldsSchema.safeParse({ sourceLang: 'en_US' });
    expect(parsed.success).toBe(false);
    expect(firstIssue(parsed.error!)).toEqual({ field: 'sourceLang', message: 'sourceLang: "en_US" is not a BCP 47 language tag (en, ru, fr, ar, zh-Hans, pt-BR)' });
  });
});
