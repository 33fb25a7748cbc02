import { secretManifests } from '../../k8s/output/secret-manifests.ts';
import { manifestsToYaml } from '../../k8s/output/synth.ts';
import { ExitCode, type CliIO, type Command } from '../io.ts';
import { parseCommandArgs } from '../project-args.ts';
import { CHART_OPTIONS_USAGE, NAMESPACE_OPTION, planFromArgs } from './convert.ts';

const USAGE = `Usage: cdk8s-compose secrets [-f FILE]... [options]

Prints the Secret manifests the converted project references, with their values from the compose
files, .env files and secret files, for 'kubectl apply -f -'. Nothing is written to disk.

Options:
${CHART_OPTIONS_USAGE}

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

function run(args: readonly string[], io: CliIO): number {
  const manifests = secretManifests(planFromArgs(parseCommandArgs(args, NAMESPACE_OPTION), io));
  if (manifests.length > 0) io.stdout(manifestsToYaml(manifests));
  return ExitCode.ok;
}

export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'Print the Secret manifests of a converted project (for kubectl apply -f -)',
  usage: USAGE,
  run,
};
