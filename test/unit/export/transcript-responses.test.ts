import { describe, expect, it } from 'vitest';
import { captionResponse, listResponse, transcriptResponse } from '../../../server/transcript/http/transcript-responses';
import { loadVienna } from '../../support/load-vienna';

const vienna = loadVienna();
const loaded = (id: string) => new Map([[vienna.id, vienna]]).get(id);
const url = (query: string) => `http://localhost/api/transcripts/${vienna.id}/captions.vtt${query}`;

describe('the /api/transcripts handlers', () => {
  it('lists id, title, languages and duration', async () => {
    const response = listResponse(() => [vienna]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ transcripts: [{ id: vienna.id, title: vienna.meta.title, languages: ['en', 'ru', 'fr', 'ar'], durationMs: vienna.durationMs }] });
  });

  it('leaves uploaded transcripts out of the list', async () => {
    expect(await listResponse(() => []).json()).toEqual({ transcripts: [] });
  });

  it('gives one language of the transcript as a download', async () => {
    const response = await transcriptResponse(vienna.id, loaded, `http://localhost/api/transcripts/${vienna.id}?lang=ru`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="vienna-2015-11-14.ru.json"');
    const body = await response.json();
    expect(body.language).toBe('ru');
    expect(body.segments).toHaveLength(vienna.segments.length);
    const lavrov = body.segments.find((s: { id: string }) => s.id === 't07-s00');
    expect(lavrov).toMatchObject({ interpreted: false, speaker: 'Министр иностранных дел Лавров' });
    expect(body.segments[0]).toMatchObject({ interpreted: true, startMs: vienna.segments[0].timing.ru!.startMs });
    expect((await transcriptResponse(vienna.id, loaded, `http://localhost/x?lang=de`)).status).toBe(400);
  });

  it('returns the compiled transcript, or 404 JSON', async () => {
    expect(await (await transcriptResponse(vienna.id, loaded)).json()).toEqual(vienna);
    const missing = await transcriptResponse('nope', loaded);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await missing.json()).toEqual({ error: 'not-found', message: 'no transcript "nope"' });
  });

  it('serves captions with their type and a download name', async () => {
    const response = await captionResponse(vienna.id, 'srt', url('?lang=ru'), loaded);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-subrip; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="vienna-2015-11-14.ru.srt"');
    expect(await response.text()).toMatch(/^1\n00:00:04,000 --> /u);
  });

  it('answers a bad or missing lang with 400 JSON', async () => {
    for (const query of ['?lang=de', '', '?lang=']) {
      const response = await captionResponse(vienna.id, 'vtt', url(query), loaded);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error).toBe('bad-lang');
    }
  });
});
