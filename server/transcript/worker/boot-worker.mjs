// The import worker's entry. A worker thread does not inherit the TypeScript loader of the thread
// that starts it (tsx under `npm start` and the CLI, Vite's under vitest), so it registers tsx,
// a dependency of the server, through its public API, then loads the worker's TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
