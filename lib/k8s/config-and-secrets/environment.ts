import { nameRecordOf } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import type { VariableUse } from '../../compose/model.ts';
import type { OwnedSecretPayload, ServiceContext, Warn } from '../plan/context.ts';
import { sharedSecretsOf, wholeSecretVariables, type SharedSecret } from './shared-secrets.ts';
import { escapeExpansion, hasReference, kubernetesText, shellScript, shellWord, splitSecrets, type Segment, type Substitution } from './secret-text.ts';
import { isPolarisSensitiveName, isSensitiveUse, isSensitiveVariable, strongSecretsOf } from './sensitive.ts';
import { findStrongSecret, isSensitiveValue } from '../../compose/sensitivity.ts';
import type { Service } from '../../compose/model.ts';
import { scriptSecrets, writtenSecrets, type WrittenSecret } from './written-secrets.ts';

export interface ContainerEnvironment {
  readonly env: readonly k8s.EnvVar[];
  /** `command`/`entrypoint` with the secret variables substituted into them as `$(VAR)` references. */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** The Secrets the env references (`<service>-env`, shared ones), with their values (for `cdk8s-compose secrets`). */
  readonly secrets: readonly OwnedSecretPayload[];
  /** The healthcheck test as `healthcheckTestFor` returns it, from the same variables (issue 7). */
  readonly healthcheckTest?: readonly string[];
}

/** Kubernetes 1.27 accepts only these environment variable names (C identifiers plus `-` and `.`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Environment, secrets and configs of the service's container; sensitive values only by reference.
 *
 * Env vars are sorted by name: since every literal `$(` is escaped, no variable refers to another
 * and their order carries no meaning, so sorting keeps the output stable whatever the input order.
 */
export function environmentFor(context: ServiceContext): ContainerEnvironment {
  const literals = literalSecretsOf(context.service);
  const variables = containerVariables(context, context.warn, literals);
  const { entrypoint, command: composeCommand } = context.service;
  const command = entrypoint && entrypoint.map((word, index) => kubernetesText(wordSegments(context, 'entrypoint', word, index, variables, literals)));
  const args = composeCommand && composeCommand.map((word, index) => kubernetesText(wordSegments(context, 'command', word, index, variables, literals)));
  const healthcheckTest = healthcheckTestWith(context, variables, literals);
  return {
    env: variables.envVars(),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    secrets: variables.secretPayloads(context.service.name),
    ...(healthcheckTest ? { healthcheckTest } : {}),
  };
}

/**
 * The service's healthcheck test with the secret variables substituted into it replaced by shell
 * references to the env vars `environmentFor` provides (Kubernetes does not expand `$(VAR)` in
 * probes). A test that carries a secret becomes `CMD-SHELL`; any other test is returned as it is.
 */
