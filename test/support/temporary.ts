/**
 * Temporary directories for tests, removed with everything in them once the test file's tests have
 * run, so that a test run leaves nothing behind in $TMPDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered while a test file is collected: each file evaluates this module afresh. odd-shapes makes
// thousands of directories, whose removal outlasted the default hook timeout on a loaded machine.
afterAll(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
}, 600_000);

/** A new, empty directory under $TMPDIR named `<prefix>-XXXXXX`, removed after the file's tests. */
export function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(directory);
  return directory;
}
