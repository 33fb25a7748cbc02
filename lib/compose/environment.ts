import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDotenv } from './dotenv.ts';
import { ComposeError } from './errors.ts';
import type { Lookup } from './interpolation.ts';

export type EnvironmentValues = Readonly<Record<string, string | undefined>>;

/**
 * The variables interpolation sees: the `.env` file (or every `--env-file`, later files winning)
 * below the process environment, which always wins, as in compose.
 */
export function projectEnvironment(
  envFiles: readonly string[] | undefined,
  projectDirectory: string,
  cwd: string,
  processEnvironment: EnvironmentValues,
): Map<string, string> {
  const fromProcess: Lookup = (name) => processEnvironment[name];
  const values = new Map<string, string>();
  const files = envFiles
    ? envFiles.map((file) => path.resolve(cwd, file))
    : [path.join(projectDirectory, '.env')].filter((file) => existsSync(file));
  for (const file of files) {
    const text = readText(file, 'env file');
    const lookup: Lookup = (name) => fromProcess(name) ?? values.get(name);
    for (const [key, value] of parseDotenv(text, file, lookup)) values.set(key, value);
  }
  for (const [key, value] of Object.entries(processEnvironment)) {
    if (value !== undefined) values.set(key, value);
  }
  return values;
}

/** Reads a file the user named; a missing or unreadable file is bad input, not a crash. */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new ComposeError(`${what} ${file} ${reason}`);
  }
}
