import { brokerPasswordFiles } from '../../mqtt/broker-passwords.ts';
import { secretManifests } from '../../k8s/output/secret-manifests.ts';
import { manifestsToYaml } from '../../k8s/output/synth.ts';
import { ExitCode, type CliIO, type Command } from '../io.ts';
import { parseCommandArgs } from '../project-args.ts';
import { secretValueFindings } from '../secret-values.ts';
import { CHART_OPTIONS_USAGE, CHART_FLAGS, planFromArgs } from './convert.ts';

const USAGE = `Usage: cdk8s-compose secrets [-f FILE]... [options]

Prints the Secret manifests the converted project references, with their values from the compose
files, .env files and secret files, for 'kubectl apply -f -'. Nothing is written to disk. A mosquitto
broker's password file gets one hashed entry per client service (its MQTT user and password).
Refuses to print a value an unset variable or an empty file leaves empty; warns when a value is the
compose file's own default (\${VAR:-default} with VAR unset) or written empty.

Options:
${CHART_OPTIONS_USAGE}

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

function run(args: readonly string[], io: CliIO): number {
  const plan = planFromArgs(parseCommandArgs(args, CHART_FLAGS), io);
  const { empty, warnings } = secretValueFindings(plan.project, plan.secrets);
  // The MQTT brokers' password files, from their clients' users and passwords.
  const brokers = brokerPasswordFiles(plan);
  if (empty.length + brokers.errors.length > 0) {
    for (const line of [...empty, ...brokers.errors]) io.stderr(`error: ${line}\n`);
    return ExitCode.badInput;
  }
  for (const line of [...warnings, ...brokers.warnings]) io.stderr(`warning: ${line}\n`);
  const manifests = secretManifests({ ...plan, secrets: brokers.secrets });
  if (manifests.length > 0) io.stdout(manifestsToYaml(manifests));
  return ExitCode.ok;
}

export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'Print the Secret manifests of a converted project (for kubectl apply -f -)',
  usage: USAGE,
  run,
};
