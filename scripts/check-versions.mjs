// Fails when any installed copy of a package is older than the floor set by a known advisory
// (../shared/reference/reliability-anchors.md, section 0), reading package-lock.json, so it needs
// no network. `npm audit` complements it where the registry's audit endpoint answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FLOORS = {
  next: ['16.3.8', 'React2Shell and the 2026 advisories up to the image-optimizer SSRF'],
  react: ['19.2.8', 'CVE-2026-44907'],
  'react-dom': ['19.2.8', 'CVE-2026-44907'],
  'socket.io': ['4.8.3', 'CVE-2024-38355 and later fixes'],
  'socket.io-client': ['4.8.3', 'keeps client and server on one release line'],
  'engine.io': ['6.6.9', 'ws ~8.21 for CVE-2026-48779'],
  'engine.io-client': ['6.6.6', 'ws ~8.21'],
  'socket.io-parser': ['4.2.7', 'CVE-2026-33151 and CVE-2026-69185 (attachment memory exhaustion)'],
  'socket.io-adapter': ['2.5.8', 'ws ~8.21'],
  ws: ['8.21.0', 'CVE-2024-37890, CVE-2026-45736, CVE-2026-48779'],
};

const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('-')[0].split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const problems = [];
let checked = 0;
for (const [location, entry] of Object.entries(lock.packages ?? {})) {
  const name = location.split('node_modules/').at(-1);
  const floor = FLOORS[name];
  if (!floor || !entry.version) continue;
  checked++;
  if (!newer(entry.version, floor[0])) problems.push(`${location}: ${entry.version} is below ${floor[0]} (${floor[1]})`);
}
if (problems.length > 0) {
  console.error(`Dependency versions below their security floors:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-versions: ${checked} installed copies of ${Object.keys(FLOORS).length} watched packages meet their floors`);
