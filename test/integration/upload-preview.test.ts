import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { UploadPreview } from '../../app/lib/presenter/rooms-api';
import type { Application } from '../../server/app';
import { ROOT } from '../support/load-vienna';
import { startApp } from '../support/start-app';

/**
 * The upload form's two steps against the real composition root: check an upload (imported in
 * the worker, nothing kept, no room), then start it with the title and speakers' names the
 * presenter edited. Warnings come back with file and line both times.
 */
let app: Application;
const HOST = 'boothcast.test:3000';
const ORIGIN = `http://${HOST}`;
let addresses = 0;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (form: FormData) =>
  POST(new Request(`${ORIGIN}/api/rooms`, { method: 'POST', body: form, headers: { host: HOST, origin: ORIGIN, 'x-forwarded-for': `198.51.100.${++addresses}` } }));

function formWith(files: string[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([readFileSync(path.join(ROOT, file))]), path.basename(file));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const BRIEFING = 'test/fixtures/transcripts/state-briefing.txt';
const ARCHIVE = 'test/fixtures/captions/real/archive-briefing.en.srt';

describe('checking an upload before starting its room', () => {
  it('answers 200 with the title from the heading, one language, the speakers, and keeps nothing', async () => {
    const rooms = app.registry.list().length;
    const response = await post(formWith([BRIEFING], { preview: 'true' }));
    expect(response.status).toBe(200);
    const { preview } = (await response.json()) as { preview: UploadPreview };
    expect(preview).toEqual({
      title: 'Department Press Briefing',
      languages: ['en'],
      speakers: [
        { id: 'kirby', name: 'Mr Kirby' },
        { id: 'question', name: 'Question' },
      ],
      warnings: [],
    });
    expect(app.registry.list().length).toBe(rooms);
  });

  it("lists what was changed to read a real export, with file, line and the numbers the console's words need", async () => {
    const { preview } = (await (await post(formWith([ARCHIVE], { preview: 'true' }))).json()) as { preview: UploadPreview };
    expect(preview.warnings).toEqual([
      expect.objectContaining({ code: 'formatting-removed', file: 'archive-briefing.en.srt', line: 8, values: { positionCodes: 1, tags: 1 } }),
      expect.objectContaining({ code: 'overlap-clamped', file: 'archive-briefing.en.srt', line: 11, values: { ms: 1, previousLine: 7, start: '00:00:07.001' } }),
    ]);
  });
});

describe('starting a room with the title and names the presenter edited', () => {
  it('the room has them; the 201 carries the warnings', async () => {
    const response = await post(formWith([ARCHIVE], { title: '  Daily Press Briefing, 10 November  ', speakerNames: JSON.stringify({ kirby: 'John Kirby (spokesperson)' }) }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { code: string; warnings: { code: string; line: number }[] };
    expect(body.warnings.map((w) => [w.code, w.line])).toEqual([
      ['formatting-removed', 8],
      ['overlap-clamped', 11],
    ]);
    const transcript = app.registry.get(body.code)!.transcript;
    expect(transcript.meta.title).toBe('Daily Press Briefing, 10 November');
    expect(transcript.speakers.find((s) => s.id === 'kirby')?.label.en).toBe('John Kirby (spokesperson)');
    expect(transcript.speakers.find((s) => s.id === 'question')?.label.en).toBe('Question');
  });

  it.each([
    ['an empty title', { title: '   ' }, 'title', 'title: must not be empty'],
    ['a title too long', { title: 'x'.repeat(201) }, 'title', 'title: at most 200 characters'],
    ['a name too long', { speakerNames: JSON.stringify({ kirby: 'K'.repeat(81) }) }, 'speakerNames.kirby', 'speakerNames.kirby: at most 80 characters'],
    ['an empty name', { speakerNames: JSON.stringify({ kirby: '' }) }, 'speakerNames.kirby', 'speakerNames.kirby: must not be empty'],
    ['names that are not JSON', { speakerNames: '{kirby' }, 'speakerNames', 'speakerNames: must be a JSON object of speaker id to name'],
  ])('refuses %s with 400 naming the field, and opens nothing', async (_name, fields, field, message) => {
    const rooms = app.registry.list().length;
    const response = await post(formWith([ARCHIVE], fields));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid-request', field, message });
    expect(app.registry.list().length).toBe(rooms);
  });

  it('refuses a name for a speaker the transcript does not have, as a problem of the upload', async () => {
    const response = await post(formWith([ARCHIVE], { speakerNames: JSON.stringify({ lavrov: 'Sergey Lavrov' }) }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid-transcript',
      problems: [expect.objectContaining({ code: 'invalid-metadata', message: 'speakerNames.lavrov: the transcript has no speaker "lavrov"' })],
    });
  });
});
