import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TranscriptSchema, type Transcript } from '../../server/transcript/model';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const VIENNA_SOURCE = path.join(ROOT, 'data/sources/vienna-2015-11-14.txt');

/** The committed, compiled press conference, validated as the server validates it. */
export function loadVienna(): Transcript {
  const file = path.join(ROOT, 'data/transcripts/vienna-2015-11-14.json');
  return TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
