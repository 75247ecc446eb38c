import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TranscriptSchema, type Transcript } from './model';

/** Compiled transcripts live as one JSON file each under `data/transcripts/`. */
export function loadTranscripts(dir: string): Map<string, Transcript> {
  const transcripts = new Map<string, Transcript>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const parsed = TranscriptSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${file}: not a valid compiled transcript: ${where}`);
    }
    transcripts.set(parsed.data.id, parsed.data);
  }
  return transcripts;
}

/** Where the server keeps uploaded transcripts (and reads them from at start), under STATE_DIR. */
export function uploadsDir(stateDir: string): string {
  return path.join(stateDir, 'uploads');
}

/** Writes atomically (temporary file, then rename) so a crash never leaves half a transcript. */
export function saveTranscript(dir: string, transcript: Transcript, name = `${transcript.id}.json`): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(transcript, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}
