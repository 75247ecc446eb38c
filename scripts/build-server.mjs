// Bundles the server (server/index.ts and what it imports) into one ES module that `npm start`
// runs with plain Node.js. Through tsx the same start took 1 to 3 s longer on a busy 2-core
// machine (its loader hooks and the transpiling of each file), time every viewer waits for after
// a restart (docs/reliability.md). Packages stay in node_modules, loaded as they are.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Under .next/, which `next build` empties first: build this after it. */
export const SERVER_BUNDLE = path.join(root, '.next', 'boothcast-server', 'index.mjs');

export async function buildServer() {
  const { build } = await import('esbuild');
  await build({
    // The import worker runs in a thread of its own, so it is an entry of its own, beside the
    // server (server/transcript/worker/import-runner.ts looks for it there).
    entryPoints: {
      index: path.join(root, 'server', 'index.ts'),
      'import-worker': path.join(root, 'server', 'transcript', 'worker', 'import-worker.ts'),
    },
    outdir: path.dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
