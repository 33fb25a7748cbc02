/**
 * What counts as secret. Names follow (and extend) Polaris's `sensitiveContainerEnvVar` and
 * `sensitiveConfigmapContent` checks, so that nothing they would flag is left in a plain env value
 * or a ConfigMap; values are secret when they carry credentials whatever their name.
 */
import type { ComposeProject, Service, VariableUse } from '../compose/model.ts';
import type { ServiceOptions } from './options.ts';

const SENSITIVE_NAMES: readonly RegExp[] = [
  /passw(or)?d/i,
  /passphrase/i,
  /secret/i,
  /token/i,
  /bearer/i,
  /credential/i,
  /private/i,
  /api_?key/i,
  /(^|_)key$/i,
  /^azure_.+key$/i,
  /^oci_cli_key_content$/i,
];

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

/** `scheme://user:password@host` (the user may be empty, as in `redis://:password@redis`). */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;
/** The same shape Polaris looks for: any `-----BEGIN … PRIVATE KEY-----` block. */
const PRIVATE_KEY = /-BEGIN\s+.*PRIVATE KEY-/i;

const SENSITIVE_FILE_NAMES: readonly RegExp[] = [
  /passw(or)?d/i,
  /secret/i,
  /token/i,
  /bearer/i,
  /credential/i,
  /private/i,
  /\.(key|pem|p12|pfx|jks|keystore|crt|cer|der|csr)$/i,
  /^\.env/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^\.?(netrc|pgpass)$/i,
];
/** Directories that hold keys and certificates by convention. */
const SENSITIVE_DIRECTORY = /(^|\/)(certs?|certificates|ssl|tls|secrets?|keys|private)(\/|$)/i;
/**
 * A configuration line that sets a credential (`requirepass foo`, `admin_password = x`,
 * `api_key: y`); keys that name a file (`password_file`) do not end in the credential word.
 */
const CREDENTIAL_ASSIGNMENT =
  /^[ \t]*["']?[\w.-]*(password|passwd|secret|token|requirepass|masterauth|api_?key)["']?[ \t]*[=: \t][ \t]*(?!["']?[ \t]*$)(?!["']?\$)\S/im;

/** Values shorter than this are not searched for inside other text: they would match by chance. */
export const MIN_SEARCHED_SECRET_LENGTH = 4;

/**
 * One case-insensitive pattern that matches where any of `patterns` does: every environment
 * variable of every service is tested once, not once per pattern (issue 7).
 */
export function anyOf(patterns: readonly RegExp[]): RegExp {
  const other = patterns.find((pattern) => pattern.flags !== 'i');
  if (other) throw new Error(`${other} is not only case-insensitive and cannot join the others`);
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), 'i');
}

const SENSITIVE_NAME = anyOf(SENSITIVE_NAMES);
const POLARIS_SENSITIVE_NAME = anyOf(POLARIS_SENSITIVE_NAMES);

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** Whether Polaris reports a plain env var of this name as a danger finding. */
export function isPolarisSensitiveName(name: string): boolean {
  return POLARIS_SENSITIVE_NAME.test(name);
}

export function isSensitiveValue(value: string): boolean {
  return URL_WITH_PASSWORD.test(value) || PRIVATE_KEY.test(value);
}

/** Whether a variable substituted by interpolation carries a secret. */
export function isSensitiveUse(use: VariableUse, options: ServiceOptions = {}): boolean {
  if (use.value === '' || options.plainEnvironment?.includes(use.name)) return false;
  return (
    options.sensitiveEnvironment?.includes(use.name) === true || isSensitiveName(use.name) || isSensitiveValue(use.value)
  );
}

/**
 * Whether an environment variable belongs in a Secret: by the options, by its name, by its value,
 * or because a secret variable was substituted into it (`URL=http://${API_TOKEN}@…`).
 */
export function isSensitiveVariable(service: Service, name: string, value: string, options: ServiceOptions = {}): boolean {
  if (options.plainEnvironment?.includes(name)) return false;
  if (options.sensitiveEnvironment?.includes(name) || isSensitiveName(name) || isSensitiveValue(value)) return true;
  return (service.interpolated[`environment.${name}`] ?? []).some((use) => isSensitiveUse(use, options));
}

/** Whether a file (by its path or contents) must ship as a Secret rather than a ConfigMap. */
export function isSensitiveFile(path: string, content: string, project: ComposeProject): boolean {
  return (
    isSensitivePath(path) ||
    isSensitiveValue(content) ||
    CREDENTIAL_ASSIGNMENT.test(withoutComments(content)) ||
    containsSecretValue(content, project)
  );
}

/** Whether a file's name or directory says it holds keys, certificates or passwords. */
export function isSensitivePath(path: string): boolean {
  const fileName = path.split('/').pop() ?? path;
  return SENSITIVE_FILE_NAMES.some((pattern) => pattern.test(fileName)) || SENSITIVE_DIRECTORY.test(path);
}

/** Whether `text` contains any secret value of the project (values too short to search skipped). */
export function containsSecretValue(text: string, project: ComposeProject): boolean {
  for (const value of secretValuesOf(project)) {
    if (value.length >= MIN_SEARCHED_SECRET_LENGTH && text.includes(value)) return true;
  }
  return false;
}

function withoutComments(content: string): string {
  return content
    .split('\n')
    .filter((line) => !/^\s*[#;]/.test(line))
    .join('\n');
}

const secretValuesCache = new WeakMap<ComposeProject, ReadonlySet<string>>();

/**
 * Every secret value of the project: compose secrets, sensitive environment values and sensitive
 * interpolated variables of every service. Per-service option overrides are not known here, so
 * this errs on the side of secrecy.
 */
export function secretValuesOf(project: ComposeProject): ReadonlySet<string> {
  const cached = secretValuesCache.get(project);
  if (cached) return cached;
  const values = new Set<string>();
  for (const secret of Object.values(project.secrets)) {
    if (secret.value) values.add(secret.value);
  }
  for (const service of Object.values(project.services)) {
    for (const [name, value] of Object.entries(service.environment)) {
      if (value && isSensitiveVariable(service, name, value)) values.add(value);
    }
    for (const uses of Object.values(service.interpolated)) {
      for (const use of uses) if (isSensitiveUse(use)) values.add(use.value);
    }
  }
  secretValuesCache.set(project, values);
  return values;
}
