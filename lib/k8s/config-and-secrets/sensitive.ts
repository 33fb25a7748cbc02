/**
 * What counts as secret for the translation: the project-wide rules of lib/compose/sensitivity.ts
 * (names, values, file paths and contents, shared with the loader's `config` and messages), the
 * `x-kubernetes` overrides, and Polaris's `sensitiveContainerEnvVar` names, so that nothing Polaris
 * would flag is left in a plain env value or a ConfigMap.
 */
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject, Service, VariableUse } from '../../compose/model.ts';
import { anyOf, findStrongSecret, isSecretUse, isSecretVariable, isSensitiveName, isSensitiveValue } from '../../compose/sensitivity.ts';
import type { ServiceOptions } from '../options/options.ts';
import type { ServiceContext } from '../plan/context.ts';
import { locate } from '../plan/locate.ts';

export {
  anyOf,
  containsSecretValue,
  isSecretContent,
  isSensitiveFile,
  isSensitiveName,
  isSensitivePath,
  isSensitiveValue,
  isStrongSecretValue,
  MIN_SEARCHED_SECRET_LENGTH,
  ordinaryNamesOf,
  secretValuesOf,
  strongSecretsOf,
} from '../../compose/sensitivity.ts';

/** Names Polaris's sensitiveContainerEnvVar check rejects in a plain `value` (its own patterns). */
const POLARIS_SENSITIVE_NAMES: readonly RegExp[] = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

const POLARIS_SENSITIVE_NAME = anyOf(POLARIS_SENSITIVE_NAMES);

/** Whether Polaris reports a plain env var of this name as a danger finding. */
export function isPolarisSensitiveName(name: string): boolean {
  return POLARIS_SENSITIVE_NAME.test(name);
}

/**
 * Whether a variable substituted by interpolation carries a secret, `x-kubernetes` overrides first.
 * A secret name counts even while the variable is unset (empty): the manifests must not change when
 * the secret material is given (issue 19).
 */
export function isSensitiveUse(use: VariableUse, options: ServiceOptions = {}): boolean {
  if (options.plainEnvironment?.includes(use.name)) return false;
  return options.sensitiveEnvironment?.includes(use.name) === true || isSensitiveName(use.name) || isSecretUse(use);
}

/**
 * Whether an environment variable belongs in a Secret: by the options, by its name, by its value,
 * or because a secret variable was substituted into it (`URL=http://${API_TOKEN}@…`).
 */
export function isSensitiveVariable(service: Service, name: string, value: string, options: ServiceOptions = {}): boolean {
  if (options.plainEnvironment?.includes(name)) return false;
  if (options.sensitiveEnvironment?.includes(name) || isSecretVariable(name, value)) return true;
  if ((service.interpolated[`environment.${name}`] ?? []).some((use) => isSensitiveUse(use, options))) return true;
  return carriesSecretOfEnvironment(service, name, value, options);
}

/**
 * A URL whose user is the value of a secret variable of the same environment: the password alone
 * before the `@` (`redis://secret@redis`, Symfony's and Predis' form), which nothing in the URL
 * tells from a user name. Mbin's .env writes `REDIS_DNS=redis://${REDIS_PASSWORD}@redis:6379`,
 * substituted by the env file itself (not a compose interpolation the loader records), and the
 * Redis password stayed a plain env value of www, php and messenger (MbinOrg/mbin, until 2026-12-07).
 */
function carriesSecretOfEnvironment(service: Service, name: string, value: string, options: ServiceOptions): boolean {
  if (!value.includes('://') || !value.includes('@')) return false;
  for (const [other, secret] of Object.entries(service.environment)) {
    if (other === name || secret === null || secret === '' || !value.includes(`://${secret}@`)) continue;
    if (options.plainEnvironment?.includes(other)) continue;
    if (options.sensitiveEnvironment?.includes(other) || isSecretVariable(other, secret)) return true;
  }
  return false;
}

/**
 * What secret a compose value carries into a field that cannot read a Secret (an annotation, the
 * working directory, a host alias), for a message that never shows it: the secret variables
 * substituted at `path` (relative to the service), a strong secret of the project it contains, or
 * a password or key of its own. Undefined when it carries none.
 */
export function secretCarriedBy(project: ComposeProject, service: Service, path: string, value: string, options: ServiceOptions = {}): string | undefined {
  const variables = [...new Set((service.interpolated[path] ?? []).filter((use) => isSensitiveUse(use, options)).map((use) => use.name))];
  if (variables.length > 0) return `the secret variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')}`;
  const source = findStrongSecret(value, project);
  if (source) return `the value of ${source.what}`;
  return isSensitiveValue(value) ? 'a password or private key' : undefined;
}

/**
 * Refuses a secret in a field the workload needs but Kubernetes cannot read from a Secret: leaving
 * the field out would change what runs, writing it would publish the secret.
 */
export function refuseSecretIn(context: ServiceContext, path: string, value: string, field: string): void {
  const { project, service, options } = context;
  const secret = secretCarriedBy(project, service, path, value, options);
  if (secret === undefined) return;
  const key = `services.${service.name}.${path}`;
  throw new ComposeError(
    `${key}: carries ${secret}, but Kubernetes cannot read ${field} from a Secret, so it would be written in clear into the manifests; use a value that is not secret`,
    locate(project, key),
    key,
  );
}
