import { brokerPasswordFiles } from '../../mqtt/broker-passwords.ts';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AgeRecipientError,
  parseRecipient,
  renderSecrets,
  SECRET_FORMATS,
  SealingCertificateError,
  sealingKey,
  STORE_KINDS,
  type SecretFormat,
  type SecretOutput,
  type StoreKind,
} from '../../k8s/output/secret-formats/index.ts';
import { unreadSecretsOf } from '../../k8s/config-and-secrets/file-objects.ts';
import { sharedSecretsOf } from '../../k8s/config-and-secrets/shared-secrets.ts';
import { secretManifests } from '../../k8s/output/secret-manifests.ts';
import { clientSideApplyWarning } from '../../k8s/config-and-secrets/apply-size.ts';
import { writeFileAtomic } from '../../k8s/output/synth.ts';
import { ArgumentError, ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { checkOutputDirectory } from '../output-target.ts';
import { parseCommandArgs } from '../project-args.ts';
import { secretValueFindings } from '../secret-values.ts';
import { CHART_OPTIONS_USAGE, CHART_FLAGS, planFromArgs } from './convert.ts';

const USAGE = `Usage: cdk8s-compose secrets [-f FILE]... [--format FORMAT] [options]

Prints the Secrets the converted project references, with their values from the compose files,
.env files and secret files: as plain Secrets for 'kubectl apply -f -', or in a form a GitOps
repository can hold (docs/secrets.md). A mosquitto broker's password file gets one hashed entry per
client service (its MQTT user and password). Refuses a value an unset variable or an empty file leaves
empty; names each compose secret whose file is absent or variable unset, which it cannot print; warns
when a value is the compose file's own default (\${VAR:-default} with VAR unset) or written empty.

Options:
${CHART_OPTIONS_USAGE}
  --format FORMAT           plain (default): Secrets with their values, never written to disk;
                            external-secrets: ExternalSecrets fetching each key from a secret
                              manager (remote key <namespace>/<Secret>, property <key>); needs
                              no secret material, so it runs where convert does;
                            sealed: SealedSecrets (strict scope) for the sealed-secrets controller;
                            sops: Secrets with data/stringData encrypted by SOPS to age recipients
  --secret-store NAME       external-secrets: the SecretStore to read from (required)
  --secret-store-kind KIND  external-secrets: SecretStore (default) or ClusterSecretStore
  --cert FILE               sealed: the controller's public certificate (as kubeseal fetches it)
  --age RECIPIENT           sops: an age public key (age1...); repeat it, or separate with commas
  -o, --output DIR          write one file per Secret, DIR/<name>.<format>.yaml, instead of printing
                            (not for plain: plain values are never written to disk); '-' prints

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

const SECRETS_FLAGS = {
  ...CHART_FLAGS,
  format: { type: 'string' },
  'secret-store': { type: 'string' },
  'secret-store-kind': { type: 'string' },
  cert: { type: 'string' },
  age: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

type SecretsArgs = ReturnType<typeof parseCommandArgs<typeof SECRETS_FLAGS>>;

/** Which flag belongs to which format: one given with another format is a mistake, not ignored. */
const FORMAT_FLAGS: Readonly<Record<string, SecretFormat>> = { 'secret-store': 'external-secrets', 'secret-store-kind': 'external-secrets', cert: 'sealed', age: 'sops' };

function run(args: readonly string[], io: CliIO): number {
  const parsed = parseCommandArgs(args, SECRETS_FLAGS);
  // `-o -` is standard output, as for most tools: the default.
  const values = parsed.output === '-' ? { ...parsed, output: undefined } : parsed;
  // Settled before the project is loaded: a wrong flag should not cost a translation.
  const output = secretOutput(values, io);
  if (values.output !== undefined) checkOutputDirectory('-o', resolve(io.cwd, values.output));
  const plan = planFromArgs(values, io);
  // ExternalSecrets name keys, never values: they are written without the secret material too.
  const withoutValues = output.format === 'external-secrets';
  const { empty, warnings } = withoutValues ? { empty: [], warnings: [] } : secretValueFindings(plan.project, plan.secrets);
  // The MQTT brokers' password files, from their clients' users and passwords.
  const brokers = withoutValues ? { secrets: plan.secrets, errors: [], warnings: [] } : brokerPasswordFiles(plan);
  if (empty.length + brokers.errors.length > 0) {
    for (const line of [...empty, ...brokers.errors]) io.stderr(`error: ${line}\n`);
    return ExitCode.badInput;
  }
  for (const line of [...warnings, ...brokers.warnings]) io.stderr(`warning: ${line}\n`);
  for (const shared of sharedSecretsOf(plan.project, plan.serviceNames, plan.madeFrom).values()) {
    if (!plan.secrets.some((secret) => secret.name === shared.name)) continue;
    io.stderr(`note: Secret '${shared.name}' holds ${shared.key} once for services ${shared.services.join(', ')}\n`);
  }
  const secrets = withoutValues ? [...plan.secrets, ...unreadSecretsOf(plan.project)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : brokers.secrets;
  const manifests = secretManifests({ ...plan, secrets });
  if (output.format === 'plain') {
    for (const manifest of manifests) {
      const tooLarge = clientSideApplyWarning(manifest);
      if (tooLarge) io.stderr(`warning: ${tooLarge}\n`);
    }
  }
  const documents = renderSecrets(manifests, output);
  if (values.output === undefined) {
    if (documents.length > 0) io.stdout(documents.join('---\n'));
    return ExitCode.ok;
  }
  const directory = resolve(io.cwd, values.output);
  manifests.forEach((secret, index) => writeFileAtomic(join(directory, `${secret.metadata.name}.${output.format}.yaml`), documents[index] ?? ''));
  io.stderr(`wrote ${manifests.length} file${manifests.length === 1 ? '' : 's'} to ${directory}\n`);
  return ExitCode.ok;
}

function secretOutput(values: SecretsArgs, io: CliIO): SecretOutput {
  const format = values.format ?? 'plain';
  if (!isFormat(format)) throw new UsageError(`--format is one of ${SECRET_FORMATS.join(', ')}, not '${format}'`);
  for (const [flag, owner] of Object.entries(FORMAT_FLAGS)) {
    if (values[flag as keyof SecretsArgs] !== undefined && owner !== format) throw new UsageError(`--${flag} is for --format ${owner}`);
  }
  if (format === 'plain' && values.output !== undefined) throw new UsageError('-o is not for --format plain: plain values are never written to disk');
  switch (format) {
    case 'plain':
      return { format };
    case 'external-secrets': {
      const name = values['secret-store'];
      if (name === undefined) throw new UsageError('--format external-secrets needs --secret-store NAME');
      const kind = values['secret-store-kind'] ?? 'SecretStore';
      if (!isStoreKind(kind)) throw new UsageError(`--secret-store-kind is ${STORE_KINDS.join(' or ')}, not '${kind}'`);
      return { format, store: { name, kind } };
    }
    case 'sealed': {
      if (values.cert === undefined) throw new UsageError('--format sealed needs --cert FILE (the controller certificate: kubeseal --fetch-cert)');
      return { format, key: readSealingKey(resolve(io.cwd, values.cert)) };
    }
    case 'sops': {
      const recipients = (values.age ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
      if (recipients.length === 0) throw new UsageError('--format sops needs --age RECIPIENT (an age public key, age1...)');
      for (const recipient of recipients) checkRecipient(recipient);
      return { format, recipients, now: new Date() };
    }
  }
}

function readSealingKey(file: string): KeyObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ArgumentError('--cert', `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return sealingKey(text);
  } catch (error) {
    if (error instanceof SealingCertificateError) throw new ArgumentError('--cert', `${file}: ${error.message}`);
    throw error;
  }
}

function checkRecipient(recipient: string): void {
  try {
    parseRecipient(recipient);
  } catch (error) {
    if (error instanceof AgeRecipientError) throw new ArgumentError('--age', error.message);
    throw error;
  }
}

function isFormat(value: string): value is SecretFormat {
  return (SECRET_FORMATS as readonly string[]).includes(value);
}

function isStoreKind(value: string): value is StoreKind {
  return (STORE_KINDS as readonly string[]).includes(value);
}

export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'Print the Secrets of a converted project: plain, or as ExternalSecrets, SealedSecrets or SOPS files',
  usage: USAGE,
  run,
};
