import { parentPort } from 'node:worker_threads';
import { runWorkerJob, type WorkerJob } from './import-job';
import type { WorkerMessage } from './worker-messages';

/**
 * The import worker's body: it says when it is ready, then runs each job it is sent and answers
 * with its result, or with the message of an error no importer expected (a file that vanished).
 */
const port = parentPort!;
port.on('message', (job: WorkerJob) => {
  runWorkerJob(job).then(
    ({ result, transfer }) => port.postMessage({ type: 'done', result } satisfies WorkerMessage, transfer),
    (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
