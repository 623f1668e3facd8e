import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite has its own run (npm run test:reliability), and so do the screenshots.
    exclude: [...configDefaults.exclude, 'test/reliability/**', 'test/screenshots/**'],
    globalSetup: ['test/globalSetup.ts'],
    // Most files wait on sockets and timers, so two workers overlap those waits even on 2 CPUs (vitest's
    // default there is one), and one module graph per worker (no isolation) spares re-importing Bolt for
    // every file: together about half the run. Tests build their own app, store and clock; none mocks modules.
    maxWorkers: 2,
    isolate: false,
    // Generous, since files that start processes share two CPUs; a stuck test still ends.
    testTimeout: 40_000,
    hookTimeout: 40_000,
    // CI also keeps a JSON report, from which .ci/run prints a one-line "N passed, N failed" summary.
    reporters: ['default', './test/support/slowestFiles.ts', ...(process.env.CI ? ['json'] : [])],
    outputFile: { json: '.ci/vitest-results.json' },
  },
});
