/**
 * Mutation testing of the core: the modules whose mistakes lose or leak captions (issue 18). Each is
 * changed in small ways (a `<` for a `<=`, a dropped condition, …) and the unit tests must notice.
 * `npm run test:mutation` runs it and checks every module against MIN_SCORE_PERCENT
 * (scripts/mutation.mjs); docs/mutation.md has the scores and the mutants that cannot be killed.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  // Each module here holds the floor (docs/mutation.md has each one's score and its equivalent mutants).
  mutate: [
    'server/replay/clock.ts',
    'server/replay/message-log.ts',
    'app/lib/viewer-state.ts',
    'server/realtime/origin-check.ts',
    'server/rooms/presenter-secret.ts',
    'server/realtime/rate-limit.ts',
    'server/rooms/keyed-token-buckets.ts',
    'server/realtime/schemas.ts',
    'server/replay/room-player.ts',
    'server/transcript/cues/check-cues.ts',
    // The caption importers: a wrong time, a lost line or a wrong speaker here reaches every viewer.
    'server/transcript/import/caption-file.ts',
    'server/transcript/import/caption-cues.ts',
    'server/transcript/import/cue-parts.ts',
    'server/transcript/import/timed-transcript.ts',
    'server/transcript/import/plain-transcript.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  // Each mutant runs only the tests that reach it, not all 500.
  coverageAnalysis: 'perTest',
  // The machine (and CI's) has two cores; one leaves the other for everything else.
  concurrency: 1,
  // A per-module floor is checked by scripts/mutation.mjs; this is the same floor over the whole.
  thresholds: { high: 90, low: 85, break: 85 },
  // Only mutants in changed code, or reached by changed tests, run again; the rest keep their result.
  // The incremental file is the full JSON report (mutation-testing-report-schema) and is committed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // The HTML report (about 1 MB, the sources inlined) is for reading locally and is not committed.
  reporters: ['clear-text', 'progress', 'html'],
  clearTextReporter: { allowColor: false, logTests: false },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // The sandbox copy needs the sources and tests, not build output or benchmark results.
  ignorePatterns: ['.next', 'bench/results', 'var', 'test-results', 'reports', 'docs', 'public/embed.js', 'public/fonts'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
