import { getServices, type RoomImportOptions } from '../../../server/services';
import type { ImportRefusal } from '../../../server/transcript/worker/import-runner';
import type { ImportedUpload } from '../../../server/transcript/worker/packed-transcript';
import type { UploadProblem, UploadWarning } from '../../lib/presenter/rooms-api';

export interface UploadedFile {
  readonly name: string;
  readonly content: Uint8Array;
}

export type UploadImport =
  | { readonly ok: true; readonly upload: ImportedUpload; readonly warnings: readonly UploadWarning[] }
  | { readonly ok: false; readonly problems: readonly UploadProblem[] }
  | { readonly ok: false; readonly refused: ImportRefusal; readonly message: string };

/**
 * Turns uploaded files into a transcript with the importer for uploads (one plain transcript, or
 * one or two SRT/WebVTT files, one per language), run by the server in a worker thread under a
 * time budget and a memory cap. Every problem comes back with its file and line.
 */
export async function importUploadedFiles(files: readonly UploadedFile[], options: RoomImportOptions): Promise<UploadImport> {
  const result = await getServices().importTranscript(files, options);
  if (result.ok) {
    const warnings = result.warnings.map(({ code, file, line, message, values }) => ({ code, file, line, message, ...(values ? { values } : {}) }));
    return { ok: true, upload: result.upload, warnings };
  }
  if ('refused' in result) return result;
  return { ok: false, problems: result.problems.map(({ code, file, line, message }) => ({ code, file, line, message })) };
}
