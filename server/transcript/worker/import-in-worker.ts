import { ImportError } from '../import/problems';
import type { ImportJob, ImportJobResult } from './import-job';
import { ImportRunner } from './import-runner';

/** An import that ran over its time budget or memory cap, or could not run: nothing was written. */
export class ImportRefusedError extends Error {}

/**
 * One import for a command-line tool, in a worker thread under the same time budget and memory
 * cap as an upload: its result, an `ImportError` with every problem, or `ImportRefusedError`.
 */
export async function importInWorker(job: ImportJob): Promise<Extract<ImportJobResult, { ok: true }>> {
  const runner = new ImportRunner();
  try {
    const outcome = await runner.run(job);
    if (outcome.ok) return outcome;
    if ('refused' in outcome) throw new ImportRefusedError(`${outcome.message}; nothing was written`);
    throw new ImportError(outcome.problems);
  } finally {
    await runner.close();
  }
}
