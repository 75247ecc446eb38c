// The Next.js `deploymentId` of this release (next.config.js): every node built from the same
// sources gets the same one, so a page loaded from one node fetches its assets from any other
// (`?dpl=<id>` on every asset URL; Next.js also keeps one build id for them all), and a browser
// holding a page of an older release is told by the `x-nextjs-deployment-id` header on its next
// navigation that it must reload instead of mixing two releases.
//   BOOTHCAST_DEPLOYMENT_ID  set by the deploy (a git sha, a release tag): used as it is;
//   otherwise                 <package version>-<hash of the build's inputs> (ensure-build.mjs),
//                             the same on every checkout of the same sources, git or not.
// It is read at build time and again when the server starts, so both must see the same value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputsHash } from './ensure-build.mjs';

/** What Next.js accepts in a deployment id, with a length bound (it ends up in every asset URL). */
export const DEPLOYMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/u;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function deploymentId(env = process.env) {
  const given = env.BOOTHCAST_DEPLOYMENT_ID;
  if (given !== undefined && given !== '') {
    if (!DEPLOYMENT_ID_PATTERN.test(given)) {
      throw new Error(`BOOTHCAST_DEPLOYMENT_ID "${given.slice(0, 80)}": use 1 to 64 letters, digits, "-" or "_" (it goes into every asset URL)`);
    }
    return given;
  }
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return `${String(version).replace(/[^A-Za-z0-9_-]/gu, '-')}-${inputsHash().slice(0, 16)}`;
}
