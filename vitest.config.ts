import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite has its own run: npm run test:reliability (vitest.reliability.config.ts).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    // CI also keeps a JSON report, from which .ci/run prints a one-line "N passed, N failed" summary.
    reporters: ['default', './test/support/slowestFiles.ts', ...(process.env.CI ? ['json'] : [])],
    outputFile: { json: '.ci/vitest-results.json' },
  },
});
