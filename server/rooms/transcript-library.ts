import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Transcript } from '../transcript/model';
import { loadTranscripts } from '../transcript/store';
import { removeTemporaryFiles, writeFileAtomically } from './atomic-file';
import { uploadFile, uploadFileBody } from './upload-file';

/**
 * Bytes of randomness in an uploaded transcript's id: 128 bits, so knowing the id is the capability
 * to read the transcript (as for an unguessable URL; OWASP's session-id guidance asks for at least
 * 64 bits of entropy). Nothing else names an upload: not its file name, not a list.
 */
export const UPLOAD_ID_BYTES = 16;
/** Readable in logs and the state directory; the random hex after it is what cannot be guessed. */
export const UPLOAD_ID_PREFIX = 'upload-';

/**
 * The transcripts rooms can play: the bundled ones (data/transcripts, read-only) and those
 * presenters upload, never over a bundled one. Alone, uploads are kept under the state directory
 * (`uploadsDir`). In a cluster (`uploadsDir` null) they are kept in memory with their file, which
 * the cluster stores in Redis with each room that plays them (cluster/room-store.ts), and a node
 * holds an upload only while a room of it plays it.
 */
export class TranscriptLibrary {
  readonly transcripts = new Map<string, Transcript>();
  private readonly uploaded = new Set<string>();
  /** Cluster mode: each upload's file, as it is stored in Redis with its rooms. */
  private readonly files = new Map<string, Uint8Array>();
  /** Ids of uploads being written: taken, so two uploads at once never share a file. */
  private readonly reserved = new Set<string>();

  constructor(
    bundledDir: string,
    private readonly uploadsDir: string | null,
  ) {
    for (const [id, t] of loadTranscripts(bundledDir)) this.transcripts.set(id, t);
    if (uploadsDir !== null && existsSync(uploadsDir)) {
      // Half-written uploads of a run that crashed: they only take space.
      removeTemporaryFiles(uploadsDir, () => true);
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

  /** The transcripts the server ships, offered to everyone. */
  bundled(): Transcript[] {
    return [...this.transcripts.values()].filter((t) => !this.uploaded.has(t.id));
  }

  /** Cluster mode: an upload's file, to be stored with a room that plays it. */
  uploadFile(id: string): Uint8Array | undefined {
    return this.files.get(id);
  }

  /** Cluster mode: keeps an upload another node received (read from Redis) while a room here plays it. */
  hold(transcript: Transcript, file: Uint8Array): void {
    if (this.transcripts.has(transcript.id) && !this.uploaded.has(transcript.id)) return;
    this.transcripts.set(transcript.id, transcript);
    this.uploaded.add(transcript.id);
    this.files.set(transcript.id, file);
  }

  /**
   * Saves an uploaded transcript under a fresh random id (never the one its file name suggested,
   * never replacing another) and returns it once it is on disk (in a cluster: in memory, until a
   * room stores it in Redis); a room on it would not survive a restart otherwise. Throws (and keeps nothing) when it cannot be saved. `fileBody` is the file
   * as the import worker serialised it (upload-file.ts), so that a transcript of megabytes is not
   * serialised on the event loop that serves captions.
   */
  async addUpload(transcript: Transcript, fileBody: Uint8Array = uploadFileBody(transcript)): Promise<Transcript> {
    let id: string;
    do id = `${UPLOAD_ID_PREFIX}${randomBytes(UPLOAD_ID_BYTES).toString('hex')}`;
    while (this.transcripts.has(id) || this.reserved.has(id));
    const stored: Transcript = { ...transcript, id };
    const file = uploadFile(id, fileBody);
    if (this.uploadsDir === null) {
      this.files.set(id, file);
    } else {
      this.reserved.add(id);
      try {
        await writeFileAtomically(path.join(this.uploadsDir, `${id}.json`), file);
      } finally {
        this.reserved.delete(id);
      }
    }
    this.transcripts.set(id, stored);
    this.uploaded.add(id);
    return stored;
  }

  /** Deletes an uploaded transcript and its file (a bundled one is never touched). */
  removeUpload(id: string): boolean {
    if (!this.uploaded.has(id)) return false;
    // The name saveTranscript wrote; the transcript schema allows no path separator in an id.
    if (this.uploadsDir !== null) rmSync(path.join(this.uploadsDir, `${id}.json`), { force: true });
    this.files.delete(id);
    this.uploaded.delete(id);
    this.transcripts.delete(id);
    return true;
  }
}
