import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptLibrary } from '../../../server/rooms/transcript-library';
import { TranscriptSchema } from '../../../server/transcript/model';
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

  it('in a cluster are kept in memory with the file Redis will store, never on disk, and dropped with their last room', async () => {
    const library = new TranscriptLibrary(BUNDLED, null);
    const stored = await library.addUpload({ ...vienna, id: 'lesson' });
    const file = library.uploadFile(stored.id);
    expect(file).toBeDefined();
    // The file is the transcript as stored, under its new id: what another node parses.
    expect(TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(file)))).toEqual(stored);
    expect(library.bundled().map((t) => t.id)).toEqual([vienna.id]);
    expect(library.removeUpload(stored.id)).toBe(true);
    expect(library.get(stored.id)).toBeUndefined();
    expect(library.uploadFile(stored.id)).toBeUndefined();
  });

  it('in a cluster hold an upload another node received, but never over a bundled transcript', () => {
    const library = new TranscriptLibrary(BUNDLED, null);
    const other = { ...vienna, id: 'upload-00000000000000000000000000000001' };
    library.hold(other, new Uint8Array([1]));
    expect(library.get(other.id)).toBe(other);
    expect(library.isUploaded(other.id)).toBe(true);
    library.hold({ ...vienna, segments: [] }, new Uint8Array([2]));
    expect(library.get(vienna.id)?.segments).toHaveLength(vienna.segments.length);
    expect(library.isUploaded(vienna.id)).toBe(false);
  });
});
