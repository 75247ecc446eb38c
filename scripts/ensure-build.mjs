// Builds the Next.js app when there is no build of the current sources, so `npm start` works on a
// fresh clone and the end-to-end tests always run against what is checked out.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEmbed, EMBED_BUNDLE, EMBED_FONTS, EMBED_SCRIPTS } from './build-embed.mjs';
import { buildServer, SERVER_BUNDLE } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['app', 'server', 'public', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join(root, '.next', 'boothcast-build-inputs');
/** Generated into public/ by the build itself, so not an input. */
const GENERATED = new Set([...EMBED_SCRIPTS.map((s) => s.out), ...EMBED_FONTS.map((f) => path.join('public', 'fonts', f))]);

function* files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) yield* files(path.join(entry, name));
  } else yield entry;
}

export function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(input)) if (!GENERATED.has(file)) hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export async function ensureBuild({ quiet = false } = {}) {
  const hash = inputsHash();
  const current =
    existsSync(path.join(root, '.next', 'BUILD_ID')) &&
    existsSync(EMBED_BUNDLE) &&
    existsSync(SERVER_BUNDLE) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === hash;
  if (current) return false;
  if (!quiet) console.log('Building the app (no build of the current sources yet)…');
  await buildEmbed();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: quiet ? 'pipe' : 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error('next build failed');
  }
  await buildServer();
  writeFileSync(STAMP, hash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureBuild();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
