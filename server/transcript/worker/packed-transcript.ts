import { setImmediate as nextTurn } from 'node:timers/promises';
import { uploadFileBody } from '../../rooms/upload-file';
import type { Segment, Transcript } from '../model';

/**
 * Segments per slice of JSON. Receiving 10,000 segments (MAX_SEGMENTS) as objects in one message
 * held the event loop for a few hundred ms on a loaded 2-core machine; one slice of 250 parses in
 * about a millisecond, and the loop serves captions and /healthz between two slices.
 */
export const SEGMENTS_PER_SLICE = 250;

/**
 * A transcript as the import worker hands it to the server: everything but the segments as
 * they are (a few speakers and titles), the segments as slices of JSON text, and the file the
 * library will keep, serialised and encoded by the worker (upload-file.ts).
 */
export interface PackedTranscript {
  readonly head: Omit<Transcript, 'segments'>;
  readonly slices: readonly string[];
  readonly fileBody: Uint8Array;
}

/** An imported upload, ready for the library: the transcript, and the body of the file that keeps it. */
export interface ImportedUpload {
  readonly transcript: Transcript;
  readonly fileBody: Uint8Array;
}

/** In the worker. */
export function packTranscript(transcript: Transcript): PackedTranscript {
  const { segments, ...head } = transcript;
  const slices: string[] = [];
  for (let at = 0; at < segments.length; at += SEGMENTS_PER_SLICE) slices.push(JSON.stringify(segments.slice(at, at + SEGMENTS_PER_SLICE)));
  return { head, slices, fileBody: uploadFileBody(transcript) };
}

/** On the server's event loop: one slice per turn, so captions go out between two. */
export async function unpackTranscript(packed: PackedTranscript): Promise<ImportedUpload> {
  const segments: Segment[] = [];
  for (const slice of packed.slices) {
    await nextTurn();
    for (const segment of JSON.parse(slice) as Segment[]) segments.push(segment);
  }
  return { transcript: { ...packed.head, segments }, fileBody: packed.fileBody };
}
