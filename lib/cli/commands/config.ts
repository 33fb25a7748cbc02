import { parseArgs } from 'node:util';
import { projectToComposeYaml } from '../../compose/config-yaml.ts';
import { formatLocation } from '../../compose/errors.ts';
import { loadProject, type LoadOptions } from '../../compose/load.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';

const USAGE = `Usage: cdk8s-compose config [-f FILE]... [options]

Prints the resolved Compose project (files merged, variables interpolated, extends and profiles
applied, short syntax expanded) as YAML, like 'docker compose config'. Secret values are never
printed, only where they come from. Warnings go to stderr.

Options:
  -f, --file FILE           compose file (repeatable; default: compose.yaml & co. or COMPOSE_FILE)
  --env-file FILE           .env file for interpolation (repeatable; default: the project's .env)
  --profile NAME            enable a profile (repeatable; default: COMPOSE_PROFILES)
  -p, --project-name NAME   project name (default: COMPOSE_PROJECT_NAME, name:, or the directory)
  --project-directory DIR   directory relative paths are resolved against (default: the first file's)
  -h, --help                show this help

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

/** Turns `-f/--env-file/--profile/-p/--project-directory` into loader options. */
export function loadOptionsFromArgs(args: readonly string[], io: CliIO): LoadOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string', short: 'f', multiple: true },
        'env-file': { type: 'string', multiple: true },
        profile: { type: 'string', multiple: true },
        'project-name': { type: 'string', short: 'p' },
        'project-directory': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    cwd: io.cwd,
    environment: io.env,
    ...(values.file ? { files: values.file } : {}),
    ...(values['env-file'] ? { envFiles: values['env-file'] } : {}),
    ...(values.profile ? { profiles: values.profile } : {}),
    ...(values['project-name'] !== undefined ? { projectName: values['project-name'] } : {}),
    ...(values['project-directory'] ? { projectDirectory: values['project-directory'] } : {}),
  };
}

export const configCommand: Command = {
  name: 'config',
  summary: 'Print the resolved Compose project as YAML',
  usage: USAGE,
  run(args, io) {
    const project = loadProject(loadOptionsFromArgs(args, io));
    for (const warning of project.warnings) {
      io.stderr(`warning: ${warning.location ? `${formatLocation(warning.location)}: ` : ''}${warning.message}\n`);
    }
    io.stdout(projectToComposeYaml(project));
    return ExitCode.ok;
  },
};
