import { describe, expect, it } from 'vitest';
import { saidResponse, type SaidBody } from '../../../app/api/transcripts/said-response';
import { attributionParts } from '../../../app/components/transcript/attribution';
import { titleIn } from '../../../app/lib/i18n/room-title';
import { MAX_SEGMENTS } from '../../../server/transcript/import-upload';
import type { Transcript } from '../../../server/transcript/model';
import { loadVienna } from '../../support/load-vienna';

const vienna = loadVienna();
const lookup = (id: string) => (id === vienna.id ? vienna : undefined);
const said = (query: string, id = vienna.id) => saidResponse(id, `http://localhost/api/transcripts/${id}/said${query}`, lookup);

describe('GET /api/transcripts/<id>/said: the transcript up to a position, for a late joiner', () => {
  it('answers every segment that starts by the position, from the first, in order', async () => {
    const untilMs = vienna.segments[40].startMs;
    const response = await said(`?untilMs=${untilMs}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as SaidBody;
    expect(body.untilMs).toBe(untilMs);
    expect(body.segments.map((s) => s.index)).toEqual(vienna.segments.filter((s) => s.startMs <= untilMs).map((s) => s.index));
    expect(body.segments[0].index).toBe(0);
    expect(body.segments.at(-1)?.index).toBe(40);
    // The same segments the socket sends: every language's text and timing.
    expect(body.segments[40]).toEqual(JSON.parse(JSON.stringify(vienna.segments[40])));
  });

  it('answers nothing before the first sentence, and the whole transcript past its end', async () => {
    expect(((await (await said('?untilMs=0')).json()) as SaidBody).segments.filter((s) => s.startMs > 0)).toEqual([]);
    expect(((await (await said(`?untilMs=${vienna.durationMs}`)).json()) as SaidBody).segments).toHaveLength(vienna.segments.length);
  });

  it(`answers at most ${MAX_SEGMENTS} segments, the newest`, async () => {
    const small = { ...vienna.segments[0], text: { en: 'a' }, timing: { en: { startMs: 0, endMs: 1 } } };
    const many: Transcript = { ...vienna, segments: Array.from({ length: MAX_SEGMENTS + 3 }, (_, i) => ({ ...small, index: i, startMs: i })) };
    const body = (await (await saidResponse(many.id, 'http://localhost/x?untilMs=99999', () => many)).json()) as SaidBody;
    expect(body.segments).toHaveLength(MAX_SEGMENTS);
    expect(body.segments[0].index).toBe(3);
  });

  it.each([[''], ['?untilMs='], ['?untilMs=-5'], ['?untilMs=1.5'], ['?untilMs=abc'], ['?untilMs=86400001'], ['?untilMs=1e3']])('refuses %s with a 400 naming the field', async (query) => {
    const response = await said(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad-position', field: 'untilMs' });
  });

  it('answers 404 for a transcript it does not have', async () => {
    const response = await said('?untilMs=0', 'nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not-found' });
  });
});

describe('attribution as a short linked source', () => {
  it('shows a raw address as its host name, without the brackets around it', () => {
    expect(attributionParts('Transcript by Ruby BIRD, UPA United Press Agency LTD (https://www.uspa24.com/bericht-6343/final-part.html)')).toEqual([
      { text: 'Transcript by Ruby BIRD, UPA United Press Agency LTD' },
      { href: 'https://www.uspa24.com/bericht-6343/final-part.html', host: 'uspa24.com' },
    ]);
  });

  it('keeps text after an address, and a full stop out of it', () => {
    expect(attributionParts('See http://example.org/a. Thanks to the booth.')).toEqual([
      { text: 'See' },
      { href: 'http://example.org/a', host: 'example.org' },
      { text: '. Thanks to the booth.' },
    ]);
  });

  it('links only web addresses: anything else stays text', () => {
    expect(attributionParts('javascript:alert(1) and ftp://x.org')).toEqual([{ text: 'javascript:alert(1) and ftp://x.org' }]);
    expect(attributionParts('Written for the tests')).toEqual([{ text: 'Written for the tests' }]);
  });

  it('reads at most 500 characters of an attribution', () => {
    const parts = attributionParts(`${'a'.repeat(600)} https://example.org`);
    expect(parts).toEqual([{ text: 'a'.repeat(500) }]);
  });
});

describe('titles in the interface language', () => {
  const room = { title: 'Vienna talks', titles: { ru: 'Переговоры в Вене' } };
  it('takes the transcript’s own title in the interface language', () => {
    expect(titleIn(room, 'ru', 'en')).toEqual({ title: 'Переговоры в Вене', lang: undefined });
  });
  it('falls back to the transcript’s title, marked with its language', () => {
    expect(titleIn({ title: 'Vienna talks' }, 'ru', 'en')).toEqual({ title: 'Vienna talks', lang: 'en' });
    expect(titleIn(room, 'en', 'en')).toEqual({ title: 'Vienna talks', lang: undefined });
  });
});

describe('the console embed snippet in the interface language', () => {
  it('names the frame in Russian, escaped', async () => {
    const { embedSnippet } = await import('../../../app/lib/presenter/embed');
    expect(embedSnippet('https://c.example', 'PRESS', undefined, 2, 'Субтитры в эфире')).toContain('title="Субтитры в эфире"');
    expect(embedSnippet('https://c.example', 'PRESS', undefined, 2, 'a "b" <c>')).toContain('title="a &#34;b&#34; &#60;c&#62;"');
  });
});
