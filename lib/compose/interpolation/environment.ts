import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDotenv } from './dotenv.ts';
import { readInputText } from '../read/input-files.ts';
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
  const files = envFiles ? envFiles.map((file) => path.resolve(cwd, file)) : defaultDotenv(projectDirectory);
  const values = dotenvValues(files, (name) => processEnvironment[name], envFiles !== undefined);
  for (const [key, value] of Object.entries(processEnvironment)) {
    if (value !== undefined) values.set(key, value);
  }
  return values;
}

/**
 * `variables` with the `.env` file of `directory` below them. docker compose reads `.env` twice:
 * from the directory it knows before finding the compose files (the working directory when no
 * `-f` is given), then from the project directory the files it found give — which differs when
 * they were found in a parent directory or named by `COMPOSE_FILE`. The first reading wins.
 */
export function withDotenvBelow(variables: ReadonlyMap<string, string>, directory: string): Map<string, string> {
  const result = new Map(variables);
  for (const [key, value] of dotenvValues(defaultDotenv(directory), (name) => variables.get(name))) {
    if (!result.has(key)) result.set(key, value);
  }
  return result;
}

function defaultDotenv(directory: string): string[] {
  return [path.join(directory, '.env')].filter((file) => existsSync(file));
}

/**
 * The values of `.env` files, later files winning; `${VAR}` in them sees `current` before earlier
 * keys. `named`: the command line named them (`--env-file`), so a descriptor's name is read too.
 */
function dotenvValues(files: readonly string[], current: Lookup, named = false): Map<string, string> {
  const values = new Map<string, string>();
  for (const file of files) {
    const text = readInputText(file, 'env file', { descriptor: named });
    const lookup: Lookup = (name) => current(name) ?? values.get(name);
    for (const [key, value] of parseDotenv(text, file, lookup)) values.set(key, value);
  }
  return values;
}
