import { defineConfig } from 'vitest/config';

/** `npm run test:package`: the packed tarball installed into fresh apps, and a checkout's program, under Node 20, 22 and 24 (minutes: packing, installing). */
export default defineConfig({
  test: {
    include: ['test/package/package.test.ts', 'test/package/checkout-node.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
