import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { loadProject, type LoadOptions } from '../../../lib/compose/load.ts';
import type { ComposeProject } from '../../../lib/compose/model.ts';
import { temporaryDirectory } from '../../support/temporary.ts';

/** Writes `files` (relative path → content) into a fresh temporary directory (removed after the test file) and returns it. */
export function writeTree(files: Readonly<Record<string, string | Buffer>>): string {
  const directory = temporaryDirectory('compose-loader');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return directory;
}

/** Loads `compose.yaml` (plus other files) from a temporary project with an empty environment. */
export function load(files: Readonly<Record<string, string | Buffer>>, options: LoadOptions = {}): ComposeProject {
  const cwd = writeTree(files);
  return loadProject({ cwd, environment: {}, ...options });
}

/** The ComposeError `run` throws, for asserting on its message and location; any other outcome fails. */
export function composeErrorOf(run: () => unknown): ComposeError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeError) return error;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

/** The ComposeError loading throws. */
export function loadError(files: Readonly<Record<string, string>>, options: LoadOptions = {}): ComposeError {
  return composeErrorOf(() => load(files, options));
}
