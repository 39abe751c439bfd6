import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixtures are linted, never run (some are named like tests on purpose).
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // The JSON report gives .ci/run its totals; the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
