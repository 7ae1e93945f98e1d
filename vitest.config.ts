import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The deployment test (nginx, two replica processes, Redis, PostgreSQL, 1,000 events) takes both
    // cores for a minute: beside the rest of the suite it would starve the process tests' time
    // bounds. It runs alone, as its own step of .ci/run (PPB_DEPLOY_TESTS=1 npx vitest run test/deploy).
    exclude: process.env.PPB_DEPLOY_TESTS === '1' ? [] : ['test/deploy/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
