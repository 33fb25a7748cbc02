import { defineConfig } from 'vitest/config';

/** `npm run test:package`: the packed tarball installed into fresh apps, and a checkout's program, under Node 20, 22 and 24 (minutes: packing, installing). */
export default defineConfig({
  test: {
    include: ['test/package/package.test.ts', 'test/package/checkout-node.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // Both files install the npm registry's Node.js binaries into one shared cache on a fresh machine:
    // one file at a time, so no two npm installs race in it.
    fileParallelism: false,
  },
});
