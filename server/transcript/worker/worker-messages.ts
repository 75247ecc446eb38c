import type { ImportJobResult } from './import-job';

/** What the import worker tells the thread that started it. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly result: ImportJobResult }
  | { readonly type: 'failed'; readonly message: string };
