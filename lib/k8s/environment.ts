import type { k8s } from '../../imports/k8s.ts';
import type { VariableUse } from '../compose/model.ts';
import type { SecretPayload, ServiceContext } from './context.ts';
import { fileObjectMounts } from './file-objects.ts';
import { UniqueNames } from './object-names.ts';
import { isSensitiveUse, isSensitiveVariable, MIN_SEARCHED_SECRET_LENGTH } from './sensitive.ts';

export interface ContainerEnvironment {
  readonly env: readonly k8s.EnvVar[];
  /** `command`/`entrypoint` with secret values replaced by `$(VAR)` references. */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Mounts of compose `secrets:` and `configs:` (e.g. at `/run/secrets/<name>`). */
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** The Secrets the env and mounts reference, with their values (for `cdk8s-compose secrets`). */
  readonly secrets: readonly SecretPayload[];
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
  const { service } = context;
  const variables = new EnvironmentBuilder(`${context.names[service.name] ?? service.name}-env`);
  for (const [name, value] of Object.entries(service.environment)) {
    const key = `services.${service.name}.environment.${name}`;
    if (value === null) {
      context.warn(`environment variable '${name}' has no value (unset when the project was loaded); left out`, key);
    } else if (!ENV_NAME.test(name)) {
      context.warn(`environment variable name '${name}' is not valid in Kubernetes 1.27; left out`, key);
    } else if (isSensitiveVariable(service, name, value, context.options)) {
      variables.addSecret(name, value);
    } else {
      variables.addPlain(name, value);
    }
  }
  const command = service.entrypoint && protectWords(context, 'entrypoint', service.entrypoint, variables);
  const args = service.command && protectWords(context, 'command', service.command, variables);
  const files = fileObjectMounts(context, new UniqueNames());
  const envSecret = variables.secretPayload();
  return {
    env: variables.envVars(),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    volumes: files.volumes,
    volumeMounts: files.volumeMounts,
    secrets: envSecret ? [envSecret, ...files.secrets] : files.secrets,
  };
}

/** The container's env: plain values, and references into the service's env Secret. */
class EnvironmentBuilder {
  private readonly plain = new Map<string, string>();
  private readonly secret = new Map<string, string>();

  constructor(private readonly secretName: string) {}

  addPlain(name: string, value: string): void {
    this.plain.set(name, value);
  }

  addSecret(name: string, value: string): void {
    this.secret.set(name, value);
  }

  /** Secret entries, as candidates for replacing their values inside command words. */
  secretEntries(): [string, string][] {
    return [...this.secret];
  }

  /**
   * The env var that holds `value` for a `$(…)` reference: the variable itself when the env
   * already carries it in the Secret, else a new Secret entry (under a prefixed name when the
   * variable's own name is taken by another value).
   */
  referenceFor(variable: string, value: string): string {
    if (this.secret.get(variable) === value) return variable;
    const free = (name: string) => ENV_NAME.test(name) && !this.plain.has(name) && !this.secret.has(name);
    let name = free(variable) ? variable : `COMPOSE_${variable.replace(/[^-._a-zA-Z0-9]/g, '_')}`;
    while (!free(name) && this.secret.get(name) !== value) name = `_${name}`;
    this.secret.set(name, value);
    return name;
  }

  envVars(): k8s.EnvVar[] {
    const plain = [...this.plain].map(([name, value]): k8s.EnvVar => ({ name, value: escapeExpansion(value) }));
    const secret = [...this.secret.keys()].map(
      (name): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: this.secretName, key: name } } }),
    );
    return [...plain, ...secret].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  secretPayload(): SecretPayload | undefined {
    if (this.secret.size === 0) return undefined;
    const entries = [...this.secret].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { name: this.secretName, stringData: Object.fromEntries(entries) };
  }
}

interface Substitution {
  readonly text: string;
  readonly variable: string;
}

/**
 * Replaces secret text inside command words by `$(VAR)` references that Kubernetes expands from
 * the env Secret: the sensitive variables compose substituted into the word, and any value the
 * env Secret holds. Everything else is escaped so Kubernetes leaves it as written.
 */
function protectWords(
  context: ServiceContext,
  key: 'command' | 'entrypoint',
  words: readonly string[],
  variables: EnvironmentBuilder,
): string[] {
  const secretEntries = variables
    .secretEntries()
    .filter(([, value]) => value.length >= MIN_SEARCHED_SECRET_LENGTH)
    .map(([variable, text]) => ({ variable, text }));
  return words.map((word, index) => {
    const substituted = sensitiveUses(context, [key, `${key}.${index}`]).map((use) => ({
      text: use.value,
      variable: variables.referenceFor(use.name, use.value),
    }));
    return replaceSecrets(word, [...substituted, ...secretEntries]);
  });
}

/** Secret variables compose substituted into the value at any of `keys` (`command`, `command.2`). */
function sensitiveUses(context: ServiceContext, keys: readonly string[]): VariableUse[] {
  return keys
    .flatMap((key) => context.service.interpolated[key] ?? [])
    .filter((use) => isSensitiveUse(use, context.options));
}

function replaceSecrets(word: string, substitutions: readonly Substitution[]): string {
  // Longest first, so a value containing another is replaced whole.
  const candidates = substitutions
    .filter((s) => s.text !== '' && word.includes(s.text))
    .sort((a, b) => b.text.length - a.text.length);
  let result = '';
  let rest = word;
  for (;;) {
    let found: { index: number; substitution: Substitution } | undefined;
    for (const substitution of candidates) {
      const index = rest.indexOf(substitution.text);
      if (index >= 0 && (!found || index < found.index)) found = { index, substitution };
    }
    if (!found) return result + escapeExpansion(rest);
    result += escapeExpansion(rest.slice(0, found.index), true) + `$(${found.substitution.variable})`;
    rest = rest.slice(found.index + found.substitution.text.length);
  }
}

/**
 * Kubernetes expands `$(VAR)` and turns `$$` into `$` in env values, command and args; doubling
 * every `$` that starts such a sequence keeps the text exactly as compose passed it. A trailing `$`
 * right before an inserted `$(VAR)` would pair with it, so it is doubled too.
 */
export function escapeExpansion(text: string, beforeReference = false): string {
  const escaped = text.replace(/\$(?=[$(])/g, '$$$$');
  return beforeReference && escaped.endsWith('$') ? `${escaped}$` : escaped;
}
