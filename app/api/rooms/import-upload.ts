import type { Lang } from '../../../server/protocol';
import type { Transcript } from '../../../server/transcript/model';
import { importUpload } from '../../../server/transcript/import-upload';
import type { UploadProblem } from '../../lib/presenter/rooms-api';

export interface UploadedFile {
  readonly name: string;
  readonly content: Uint8Array;
}

export type UploadImport = { readonly ok: true; readonly transcript: Transcript } | { readonly ok: false; readonly problems: readonly UploadProblem[] };

/**
 * Turns uploaded files into a transcript with the importer for uploads: one plain transcript, or
 * one or two SRT/WebVTT files (one per language). Every problem comes back with its file and line.
 */
export async function importUploadedFiles(files: readonly UploadedFile[], options: { sourceLang?: Lang }): Promise<UploadImport> {
  const result = await importUpload({ files, options: { sourceLang: options.sourceLang } });
  if (result.ok) return { ok: true, transcript: result.transcript };
  return { ok: false, problems: result.problems.map(({ code, file, line, message }) => ({ code, file, line, message })) };
}
