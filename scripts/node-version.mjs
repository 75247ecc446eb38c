import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Stops a script early, with what to do, when it runs on a Node.js that package.json's "engines"
// does not allow (^22.13.0 || >=24.0.0; Node.js 24 is the supported runtime). npm only warns
// about "engines"; an old Node.js would fail later and less clearly (Node.js 20 reached its end of
// life in April 2026).
export function supportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 22 && minor >= 13) || major >= 24;
}

/**
 * Node.js 24 as scripts/ensure-node.sh installs it into .node/ (an official build from the npm
 * registry), or undefined when it has not been installed here.
 */
function projectNode() {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const bin = path.join(process.cwd(), '.node', 'node_modules', `node-${process.platform}-${arch}`, 'bin');
  return existsSync(path.join(bin, 'node')) ? bin : undefined;
}

/**
 * On an old Node.js: runs the same script again on the project's Node.js 24 when
 * scripts/ensure-node.sh has installed it (so `npm test` in a new shell works after the README's
 * first command), else stops with what to do.
 */
export function requireSupportedNode(what) {
  if (supportedNode()) return;
  const bin = projectNode();
  if (bin !== undefined) {
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    const run = spawnSync(path.join(bin, 'node'), process.argv.slice(1), { stdio: 'inherit', env });
    process.exit(run.status ?? 1);
  }
  console.error(
    `${what} needs Node.js 24 (or 22.13 and newer); this is ${process.version}. ` +
      'Run `. scripts/ensure-node.sh` in this shell first: it puts Node.js 24 from the npm registry first on PATH.',
  );
  process.exit(1);
}
