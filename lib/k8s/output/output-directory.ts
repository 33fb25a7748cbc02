import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirectoryAtomic, type OutputFile } from './atomic-write.ts';

/**
 * Replaces `dir` with `files` (atomically), but only a directory this kind of output wrote before
 * (it holds `marker`) or an empty or missing one: `-o .` must never swap a project away.
 */
export function replaceOutputDirectory(dir: string, files: readonly OutputFile[], marker: string, what: string): void {
  if (existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0 && !existsSync(join(dir, marker))) {
    throw new Error(`${dir} is not empty and holds no ${marker}: give an empty or new directory for the ${what}`);
  }
  writeDirectoryAtomic(files, dir);
}
