import { defineConfig } from 'vitest/config';

/**
 * The unit tier alone, for mutation testing (stryker.config.mjs). Stryker runs these tests once per
 * mutant; the integration and e2e tiers start servers and browsers and would make a run take days.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
