import type { WorkerJobResult } from './import-job';

/** What the import worker tells the thread that started it. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly result: WorkerJobResult }
  | { readonly type: 'failed'; readonly message: string };
