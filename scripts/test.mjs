// `npm test`: everything CI runs. Installs the system packages the tests need when they are
// missing and this is a Debian machine run as root (Chromium for the browser tier, Redis and nginx
// for the cluster tests), then
// typecheck, lint, and the three test tiers. Nothing is skipped: a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('npm test');

const SYSTEM_PACKAGES = [
  { binary: '/usr/bin/chromium', apt: 'chromium' },
  { binary: '/usr/bin/redis-server', apt: 'redis-server' },
  { binary: '/usr/sbin/nginx', apt: 'nginx' },
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const missing = SYSTEM_PACKAGES.filter((p) => !existsSync(p.binary));
if (missing.length > 0) {
  const names = missing.map((p) => p.apt);
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing ${names.join(', ')} for the tests…`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...names], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`The tests need ${names.join(', ')}: install with \`sudo apt-get install -y ${names.join(' ')}\`.`);
    process.exit(1);
  }
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const npx = (args) => run(process.execPath, args, { env });
npx(['scripts/check-versions.mjs']);
npx(['node_modules/typescript/bin/tsc', '--noEmit']);
npx(['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']);
npx(['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);
