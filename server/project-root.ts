import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root, the directory that holds next.config.js, found upwards from `moduleUrl`:
 * the same answer whether the server runs from its sources (server/, under tsx) or from the
 * bundle `npm start` runs (.next/boothcast-server/, scripts/build-server.mjs).
 */
export function projectRootFrom(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'next.config.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no next.config.js in ${start} or any directory above it`);
  }
}
