import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './proc';

interface EnsureBuild {
  ensureBuild(options: { quiet: boolean }): Promise<boolean>;
  inputsHash(): string;
}

/** scripts/ensure-build.mjs, shared with `npm start`: builds the app when its sources changed. */
async function script(): Promise<EnsureBuild> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts', 'ensure-build.mjs')).href)) as EnsureBuild;
}

/** Builds when needed; true when it built. */
export async function ensureBuild(): Promise<boolean> {
  return (await script()).ensureBuild({ quiet: false });
}

/** Whether .next holds a build of the current sources (nothing to build). */
export async function buildIsCurrent(): Promise<boolean> {
  const { readFileSync, existsSync } = await import('node:fs');
  const stamp = path.join(ROOT, '.next', 'boothcast-build-inputs');
  return existsSync(path.join(ROOT, 'public', 'embed.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === (await script()).inputsHash();
}
