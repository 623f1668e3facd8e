import { defineConfig } from 'vitest/config';

/** `npm run screenshots`: pictures of the main messages for the docs (needs Debian's chromium). */
export default defineConfig({
  test: {
    include: ['test/screenshots/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
