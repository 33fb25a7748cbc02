import { defineConfig } from 'vitest/config';

/** `npm run test:cluster`: the suites that run against a real API server started by global-setup.ts. */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // The stacks run side by side on one cluster; the files share it.
    maxConcurrency: 6,
    fileParallelism: false,
  },
});
