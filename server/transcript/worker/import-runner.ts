import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ImportJob, ImportJobResult, ResultOf, WorkerJob } from './import-job';
import { unpackTranscript, type ImportedUpload } from './packed-transcript';
import type { UploadFile, UploadOptions } from '../import-upload';
import type { ImportProblem, ImportWarning } from '../import/problems';
import type { WorkerMessage } from './worker-messages';

/**
 * The worker's entry: under `npm start` the server is one bundle (scripts/build-server.mjs) with
 * the worker bundled beside it; run from the sources (tsx, vitest, the CLI), boot-worker.mjs
 * registers tsx and loads the TypeScript.
 */
const BUNDLED_WORKER = new URL('./import-worker.mjs', import.meta.url);
const WORKER_ENTRY = existsSync(fileURLToPath(BUNDLED_WORKER)) ? BUNDLED_WORKER : new URL('./boot-worker.mjs', import.meta.url);

/**
 * How long one import may run, in ms. The largest legitimate upload (2 MiB of prose, a
 * transcript of some 30 hours) imports in a few seconds on a 2-core machine under load; a file
 * built to be slow must not hold an import slot for longer than a presenter would wait.
 */
export const IMPORT_TIME_BUDGET_MS = 20_000;
/**
 * The import worker's heap, in MiB. A 2 MiB upload of ordinary text peaks near 150 MiB; 512
 * leaves room for that and stops a file that would make tens of thousands of cues out of nothing
 * long before the server's own memory is at stake.
 */
export const IMPORT_MEMORY_MB = 512;
/** Imports that run at once: one core for imports, the other for the event loop serving captions. */
export const MAX_RUNNING_IMPORTS = 1;
/** Imports that wait for a slot (each holds at most two 2 MiB files); more are refused as busy. */
export const MAX_WAITING_IMPORTS = 4;
/** A worker that has not loaded the importers within this time (a starved machine) is given up on. */
const WORKER_START_TIMEOUT_MS = 60_000;

export interface ImportLimits {
  readonly timeBudgetMs: number;
  readonly memoryMb: number;
  readonly running: number;
  readonly waiting: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeBudgetMs: IMPORT_TIME_BUDGET_MS,
  memoryMb: IMPORT_MEMORY_MB,
  running: MAX_RUNNING_IMPORTS,
  waiting: MAX_WAITING_IMPORTS,
};

/** Why an import was not run to its end. */
export type ImportRefusal = 'time' | 'memory' | 'busy' | 'failed' | 'closed';

export type Refused = { readonly ok: false; readonly refused: ImportRefusal; readonly message: string };
export type ImportOutcome = ImportJobResult | Refused;
/** An upload for a room: the transcript with the file that will keep it, every problem, or why it was refused. */
export type RoomImportOutcome = { readonly ok: true; readonly upload: ImportedUpload; readonly warnings: readonly ImportWarning[] } | { readonly ok: false; readonly problems: readonly ImportProblem[] } | Refused;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * Runs imports in worker threads, off the event loop that serves captions: each under a time
 * budget (the worker is terminated when it runs over) and a heap cap (V8 stops the worker at
 * it), at most `running` at once with `waiting` more queued. Workers are kept warm between
 * imports, and replaced after one is stopped.
 */
export class ImportRunner {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly queue: (() => void)[] = [];
  private closed = false;

  constructor(private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS) {}

  /** Starts a worker ahead of the first import, so a presenter does not wait for it to load. */
  warm(): void {
    if (!this.closed && this.idle.length + this.busy.size < this.limits.running) this.idle.push(this.spawn());
  }

  /**
   * Imports an upload for a room. The worker also serialises the file to keep, and the transcript
   * comes back as slices of JSON parsed one per turn of the event loop (packed-transcript.ts).
   */
  async importForRoom(files: readonly UploadFile[], options: UploadOptions): Promise<RoomImportOutcome> {
    const outcome = await this.run({ kind: 'room-upload', files, options });
    return outcome.ok ? { ok: true, upload: await unpackTranscript(outcome.packed), warnings: outcome.warnings } : outcome;
  }

