import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptLibrary } from '../../../server/rooms/transcript-library';
import { ROOT, loadVienna } from '../../support/load-vienna';

const BUNDLED = path.join(ROOT, 'data/transcripts');
const vienna = loadVienna();
const uploadsDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'boothcast-uploads-')), 'uploads');

describe('uploaded transcripts', () => {
  it('get an id of 128 random bits, never the one their file name suggested', async () => {
    const library = new TranscriptLibrary(BUNDLED, uploadsDir());
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await library.addUpload({ ...vienna, id: 'lesson' })).id);
    for (const id of ids) expect(id).toMatch(/^upload-[0-9a-f]{32}$/u);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.join(' ')).not.toContain('lesson');
  });

  it('never take or replace a bundled transcript, and are marked as uploads', async () => {
    const library = new TranscriptLibrary(BUNDLED, uploadsDir());
    const stored = await library.addUpload(vienna);
    expect(stored.id).not.toBe(vienna.id);
    expect(library.get(vienna.id)).toEqual(vienna);
    expect(library.isUploaded(stored.id)).toBe(true);
    expect(library.isUploaded(vienna.id)).toBe(false);
  });

  it('are found again by their id after a restart, under the same file name', async () => {
    const dir = uploadsDir();
    const stored = await new TranscriptLibrary(BUNDLED, dir).addUpload({ ...vienna, id: 'lesson' });
    expect(readdirSync(dir)).toEqual([`${stored.id}.json`]);
    const restarted = new TranscriptLibrary(BUNDLED, dir);
    expect(restarted.get(stored.id)?.segments).toHaveLength(vienna.segments.length);
    expect(restarted.isUploaded(stored.id)).toBe(true);
  });
});
