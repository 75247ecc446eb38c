import type { Lang } from '../../../server/protocol';
import { getServices } from '../../../server/services';
import type { ImportRefusal } from '../../../server/transcript/worker/import-runner';
import type { ImportedUpload } from '../../../server/transcript/worker/packed-transcript';
import type { UploadProblem } from '../../lib/presenter/rooms-api';

export interface UploadedFile {
  readonly name: string;
  readonly content: Uint8Array;
}

export type UploadImport =
  | { readonly ok: true; readonly upload: ImportedUpload }
  | { readonly ok: false; readonly problems: readonly UploadProblem[] }
  | { readonly ok: false; readonly refused: ImportRefusal; readonly message: string };

/**
 * Turns uploaded files into a transcript with the importer for uploads (one plain transcript, or
 * one or two SRT/WebVTT files, one per language), run by the server in a worker thread under a
 * time budget and a memory cap. Every problem comes back with its file and line.
 */
export async function importUploadedFiles(files: readonly UploadedFile[], options: { sourceLang?: Lang }): Promise<UploadImport> {
  const result = await getServices().importTranscript(files, options);
  if (result.ok) return { ok: true, upload: result.upload };
  if ('refused' in result) return result;
  return { ok: false, problems: result.problems.map(({ code, file, line, message }) => ({ code, file, line, message })) };
}
