import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runWorkerJob, type WorkerJob } from './import-job';
import type { WorkerMessage } from './worker-messages';

/**
 * The import worker's body: it says when it is ready, then runs each job it is sent and answers
 * with its result, or with the message of an error no importer expected (a file that vanished).
 */
const port = parentPort!;
// On Linux a nice value belongs to a thread, not the process (setpriority(2), NOTES): this lowers
// the import thread only, so when the cores are busy the scheduler runs the event loop that
// serves captions first and the import waits. Elsewhere it would lower the whole server: skipped.
if (process.platform === 'linux') setPriority(constants.priority.PRIORITY_LOW);

port.on('message', (job: WorkerJob) => {
  runWorkerJob(job).then(
    ({ result, transfer }) => port.postMessage({ type: 'done', result } satisfies WorkerMessage, transfer),
    (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
