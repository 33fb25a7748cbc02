import { projectToComposeYaml } from '../../compose/config-yaml.ts';
import { loadProject } from '../../compose/load.ts';
import { ExitCode, type Command } from '../io.ts';
import { loadOptionsFrom, parseCommandArgs, PROJECT_OPTIONS_USAGE } from '../project-args.ts';
import { presentWarnings } from '../warnings.ts';

const USAGE = `Usage: cdk8s-compose config [-f FILE]... [options]

Prints the resolved Compose project (files merged, variables interpolated, extends and profiles
applied, short syntax expanded) as YAML, like 'docker compose config'. Secret values are never
printed, only where they come from. Warnings go to stderr.

Options:
${PROJECT_OPTIONS_USAGE}
  -h, --help                show this help

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

export const configCommand: Command = {
  name: 'config',
  summary: 'Print the resolved Compose project as YAML',
  usage: USAGE,
  run(args, io) {
    const project = loadProject(loadOptionsFrom(parseCommandArgs(args, {}), io));
    presentWarnings(project.warnings, io, 'text');
    io.stdout(projectToComposeYaml(project));
    return ExitCode.ok;
  },
};
