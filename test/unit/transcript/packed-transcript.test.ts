import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptLibrary } from '../../../server/rooms/transcript-library';
import { uploadFile, uploadFileBody } from '../../../server/rooms/upload-file';
import { packTranscript, SEGMENTS_PER_SLICE, unpackTranscript } from '../../../server/transcript/worker/packed-transcript';
import { ROOT, loadVienna } from '../../support/load-vienna';

/**
 * A transcript crosses from the import worker to the server packed: slices of JSON and the file
 * to keep, serialised in the worker. What arrives and what is kept must be the transcript itself.
 */
const vienna = loadVienna();
/** More segments than three slices hold (their times are not checked here, only that each arrives). */
const long = { ...vienna, segments: Array.from({ length: 3 * SEGMENTS_PER_SLICE + 7 }, (_, i) => ({ ...vienna.segments[i % vienna.segments.length]!, index: i })) };

describe('a transcript handed back by the import worker', () => {
  it('arrives whole, every segment in order, from slices of at most SEGMENTS_PER_SLICE', async () => {
    const packed = packTranscript(long);
    expect(packed.slices.length).toBe(4);
    const { transcript } = await unpackTranscript(packed);
    expect(transcript).toEqual(long);
  });

  it('is kept as its JSON with the id the library gave it, and found again after a restart', async () => {
    const file = uploadFile('upload-0123', uploadFileBody(vienna));
    expect(JSON.parse(new TextDecoder().decode(file))).toEqual({ ...vienna, id: 'upload-0123' });

    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'boothcast-packed-')), 'uploads');
    const { transcript, fileBody } = await unpackTranscript(packTranscript({ ...vienna, id: 'lesson' }));
    const stored = await new TranscriptLibrary(path.join(ROOT, 'data/transcripts'), dir).addUpload(transcript, fileBody);
    expect(JSON.parse(readFileSync(path.join(dir, `${stored.id}.json`), 'utf8'))).toEqual({ ...vienna, id: stored.id });
    expect(new TranscriptLibrary(path.join(ROOT, 'data/transcripts'), dir).get(stored.id)).toEqual(stored);
  });
});
