import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'cdk8s';
import { formatLocation } from '../../compose/errors.ts';
import { loadProject } from '../../compose/load.ts';
import type { Diagnostic } from '../../compose/model.ts';
import { ComposeChart } from '../../k8s/compose-chart.ts';
import { synthChartYaml, writeFileAtomic } from '../../k8s/synth.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';

/** Options every command that reads a compose project shares, as `docker compose` spells them. */
export const PROJECT_OPTIONS_USAGE = `  -f, --file FILE           compose file (repeatable; default: compose.yaml in the working directory)
  --env-file FILE           .env file for interpolation (repeatable; default: the project's .env)
  --profile NAME            enable a profile (repeatable)
  -p, --project-name NAME   project name (default: from the compose file or its directory)
  --project-directory DIR   directory relative paths are resolved against
  -n, --namespace NS        Kubernetes namespace (default: the project name)`;

const PROJECT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  'project-directory': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const;

type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>>;

/** Parses the arguments strictly: an unknown flag or a stray argument is a usage error. */
export function parseCommandArgs<T extends OptionSpec>(args: readonly string[], extra: T) {
  try {
    return parseArgs({ args: [...args], options: { ...PROJECT_OPTIONS, ...extra }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

interface ProjectArgs {
  readonly file?: string[];
  readonly 'env-file'?: string[];
  readonly profile?: string[];
  readonly 'project-name'?: string;
  readonly 'project-directory'?: string;
  readonly namespace?: string;
}

/** Loads the project the arguments name and translates it, as `convert` and `secrets` both need. */
export function chartFromArgs(values: ProjectArgs, io: CliIO): ComposeChart {
  const fromCwd = (path: string): string => resolve(io.cwd, path);
  const project = loadProject({
    cwd: io.cwd,
    environment: io.env,
    ...(values.file ? { files: values.file.map(fromCwd) } : {}),
    ...(values['env-file'] ? { envFiles: values['env-file'].map(fromCwd) } : {}),
    ...(values.profile ? { profiles: values.profile } : {}),
    ...(values['project-name'] ? { projectName: values['project-name'] } : {}),
    ...(values['project-directory'] ? { projectDirectory: fromCwd(values['project-directory']) } : {}),
  });
  return new ComposeChart(new App(), project.name, {
    project,
    ...(values.namespace ? { namespace: values.namespace } : {}),
  });
}

export function formatWarning(warning: Diagnostic): string {
  const where = warning.location ? `${formatLocation(warning.location)}: ` : '';
  return `warning: ${where}${warning.message}\n`;
}

const USAGE = `Usage: cdk8s-compose convert [-f FILE]... (-o DIR | --stdout) [options]

Translates a Compose project into Kubernetes manifests: one multi-document YAML stream with a
Namespace, workloads, Services, claims, ConfigMaps and NetworkPolicies. Secrets are referenced, not
written: print them with 'cdk8s-compose secrets'. Warnings (what was not translated) go to stderr.

Options:
${PROJECT_OPTIONS_USAGE}
  -o, --output DIR          write DIR/<project>.k8s.yaml (atomically: the old file stays on failure)
  --stdout                  print the manifests to standard output

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

function run(args: readonly string[], io: CliIO): number {
  const values = parseCommandArgs(args, {
    output: { type: 'string', short: 'o' },
    stdout: { type: 'boolean' },
  });
  if ((values.output === undefined) === (values.stdout !== true)) {
    throw new UsageError('give exactly one of -o DIR or --stdout');
  }
  const chart = chartFromArgs(values, io);
  const yaml = synthChartYaml(chart);
  for (const warning of chart.warnings) io.stderr(formatWarning(warning));
  if (values.output === undefined) {
    io.stdout(yaml);
  } else {
    const file = join(resolve(io.cwd, values.output), `${chart.project.name}.k8s.yaml`);
    writeFileAtomic(file, yaml);
    io.stderr(`wrote ${file}\n`);
  }
  return ExitCode.ok;
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Translate a Compose project into Kubernetes manifests',
  usage: USAGE,
  run,
};
