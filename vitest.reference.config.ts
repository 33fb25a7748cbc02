import { defineConfig } from 'vitest/config';

/** `npm run test:reference`: our checks against reference implementations built from the Go module proxy. */
export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    // The first run builds the reference programs (compose-go: under a minute); each project spawns two loaders.
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