export function healthcheckTestFor(context: ServiceContext): readonly string[] | undefined {
  const test = context.service.healthcheck?.test;
  if (!test || (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL')) return test;
  const literals = literalSecretsOf(context.service);
  return healthcheckTestWith(context, containerVariables(context, () => {}, literals), literals);
}

/**
 * The healthcheck test, its secrets referenced through `variables`. `containerVariables` already
 * holds every reference the words need, so the result does not depend on what else was derived
 * from the same variables, and `environmentFor` shares its own.
 */
function healthcheckTestWith(context: ServiceContext, variables: EnvironmentBuilder, literals: LiteralSecrets): readonly string[] | undefined {
  const test = context.service.healthcheck?.test;
  if (!test || (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL')) return test;
  const words = test.slice(1).map((word, index) => wordSegments(context, 'healthcheck.test', word, index + 1, variables, literals));
  if (!words.some(hasReference)) return test;
  // Docker runs only the first item of CMD-SHELL as the script; the others stay its $0, $1 (what
  // they reference is not expanded there, so they hold the reference, never the value).
  if (test[0] === 'CMD-SHELL') return ['CMD-SHELL', ...words.map(shellScript)];
  return ['CMD-SHELL', words.map(shellWord).join(' ')];
}

/**
 * Every variable the container needs: compose `environment`, plus an env Secret entry for each
 * secret substituted into the entrypoint, command or healthcheck, in that order so that both
 * callers arrive at the same names.
 */
function containerVariables(context: ServiceContext, warn: Warn, literals: LiteralSecrets): EnvironmentBuilder {
  const { service } = context;
  const shared = sharedSecretsOf(context.project, context.names, context.madeFrom);
  const wholeVariables = new Map(wholeSecretVariables(service));
  const variables = new EnvironmentBuilder(`${context.names[service.name] ?? service.name}-env`, shared);
  for (const [name, value] of Object.entries(service.environment)) {
    const key = `services.${service.name}.environment.${name}`;
    if (value === null) {
      warn(`environment variable '${name}' has no value (unset when the project was loaded); left out`, key);
    } else if (!ENV_NAME.test(name)) {
      warn(`environment variable name '${name}' is not valid in Kubernetes 1.27; left out`, key);
    } else if (isSensitiveVariable(service, name, value, context.options)) {
      variables.addSecret(name, value, wholeVariables.get(name)?.name);
    } else {
      const copied = copiedSecret(context, name, value);
      if (copied) {
        const holds = copied.whole ? `holds the same value as ${copied.what}` : `carries the value of ${copied.what}`;
        warn(`'${name}' ${holds}, a secret of the project, so it is read from the Secret '${variables.secretName}' too (list it in plainEnvironment to keep it plain)`, key);
        variables.addSecret(name, value);
        continue;
      }
      if (isPolarisSensitiveName(name)) {
        warn(`'${name}' stays a plain value (plainEnvironment), which Polaris reports as sensitiveContainerEnvVar`, key);
      }
      variables.addPlain(name, value);
    }
  }
  const wordLists: [string, readonly string[] | undefined][] = [
    ['entrypoint', service.entrypoint],
    ['command', service.command],
    ['healthcheck.test', service.healthcheck?.test],
  ];
  for (const [key, words] of wordLists) {
    const written: string[] = [];
    words?.forEach((word, index) => {
      const uses = sensitiveUses(context, key, index);
      for (const use of uses) variables.referenceFor(use.name, use.value);
      const literal = literalsOfWord(key, index, word, uses, literals);
      for (const secret of literal.secrets) variables.referenceFor(secret.variable, word.slice(secret.start, secret.end));
      written.push(...literal.secrets.map((secret) => secret.what));
      const unset = uses.filter((use) => use.value === '').map((use) => use.name);
      if (unset.length > 0 && !wholeWordSecret(context, key, index, word)) {
        warn(`the secret variable${unset.length > 1 ? 's' : ''} ${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} unset inside a longer word, which is written without ${unset.length > 1 ? 'them' : 'it'}; set ${unset.length > 1 ? 'them' : 'it'} (any value: it never reaches the manifests) so that the word refers to the Secret`, `services.${service.name}.${key}`);
      }
    });
    if (written.length > 0) warnWrittenSecrets(key, written, variables.secretName, (message) => warn(message, `services.${service.name}.${key}`));
  }
  shareSourceSecret(context, variables);
  return variables;
}

/**
 * A service made from another (an ofelia job's `<service>-<job>`, which runs with the service's
 * environment) reads the service's env Secret when its own entries are all there with the same
 * values: a Nextcloud cron job got a Secret `app-cron-env` of its own, a copy of `app-env` that
 * `secrets` printed, sealed and rotated apart (until 2026-12-07). A job that adds a secret of its
 * own (ofelia's `environment` setting, a password written in its command) keeps its own Secret.
 */
function shareSourceSecret(context: ServiceContext, variables: EnvironmentBuilder): void {
  const madeFrom = context.madeFrom;
  const name = madeFrom !== undefined && Object.hasOwn(madeFrom, context.service.name) ? madeFrom[context.service.name]! : undefined;
  const source = name === undefined || !Object.hasOwn(context.project.services, name) ? undefined : context.project.services[name]!;
  if (source === undefined) return;
  variables.shareSecretOf(containerVariables({ ...context, service: source }, () => {}, literalSecretsOf(source)), source.name);
}

/** What a word holds written out that must be read from the Secret: the word whole, or parts of it. */
type WordLiterals = { readonly whole: true } | { readonly whole: false; readonly secrets: readonly WrittenSecret[] };
/** By `<key>.<index>` (`command.2`, `healthcheck.test.1`): only the words that hold one. */
type LiteralSecrets = ReadonlyMap<string, WordLiterals>;

/**
 * The passwords and keys the service's command line and healthcheck write out. A word of the
 * entrypoint or command that is secret material itself (compose/sensitivity.ts isSensitiveValue: a
 * configuration that sets a password, a URL with one, a private key) is read whole: thanos-docker-compose
 * passes its S3 `secret_key` inside `--objstore.config=…`, which the Deployment's args printed until
 * 2026-12-06. Elsewhere, the values that flags, assignments and clients' password options name
 * (written-secrets.ts), in words and in the scripts a shell runs, are read alone. The entrypoint and
 * the command are one command line; a healthcheck's test is its own.
 */
function literalSecretsOf(service: Service): LiteralSecrets {
  const literals = new Map<string, WordLiterals>();
  const entrypoint = service.entrypoint ?? [];
  const command = service.command ?? [];
  const line = entrypoint.length + command.length > 0 ? writtenSecrets([...entrypoint, ...command]) : [];
  const put = (key: string, index: number, word: string, secrets: readonly WrittenSecret[] | undefined) => {
    // A probe cannot read a whole script from the env: its words are read alone.
    if (key !== 'healthcheck.test' && isSensitiveValue(word)) literals.set(`${key}.${index}`, { whole: true });
    else if (secrets !== undefined && secrets.length > 0) literals.set(`${key}.${index}`, { whole: false, secrets });
  };
  entrypoint.forEach((word, index) => put('entrypoint', index, word, line[index]));
  command.forEach((word, index) => put('command', index, word, line[entrypoint.length + index]));
  const test = service.healthcheck?.disable ? undefined : service.healthcheck?.test;
  if (test?.[0] === 'CMD-SHELL' && test[1] !== undefined) put('healthcheck.test', 1, test[1], scriptSecrets(test[1]));
  if (test?.[0] === 'CMD') writtenSecrets(test.slice(1)).forEach((secrets, index) => put('healthcheck.test', index + 1, test[index + 1]!, secrets));
  return literals;
}

/** A written secret of one word, and the env var it is read from. */
interface WordSecret {
  readonly start: number;
  readonly end: number;
  readonly variable: string;
  readonly what: string;
}

/**
 * The written secrets of a word to read from the Secret: none where compose substituted a secret
 * variable there, which names its own (a value that is, or holds, or is held by a substituted one
 * is that variable's).
 */
function literalsOfWord(key: string, index: number, word: string, uses: readonly VariableUse[], literals: LiteralSecrets): { readonly secrets: readonly WordSecret[] } {
  const literal = literals.get(`${key}.${index}`);
  if (literal === undefined) return { secrets: [] };
  const field = key === 'healthcheck.test' ? 'HEALTHCHECK' : key.toUpperCase();
  if (literal.whole) {
    return { secrets: uses.length > 0 ? [] : [{ start: 0, end: word.length, variable: `${field}_WORD_${index}`, what: 'a word that sets one (a configuration, a URL with a password, a private key)' }] };
  }
  const substituted = uses.map((use) => use.value).filter((value) => value !== '');
  const secrets = literal.secrets.filter((secret) => {
    const text = word.slice(secret.start, secret.end);
    return !substituted.some((value) => text.includes(value) || value.includes(text));
  });
  return { secrets: secrets.map((secret) => ({ start: secret.start, end: secret.end, variable: `${field}_${secret.name}`, what: `the value of ${secret.what}` })) };
}

/** One warning per field (command, entrypoint, healthcheck) that writes a secret out. */
function warnWrittenSecrets(key: string, written: readonly string[], secretName: string, warn: (message: string) => void): void {
  const field = key === 'healthcheck.test' ? 'healthcheck' : key;
  const whats = [...new Set(written)];
  const reference = key === 'healthcheck.test' ? '"${VAR}" in the probe\'s shell' : '$(VAR)';
  warn(
    `the ${field} writes out ${written.length > 1 ? `${written.length} passwords or keys` : 'a password or key'} (${whats.join('; ')}), which Kubernetes would print in the pod spec: ${written.length > 1 ? 'each is' : 'it is'} read from the Secret '${secretName}' as ${reference} instead (name the secret through a variable to choose its name)`,
  );
}

/**
 * The container's env: plain values, and references into the service's env Secret or into the
 * Secret of a variable several services share (shared-secrets.ts).
 */
class EnvironmentBuilder {
  private readonly plain = new Map<string, string>();
  /** Env var → value, for the service's own Secret. */
  private readonly secret = new Map<string, string>();
  /** Env var → the shared variable it reads, and its value. */
  private readonly fromShared = new Map<string, { readonly variable: string; readonly value: string }>();

  /** The service whose environment owns the Secret, when it is another's (shareSecretOf). */
  private secretOwner: string | undefined;

  constructor(
    private ownSecretName: string,
    private readonly shared: ReadonlyMap<string, SharedSecret>,
  ) {}

  get secretName(): string {
    return this.ownSecretName;
  }

  /**
   * Reads the Secret of `other`, the environment of `service`, instead of one of its own, when
   * each of its own entries is one of `other`'s with the same value: true if so.
   */
  shareSecretOf(other: EnvironmentBuilder, service: string): boolean {
    for (const [name, value] of this.secret) if (other.secret.get(name) !== value) return false;
    this.ownSecretName = other.secretName;
    this.secretOwner = service;
    return true;
  }

  addPlain(name: string, value: string): void {
    this.plain.set(name, value);
  }

  /** `variable`: the secret variable the whole value is, so that a shared one is read from its Secret. */
  addSecret(name: string, value: string, variable?: string): void {
    // A default of the variable unset (`${X:-other}`) is another value: it stays in the service's own Secret.
    if (variable !== undefined && this.shared.get(variable)?.value === value) this.fromShared.set(name, { variable, value });
    else this.secret.set(name, value);
  }

  /**
   * The env var that holds `value` for a `$(…)` reference: the variable itself when the env
   * already carries it in a Secret, else a new Secret entry (under a prefixed name when the
   * variable's own name is taken by another value).
   */
  referenceFor(variable: string, value: string): string {
    if (this.secretValue(variable) === value) return variable;
    const free = (name: string) => ENV_NAME.test(name) && !this.plain.has(name) && this.secretValue(name) === undefined;
    let name = free(variable) ? variable : `COMPOSE_${variable.replace(/[^-._a-zA-Z0-9]/g, '_')}`;
    while (!free(name) && this.secretValue(name) !== value) name = `_${name}`;
    this.addSecret(name, value, variable);
    return name;
  }

  private secretValue(name: string): string | undefined {
    return this.secret.get(name) ?? this.fromShared.get(name)?.value;
  }

  envVars(): k8s.EnvVar[] {
    const plain = [...this.plain].map(([name, value]): k8s.EnvVar => ({ name, value: escapeExpansion(value) }));
    const secret = [...this.secret.keys()].map((name) => secretRef(name, this.secretName, name));
    const shared = [...this.fromShared].map(([name, { variable }]) => secretRef(name, this.shared.get(variable)?.name ?? this.secretName, variable));
    return [...plain, ...secret, ...shared].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The service's own Secret and the shared ones it reads, with their values. */
  secretPayloads(service: string): OwnedSecretPayload[] {
    const payloads: OwnedSecretPayload[] = [];
    if (this.secret.size > 0) {
      const entries = [...this.secret].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const environment = this.secretOwner ?? service;
      const owner = { id: `environment:${environment}`, what: `the environment of service '${environment}'`, key: `services.${environment}.environment` };
      payloads.push({ name: this.secretName, stringData: nameRecordOf(entries), owner });
    }
    for (const { variable, value } of this.fromShared.values()) {
      const shared = this.shared.get(variable);
      if (shared === undefined || payloads.some((payload) => payload.name === shared.name)) continue;
      const owner = { id: `shared-environment:${variable}`, what: `the secret variable ${variable} of services ${shared.services.map((name) => `'${name}'`).join(', ')}`, key: `services.${service}.environment` };
      payloads.push({ name: shared.name, stringData: nameRecordOf([[shared.key, value]]), owner });
    }
    return payloads;
  }
}

function secretRef(name: string, secret: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/**
 * A word split around the secret variables compose substituted into it (at `key` or `key.index`)
 * and the secrets it writes out (literalSecretsOf). Only those: a literal that happens to equal a
 * secret (`pg_isready -U postgres` when the password is `postgres`) is not the secret, and stays as
 * written (issue 21).
 */
function wordSegments(context: ServiceContext, key: string, word: string, index: number, variables: EnvironmentBuilder, literals: LiteralSecrets): Segment[] {
  const uses = sensitiveUses(context, key, index);
  const substituted = uses.map((use): Substitution => ({ text: use.value, variable: variables.referenceFor(use.name, use.value) }));
  const whole = wholeWordSecret(context, key, index, word);
  if (whole) return [{ variable: variables.referenceFor(whole.name, whole.value) }];
  const split = (text: string): Segment[] => (substituted.length === 0 ? (text === '' ? [] : [{ text }]) : splitSecrets(text, substituted));
  const segments: Segment[] = [];
  let from = 0;
  for (const secret of literalsOfWord(key, index, word, uses, literals).secrets) {
    segments.push(...split(word.slice(from, secret.start)), { variable: variables.referenceFor(secret.variable, word.slice(secret.start, secret.end)) });
    from = secret.end;
  }
  segments.push(...split(word.slice(from)));
  return segments.length === 0 ? [{ text: '' }] : segments;
}

/**
 * The unset secret variable that was the whole word (`"${API_TOKEN}"`): found by its place, not its
 * empty text, so the word is the same reference whether or not the secret is given (issue 19).
 */
function wholeWordSecret(context: ServiceContext, key: string, index: number, word: string): VariableUse | undefined {
  const uses = context.service.interpolated[`${key}.${index}`] ?? [];
  const [use] = uses;
  return word === '' && uses.length === 1 && use?.value === '' && isSensitiveUse(use, context.options) ? use : undefined;
}

/**
 * Where a plain variable's value is a copy of a strong secret of the project (issue 21's one value
 * rule), whole or within it: that secret's origin, unless the options keep the variable plain. A
 * value that carries one among other words (ruanbekker/drone-gitea-on-docker's
 * `DRONE_USER_CREATE=username:…,token:<DRONE_RPC_SECRET>`) is as secret: left plain, the last check
 * of the manifests refused the whole conversion for it, until 2026-12-06.
 */
function copiedSecret(context: ServiceContext, name: string, value: string): { readonly what: string; readonly whole: boolean } | undefined {
  if (context.options.plainEnvironment?.includes(name)) return undefined;
  const whole = strongSecretsOf(context.project).get(value.trim())?.what;
  if (whole !== undefined) return { what: whole, whole: true };
  const within = findStrongSecret(value, context.project)?.what;
  return within === undefined ? undefined : { what: within, whole: false };
}

/** Secret variables compose substituted into a word list (`command`) or one of its words (`command.2`). */
function sensitiveUses(context: ServiceContext, key: string, index: number): readonly VariableUse[] {
  const { interpolated } = context.service;
  const inList = interpolated[key];
  const inWord = interpolated[`${key}.${index}`];
  // Most words had no variables: nothing to gather (issue 7).
  if (inList === undefined && inWord === undefined) return [];
  return [...(inList ?? []), ...(inWord ?? [])].filter((use) => isSensitiveUse(use, context.options));
}