  run(job: ImportJob): Promise<ImportOutcome>;
  run<J extends WorkerJob>(job: J): Promise<ResultOf<J> | Refused>;
  async run(job: WorkerJob): Promise<ResultOf<WorkerJob> | Refused> {
    if (this.closed) return { ok: false, refused: 'closed', message: 'the server is shutting down' };
    if (this.busy.size >= this.limits.running && this.queue.length >= this.limits.waiting) {
      return { ok: false, refused: 'busy', message: `${this.limits.running + this.limits.waiting} imports are running or waiting; try again in a minute` };
    }
    // Checked again on waking: a newcomer may have taken the slot between the wake-up and now.
    while (this.busy.size >= this.limits.running) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
      if (this.closed) return { ok: false, refused: 'closed', message: 'the server is shutting down' };
    }
    const slot = this.idle.pop() ?? this.spawn();
    this.busy.add(slot);
    try {
      return await this.runOn(slot, job);
    } finally {
      this.busy.delete(slot);
      // A worker stopped for running over is replaced, so the next presenter does not wait for one to load.
      if (!this.idle.includes(slot)) this.warm();
      this.queue.shift()?.();
    }
  }

  /** Stops every worker (an import in progress is refused as `closed`); waiting imports are refused too. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.queue.splice(0)) wake();
    const slots = [...this.idle.splice(0), ...this.busy];
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_ENTRY, {
      // Nothing inherited: the bundled entry needs no loader, the source one registers its own.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the import worker did not start')), WORKER_START_TIMEOUT_MS);
      worker.once('message', (message: WorkerMessage) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolve();
        else reject(new Error('the import worker did not start'));
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      // Terminated while loading (the server closing): no `error`, only `exit`.
      worker.once('exit', () => {
        clearTimeout(timer);
        reject(new Error('the import worker stopped'));
      });
    });
    // Checked by runOn; a worker that fails while idle is simply not reused.
    ready.catch(() => undefined);
    // Errors while a job runs are handled in runOn; one while idle only retires the worker (below).
    worker.on('error', () => undefined);
    const slot = { worker, ready };
    // A worker that dies while idle is not handed the next import.
    worker.once('exit', () => {
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
    });
    // An idle worker must not keep a CLI process alive.
    worker.unref();
    return slot;
  }

  private async runOn(slot: Slot, job: WorkerJob): Promise<ResultOf<WorkerJob> | Refused> {
    try {
      await slot.ready;
    } catch (error) {
      void slot.worker.terminate();
      if (this.closed) return { ok: false, refused: 'closed', message: 'the server is shutting down' };
      return { ok: false, refused: 'failed', message: `the import could not start: ${(error as Error).message}` };
    }
    if (this.closed) return { ok: false, refused: 'closed', message: 'the server is shutting down' };
    const { worker } = slot;
    const outcome = await new Promise<ResultOf<WorkerJob> | Refused>((resolve) => {
      const finish = (result: ResultOf<WorkerJob> | Refused) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const timer = setTimeout(() => {
        finish({ ok: false, refused: 'time', message: `the import took longer than ${this.limits.timeBudgetMs / 1000} s, the most one may take` });
      }, this.limits.timeBudgetMs);
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'done') finish(message.result);
        else if (message.type === 'failed') finish({ ok: false, refused: 'failed', message: message.message });
      };
      const onError = (error: Error & { code?: string }) => {
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { ok: false, refused: 'memory', message: `the import needed more than ${this.limits.memoryMb} MiB of memory, the most one may use` }
            : { ok: false, refused: 'failed', message: `the import failed: ${error.message}` },
        );
      };
      const onExit = () => finish({ ok: false, refused: this.closed ? 'closed' : 'failed', message: this.closed ? 'the server is shutting down' : 'the import worker stopped' });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      // A form's body moves to the worker rather than being copied (its owner is done with it).
      worker.postMessage(job, job.kind === 'form' ? [job.body.buffer as ArrayBuffer] : []);
    });
    worker.unref();
    if (outcome.ok || !('refused' in outcome)) {
      if (!this.closed) this.idle.push(slot);
      else void worker.terminate();
    } else {
      // Over budget, out of memory or broken: this worker is done; a fresh one takes its place.
      void worker.terminate();
    }
    return outcome;
  }
}
