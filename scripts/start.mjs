// `npm start`: build when needed, then run the production server (Next.js and Socket.IO on one
// port) in this same process, from the bundle the build made (scripts/build-server.mjs): one
// Node.js start, no TypeScript to compile, so a restarted server takes its viewers back sooner
// (docs/reliability.md). A signal to this process is a signal to the server.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';
import { SERVER_BUNDLE } from './build-server.mjs';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('npm start');

try {
  await ensureBuild();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// Relative paths (DATA_DIR, STATE_DIR) are the project's, wherever this was started from.
process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
// Before anything reads them: Next.js and React choose their production code on first load.
process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED = '1';
// Stack traces name the TypeScript sources, not the bundle.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_BUNDLE).href);
