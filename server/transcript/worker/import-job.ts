import { checkTranscript, type TranscriptCheck } from '../check/check-transcript';
import { importSourceFiles, type SourceImportOptions } from '../import-file';
import { compileUpload, importUpload, type UploadFile, type UploadOptions } from '../import-upload';
import { ImportError, type ImportProblem } from '../import/problems';
import type { Transcript } from '../model';
import type { TranslationProblem } from '../translations';

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
    }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export async function runImportJob(job: ImportJob): Promise<ImportJobResult> {
  if (job.kind === 'upload') {
    const upload = { files: job.files, options: job.options };
    if (!job.check) {
      const compiled = await compileUpload(upload);
      return compiled.ok ? { ok: true, transcript: compiled.transcript, translationProblems: [] } : compiled;
    }
    const result = await importUpload(upload);
    return result.ok ? { ok: true, transcript: result.transcript, check: result.check, translationProblems: [] } : result;
  }
  try {
    const imported = await importSourceFiles(job.file, job.options);
    const check = job.check ? (imported.check ?? checkTranscript(imported.transcript, imported.translationProblems)) : undefined;
    return { ok: true, transcript: imported.transcript, ...(check ? { check } : {}), translationProblems: imported.translationProblems };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, problems: error.problems };
    throw error;
  }
}
