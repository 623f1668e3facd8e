import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: crashes, bad files, bad input, forged requests, Slack failures, load. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/globalSetup.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/slowestFiles.ts', ...(process.env.CI ? ['json'] : [])],
    outputFile: { json: '.ci/vitest-reliability.json' },
  },
});
