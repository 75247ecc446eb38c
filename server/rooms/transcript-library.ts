import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Transcript } from '../transcript/model';
import { loadTranscripts, saveTranscript } from '../transcript/store';

/**
 * The transcripts rooms can play: the bundled ones (data/transcripts, read-only) and those
 * presenters upload (kept under the state directory, never over a bundled one).
 */
export class TranscriptLibrary {
  readonly transcripts = new Map<string, Transcript>();
  private readonly uploaded = new Set<string>();

  constructor(
    bundledDir: string,
    private readonly uploadsDir: string,
  ) {
    for (const [id, t] of loadTranscripts(bundledDir)) this.transcripts.set(id, t);
    if (existsSync(uploadsDir)) {
      for (const [id, t] of loadTranscripts(uploadsDir)) {
        if (this.transcripts.has(id)) continue;
        this.transcripts.set(id, t);
        this.uploaded.add(id);
      }
    }
  }

  get(id: string): Transcript | undefined {
    return this.transcripts.get(id);
  }

  isUploaded(id: string): boolean {
    return this.uploaded.has(id);
  }

  /** Saves an uploaded transcript under an id of its own (never replacing another) and returns it. */
  addUpload(transcript: Transcript): Transcript {
    let id = transcript.id.slice(0, 50);
    while (this.transcripts.has(id)) id = `${transcript.id.slice(0, 50)}-${randomBytes(3).toString('hex')}`;
    const stored: Transcript = { ...transcript, id };
    mkdirSync(this.uploadsDir, { recursive: true });
    saveTranscript(this.uploadsDir, stored);
    this.transcripts.set(id, stored);
    this.uploaded.add(id);
    return stored;
  }

  /** Deletes an uploaded transcript and its file (a bundled one is never touched). */
  removeUpload(id: string): boolean {
    if (!this.uploaded.has(id)) return false;
    // The name saveTranscript wrote; the transcript schema allows no path separator in an id.
    rmSync(path.join(this.uploadsDir, `${id}.json`), { force: true });
    this.uploaded.delete(id);
    this.transcripts.delete(id);
    return true;
  }
}
