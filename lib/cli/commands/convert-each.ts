/**
 * `convert --each DIR… -o OUT`: many compose projects in one process (issue 18 item 5, issue 22
 * item 3), so a monorepo's stacks share one start-up. Each directory is converted as
 * `cd DIR && cdk8s-compose convert -o OUT/<project>` would; a failing project is reported on one
 * line and the others are still written; the exit code is 1 when any failed.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ComposeError, formatLocation } from '../../compose/errors.ts';
import { defaultComposeFile } from '../../compose/load.ts';
import { ArgumentError, ExitCode, UsageError, type CliIO } from '../io.ts';
import { readablePath } from '../warnings.ts';
import type { ConvertValues } from './convert.ts';

type ConvertProject = (values: ConvertValues, services: readonly string[], io: CliIO, outputOf: (project: string) => string) => number;

/** Flags that name one project's files or objects: given to every project they would collide or mislead. */
const ONE_PROJECT_FLAGS = ['file', 'project-name', 'project-directory', 'env-file', 'namespace', 'stdout', 'report', 'diagram', 'format', 'kustomize', 'overlay'] as const;

const FLAG_SPELLING: Readonly<Record<(typeof ONE_PROJECT_FLAGS)[number], string>> = {
  file: '-f',
  'project-name': '-p',
  'project-directory': '--project-directory',
  'env-file': '--env-file',
  namespace: '-n',
  stdout: '--stdout',
  report: '--report',
  diagram: '--diagram',
  format: '--format',
  kustomize: '--kustomize',
  overlay: '--overlay',
};

export function convertEach(values: ConvertValues, operands: readonly string[], io: CliIO, convertProject: ConvertProject): number {
  const given = ONE_PROJECT_FLAGS.filter((flag) => values[flag] !== undefined).map((flag) => FLAG_SPELLING[flag]);
  if (given.length > 0) throw new UsageError(`--each converts each directory as it is: ${given.join(', ')} cannot be used with it`);
  if (values.output === undefined || /\.ya?ml$/i.test(values.output)) throw new UsageError('--each writes one folder per project: give -o DIR');
  const directories = operands.flatMap((operand) => (operand.startsWith('@') ? listFile(operand.slice(1), io.cwd) : [operand]));
  if (directories.length === 0) throw new UsageError('--each needs at least one DIR or @LIST');
  const outputDirectory = resolve(io.cwd, values.output);
  const written = new Map<string, string>();
  let failed = 0;
  for (const directory of directories) {
    const claim = (project: string): string => {
      const other = written.get(project);
      if (other !== undefined) throw new ArgumentError(directory, `project '${project}' is converted from ${other} already; rename one directory or give it a name: in its compose file`);
      written.set(project, directory);
      return join(outputDirectory, project);
    };
    try {
      checkProjectDirectory(directory, io);
      const code = convertProject({ ...values, output: outputDirectory }, [], projectIO(io, directory), claim);
      if (code !== ExitCode.ok) failed++;
    } catch (error) {
      failed++;
      io.stderr(`error: ${failureLine(error, directory, io.cwd)}\n`);
    }
  }
  const converted = directories.length - failed;
  io.stderr(`converted ${converted} of ${directories.length} project${directories.length === 1 ? '' : 's'} into ${readablePath(outputDirectory, io.cwd)}${failed > 0 ? ` (${failed} failed)` : ''}\n`);
  return failed > 0 ? ExitCode.badInput : ExitCode.ok;
}

/** `@LIST`: one directory a line, relative to the working directory; blank lines and `#` comments skipped. */
function listFile(file: string, cwd: string): string[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ArgumentError(`@${file}`, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The loader looks for compose files from the working directory up, as docker compose does; a
 * directory of the list without one of its own must fail, not convert its parent's project.
 */
function checkProjectDirectory(directory: string, io: CliIO): void {
  const path = resolve(io.cwd, directory);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new ArgumentError(directory, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (!isDirectory) throw new ArgumentError(directory, 'is not a directory');
  if (defaultComposeFile(path) === undefined && !io.env['COMPOSE_FILE']) {
    throw new ArgumentError(directory, 'has no compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml');
  }
}

/** The project's own view: its directory is the working directory; each line it prints names it. */
function projectIO(io: CliIO, directory: string): CliIO {
  return {
    cwd: resolve(io.cwd, directory),
    env: io.env,
    stdout: io.stdout,
    stderr: (text) => io.stderr(prefixLines(text, directory)),
    projectLabel: directory,
  };
}

/** `DIR: line` for each line; `error: DIR: …` for an error, so that errors still start a line with `error:`. */
function prefixLines(text: string, directory: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : line.startsWith('error: ') ? `error: ${directory}: ${line.slice('error: '.length)}` : `${directory}: ${line}`))
    .join('\n');
}

/** `file:line:column: message` with the file relative to the working directory, or `DIR: message`. */
function failureLine(error: unknown, directory: string, cwd: string): string {
  if (error instanceof ComposeError && error.location) {
    const formatted = error.format();
    const where = formatLocation(error.location);
    return `${formatLocation({ ...error.location, file: readablePath(error.location.file, cwd) })}${formatted.slice(where.length)}`;
  }
  if (error instanceof ArgumentError && error.message.startsWith(`${directory}: `)) return error.message;
  const message = error instanceof ComposeError ? error.format() : error instanceof Error ? error.message : String(error);
  return `${directory}: ${message}`;
}
