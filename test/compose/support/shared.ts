import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's location. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * A folder of `../shared` (next to the repository), or undefined with a notice when the shared
 * material is not there, so suites can `describe.skipIf` instead of failing.
 */
export function sharedFolder(...segments: string[]): string | undefined {
  const folder = path.resolve(repoRoot, '..', 'shared', ...segments);
  if (existsSync(folder)) return folder;
  console.warn(`notice: ${folder} is absent; skipping the tests that need it`);
  return undefined;
}
