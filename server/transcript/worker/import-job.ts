import { checkTranscript, type TranscriptCheck } from '../check/check-transcript';
import { importSourceFiles, type SourceImportOptions } from '../import-file';
import { compileUpload, importUpload, type UploadFile, type UploadOptions } from '../import-upload';
import { ImportError, type ImportProblem, type ImportWarning } from '../import/problems';
import type { Transcript } from '../model';
import type { TranslationProblem } from '../translations';
import { packTranscript, type PackedTranscript } from './packed-transcript';
import { formTransfer, readForm, type FormJob, type FormJobResult } from './upload-form';

/**
 * One import, as the import worker receives it: uploaded files (the rooms API), or a source on
 * disk (the CLI's `import`, `check` and `export` of a `.txt`/`.srt`/`.vtt`, with `--pair`).
 * Plain data only: it crosses a thread boundary.
 */
export type ImportJob =
  | {
      readonly kind: 'upload';
      readonly files: readonly UploadFile[];
      readonly options?: UploadOptions;
      /** Measure the cues against the house style too (the CLI prints it; the rooms API does not need it). */
      readonly check: boolean;
    }
  | { readonly kind: 'source'; readonly file: string; readonly options: SourceImportOptions; readonly check: boolean };

export type ImportJobResult =
  | {
      readonly ok: true;
      readonly transcript: Transcript;
      readonly check?: TranscriptCheck;
      readonly translationProblems: readonly TranslationProblem[];
      /** What was changed to read the files, with file and line (import-upload.ts). */
      readonly warnings: readonly ImportWarning[];
    }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/**
 * An upload for a room (the rooms API): the transcript comes back packed (packed-transcript.ts),
 * so that receiving and saving it costs the server's event loop next to nothing.
 */
export interface RoomUploadJob {
  readonly kind: 'room-upload';
  readonly files: readonly UploadFile[];
  readonly options?: UploadOptions;
}

export type RoomUploadJobResult = { readonly ok: true; readonly packed: PackedTranscript; readonly warnings: readonly ImportWarning[] } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** Everything the import worker does. */
export type WorkerJob = ImportJob | RoomUploadJob | FormJob;
export type WorkerJobResult = ImportJobResult | RoomUploadJobResult | FormJobResult;
/** What each job answers. */
export type ResultOf<J extends WorkerJob> = J extends FormJob ? FormJobResult : J extends RoomUploadJob ? RoomUploadJobResult : ImportJobResult;

/** Runs a job in the worker: its result, and the buffers in it that move to the server rather than being copied. */
export async function runWorkerJob(job: WorkerJob): Promise<{ result: WorkerJobResult; transfer: ArrayBuffer[] }> {
  if (job.kind === 'form') {
    const result = await readForm(job);
    return { result, transfer: formTransfer(result) };
  }
  if (job.kind === 'room-upload') {
    const compiled = await compileUpload({ files: job.files, options: job.options });
    if (!compiled.ok) return { result: compiled, transfer: [] };
    const packed = packTranscript(compiled.transcript);
    return { result: { ok: true, packed, warnings: compiled.warnings }, transfer: [packed.fileBody.buffer as ArrayBuffer] };
  }
  return { result: await runImportJob(job), transfer: [] };
}

export async function runImportJob(job: ImportJob): Promise<ImportJobResult> {
  if (job.kind === 'upload') {
    const upload = { files: job.files, options: job.options };
    if (!job.check) {
      const compiled = await compileUpload(upload);
      return compiled.ok ? { ok: true, transcript: compiled.transcript, translationProblems: [], warnings: compiled.warnings } : compiled;
    }
    const result = await importUpload(upload);
    return result.ok ? { ok: true, transcript: result.transcript, check: result.check, translationProblems: [], warnings: result.warnings } : result;
  }
  try {
    const imported = await importSourceFiles(job.file, job.options);
    const check = job.check ? (imported.check ?? checkTranscript(imported.transcript, imported.translationProblems)) : undefined;
    return { ok: true, transcript: imported.transcript, ...(check ? { check } : {}), translationProblems: imported.translationProblems, warnings: imported.warnings };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, problems: error.problems };
    throw error;
  }
}
