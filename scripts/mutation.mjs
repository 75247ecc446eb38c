// `npm run test:mutation`: mutation testing of the core modules (stryker.config.mjs), then a floor
// per module, not only over the whole: a well-tested big module must not hide a weak small one.
//
// Incremental by default: the committed report (reports/mutation/stryker-incremental.json) keeps
// each mutant's result, and only mutants in changed code, or reached by changed tests, run again;
// on an unchanged tree only the first plain test run is left. `-- --force` runs every mutant.
// Other arguments go to `stryker run` (`-- --mutate server/replay/clock.ts` for one module).
//
// `--summary-only` skips the run and only checks and summarises the committed report.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Issue 18: every core module keeps at least this share of its mutants detected. */
const MIN_SCORE_PERCENT = 85;
const REPORT = 'reports/mutation/stryker-incremental.json';
const SUMMARY = 'reports/mutation/summary.md';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary-only');
if (!summaryOnly) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...args], { stdio: 'inherit' });
  console.log(`Mutation run: ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const { mutate } = (await import('../stryker.config.mjs')).default;
const rows = mutate.map((file) => {
  const mutants = report.files[file]?.mutants ?? [];
  const count = (statuses) => mutants.filter((m) => statuses.has(m.status)).length;
  const detected = count(DETECTED);
  const undetected = count(UNDETECTED);
  const ignored = mutants.filter((m) => m.status === 'Ignored').length;
  const valid = detected + undetected;
  // A module with no valid mutant has no score: it was not in the run, which is a failure too.
  const score = valid === 0 ? undefined : (100 * detected) / valid;
  return { file, detected, undetected, ignored, score };
});

const shown = (score) => (score === undefined ? 'not run' : `${score.toFixed(1)} %`);
const lines = [
  '# Mutation score per core module',
  '',
  `Written by \`npm run test:mutation\` (scripts/mutation.mjs) from ${REPORT}; floor ${MIN_SCORE_PERCENT} % per module.`,
  'Equivalent mutants are disabled in the source with their reason and listed in docs/mutation.md.',
  '',
  '| Module | Score | Detected | Undetected | Disabled (equivalent) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| \`${r.file}\` | ${shown(r.score)} | ${r.detected} | ${r.undetected} | ${r.ignored} |`),
  '',
];
writeFileSync(SUMMARY, lines.join('\n'));
console.log(lines.slice(5).join('\n'));

const below = rows.filter((r) => r.score === undefined || r.score < MIN_SCORE_PERCENT);
if (below.length > 0) {
  for (const r of below) console.error(`${r.file}: mutation score ${shown(r.score)}, below the floor of ${MIN_SCORE_PERCENT} %`);
  process.exit(1);
}
