import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadOptions } from '../compose/load.ts';
import { ArgumentError, UsageError, type CliIO } from './io.ts';
import { checkOutputDirectory, outputTarget } from './output-target.ts';

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

/** `parseCommandArgs` for a command that also takes positional arguments (`convert SERVICE…`). */
export function parseCommandLine<T extends OptionSpec>(args: readonly string[], extra: T) {
  try {
    return parseArgs({ args: [...args], options: { ...PROJECT_OPTIONS, ...extra }, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(error);
  }
}

/** Parses the arguments strictly: an unknown flag or a stray argument is a usage error. */
export function parseCommandArgs<T extends OptionSpec>(args: readonly string[], extra: T) {
  try {
    return parseArgs({ args: [...args], options: { ...PROJECT_OPTIONS, ...extra }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageError(error);
  }
}

/** Node's message, without the advice on positional arguments after `--` that follows an unknown option. */
function usageError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  return new UsageError(message.replace(/\. To specify a positional argument starting with a '-'.*$/s, ''));
}

export interface ProjectArgs {
  readonly file?: string[];
  readonly 'env-file'?: string[];
  readonly profile?: string[];
  readonly 'project-name'?: string;
  readonly 'project-directory'?: string;
  /** `-o DIR` of the commands that write files. */
  readonly output?: string;
  /** `-n NS` of the commands that translate. */
  readonly namespace?: string;
}

/** Project names become file names (`<name>.k8s.yaml`), namespaces and label values: at most 63 characters. */
const MAX_PROJECT_NAME = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Loader options for the project the arguments name; paths are relative to the working directory.
 * Arguments that could only fail later with a raw errno (`-o` naming a file, `-p` too long for a
 * file name) or be silently ignored (`-n ''`) are refused first, with one line.
 */
export function loadOptionsFrom(values: ProjectArgs, io: CliIO): LoadOptions {
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  checkArguments(values, io.cwd);
  return {
    cwd: io.cwd,
    environment: io.env,
    ...(values.file ? { files: values.file.map(fromCwd) } : {}),
    ...(values['env-file'] ? { envFiles: values['env-file'].map(fromCwd) } : {}),
    ...(values.profile ? { profiles: values.profile } : {}),
    ...(values['project-name'] !== undefined ? { projectName: values['project-name'] } : {}),
    ...(values['project-directory'] ? { projectDirectory: fromCwd(values['project-directory']) } : {}),
    ...(values.file?.includes('-') ? { standardInput: standardInput(io) } : {}),
  };
}

/** `-f -`: the compose file comes from standard input; the project directory is the working directory. */
function standardInput(io: CliIO): string | Uint8Array {
  if (!io.readStdin) throw new ArgumentError('-f', "'-' (standard input) is not available here");
  return io.readStdin();
}

/**
 * `warning: file:line:column: message`, the form every command reports warnings in; secret values
 * of the projects loaded in this process are redacted, as in errors.
 */
function checkArguments(values: ProjectArgs, cwd: string): void {
  const name = values['project-name'];
  if (name !== undefined && name.length > MAX_PROJECT_NAME) {
    throw new ArgumentError('-p', `the project name is ${name.length} characters; at most ${MAX_PROJECT_NAME} fit a Kubernetes namespace, a label value and a file name`);
  }
  const namespace = values.namespace;
  if (namespace !== undefined && (namespace.length > MAX_PROJECT_NAME || !DNS_LABEL.test(namespace))) {
    throw new ArgumentError('-n', `${JSON.stringify(namespace)} is not a namespace: at most ${MAX_PROJECT_NAME} lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  if (values.output === undefined || values.output === '-') return;
  if (isOutputFile(resolve(cwd, values.output))) outputTarget('-o', values.output, cwd);
  else {
    if (values.output === '') throw new ArgumentError('-o', 'the output directory must not be empty');
    checkOutputDirectory('-o', resolve(cwd, values.output));
  }
}

/** `-o FILE` names a file when it ends in .yaml/.yml or is an existing file (as kubectl and kompose take it); else a directory. */
export function isOutputFile(path: string): boolean {
  if (/\.ya?ml$/i.test(path)) return true;
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

