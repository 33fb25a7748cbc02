import { defineConfig } from 'vitest/config';
import { missingBuildTools } from './tools/cluster/components.ts';

// The suites that need Go, and the packed package's (npm run test:package), run on their own (`npm run test:cluster`, `npm run test:reference`, both in
// .ci/run); say so where they cannot run, so a green `npm test` is never mistaken for them.
const missing = missingBuildTools();
if (missing) process.stderr.write(`notice: the cluster and reference suites cannot run on this machine: ${missing}\n`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/cluster/**', 'test/reference/**', 'test/package/package.test.ts', 'test/package/checkout-node.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
