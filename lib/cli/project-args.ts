import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLocation } from '../compose/errors.ts';
import { redactKnownSecrets } from '../compose/sensitivity.ts';
import type { LoadOptions } from '../compose/load.ts';
import type { Diagnostic } from '../compose/model.ts';
import { UsageError, type CliIO } from './io.ts';

/** The flags every command that reads a compose project shares, spelled as `docker compose` does. */
export const PROJECT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  'project-directory': { type: 'string' },
} as const;

export const PROJECT_OPTIONS_USAGE = `  -f, --file FILE           compose file (repeatable; default: compose.yaml & co. or COMPOSE_FILE)
  --env-file FILE           .env file for interpolation (repeatable; default: the project's .env)
  --profile NAME            enable a profile (repeatable; default: COMPOSE_PROFILES)
  -p, --project-name NAME   project name (default: COMPOSE_PROJECT_NAME, name:, or the directory)
  --project-directory DIR   directory relative paths are resolved against (default: the first file's)`;

type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>>;

/** Parses the arguments strictly: an unknown flag or a stray argument is a usage error. */
export function parseCommandArgs<T extends OptionSpec>(args: readonly string[], extra: T) {
  try {
    return parseArgs({ args: [...args], options: { ...PROJECT_OPTIONS, ...extra }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface ProjectArgs {
  readonly file?: string[];
  readonly 'env-file'?: string[];
  readonly profile?: string[];
  readonly 'project-name'?: string;
  readonly 'project-directory'?: string;
}

/** Loader options for the project the arguments name; paths are relative to the working directory. */
export function loadOptionsFrom(values: ProjectArgs, io: CliIO): LoadOptions {
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  return {
    cwd: io.cwd,
    environment: io.env,
    ...(values.file ? { files: values.file.map(fromCwd) } : {}),
    ...(values['env-file'] ? { envFiles: values['env-file'].map(fromCwd) } : {}),
    ...(values.profile ? { profiles: values.profile } : {}),
    ...(values['project-name'] !== undefined ? { projectName: values['project-name'] } : {}),
    ...(values['project-directory'] ? { projectDirectory: fromCwd(values['project-directory']) } : {}),
  };
}

/**
 * `warning: file:line:column: message`, the form every command reports warnings in; secret values
 * of the projects loaded in this process are redacted, as in errors.
 */
export function formatWarning(warning: Diagnostic): string {
  return `warning: ${warning.location ? `${formatLocation(warning.location)}: ` : ''}${redactKnownSecrets(warning.message)}\n`;
}
