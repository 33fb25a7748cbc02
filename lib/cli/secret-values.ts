import type { ComposeProject, FileObject, VariableUse } from '../compose/model.ts';
import { isSecretUse, isSensitiveValue, namesSecretSetting } from '../compose/sensitivity.ts';
import { unreadSecretObjects } from '../k8s/config-and-secrets/file-objects.ts';
import { featureOffSettings } from './feature-off.ts';
import { dnsLabel } from '../k8s/names/object-names.ts';
import type { SecretPayload } from '../k8s/plan/context.ts';

/**
 * What `secrets` must not print without a word (issue 16.4): an empty value (an unset variable, an
 * empty file) would become a blank password in the cluster, and a value that is the compose file's
 * own default (`${DB_PASSWORD:-scip_password}` with the variable unset) is a password everyone who
 * read the file knows. Lines name the Secret, the key and the variable or file, never the value.
 */
export interface SecretValueFindings {
  /** One line per empty value: `secrets` refuses to print. */
  readonly empty: readonly string[];
  /**
   * Warnings, one line per key: a value that took a compose default, or that the compose file (or its
   * env_file) writes empty itself (`SMTP_PASSWORD=`, `${OPENAI_API_KEY-}`: the author's choice, e.g. a
   * mail server without login, a feature left off): `secrets` prints these. And one line per compose secret whose file or variable is absent
   * (issue 19): not printed, the user creates it.
   */
  readonly warnings: readonly string[];
}

export function secretValueFindings(project: ComposeProject, secrets: readonly SecretPayload[]): SecretValueFindings {
  const usesByKey = environmentUses(project);
  // Keyed like the Secrets made of them: by their compose keys.
  const objects = [...Object.entries(project.secrets), ...Object.entries(project.configs)];
  const empty: string[] = [];
  const warnings: string[] = unreadSecrets(project);
  for (const secret of secrets) {
    for (const [key, value] of Object.entries(secret.stringData)) {
      const uses = usesByKey.get(key) ?? [];
      // Unset or at its default, a setting about a secret is what compose runs with, and no password.
      if (namesSecretSetting(key) && !uses.some((use) => isSensitiveValue(use.value))) continue;
      const where = `Secret '${secret.name}' key '${key}'`;
      if (value === '') {
        const source = emptySource(uses, objects.find(([composeKey]) => dnsLabel(composeKey) === secret.name)?.[1]);
        const emptyDefaults = unique(uses.filter((use) => use.value === '' && use.defaulted).map((use) => use.name));
        const allowing = source === undefined ? [] : emptyPasswordSwitches(project, key);
        const off = source === undefined || allowing.length > 0 ? [] : featureOffSettings(project, key);
        if (source !== undefined && allowing.length > 0) warnings.push(`${where} is empty, as ${allowing.join(', ')} allows (${source} for a password)`);
        else if (source !== undefined && off.length > 0) warnings.push(`${where} is empty, as the feature it logs in to is off: ${off.join(', ')} (${source} when you turn it on)`);
        else if (source !== undefined) empty.push(`${where} would be empty: ${source}`);
        else if (emptyDefaults.length > 0) warnings.push(`${where} is empty, the compose file's default for ${emptyDefaults.join(', ')} (unset): set ${emptyDefaults.length > 1 ? 'them' : 'it'} for a value`);
        else if (setEmpty(uses).length > 0) warnings.push(`${where} is empty, as ${setEmpty(uses).join(', ')} ${setEmpty(uses).length > 1 ? 'are' : 'is'} set empty (in .env or the environment): set ${setEmpty(uses).length > 1 ? 'them' : 'it'} for a value`);
        else warnings.push(`${where} is empty, as the compose file or its env_file writes it`);
      }
      // In a URL, a defaulted host or database name is no secret: only the secret parts are named.
      // A default that is another variable's value the user set (trigger.dev's
      // `${MINIO_ROOT_PASSWORD:-${OBJECT_STORE_SECRET_ACCESS_KEY:?…}}`) is no password the file gives
      // away: the inner use comes just before the outer one, with the same text.
      const setBefore = (index: number): boolean => {
        const inner = uses[index - 1];
        return inner !== undefined && !inner.defaulted && inner.unset !== true && inner.value !== '' && inner.value === uses[index]?.value;
      };
      const defaults = unique(uses.filter((use, index) => use.defaulted && !setBefore(index) && (uses.length === 1 || isSecretUse(use))).map((use) => use.name));
      if (defaults.length > 0 && value !== '') {
        warnings.push(`${where} takes the compose file's default for ${defaults.join(', ')} (unset): set ${defaults.length > 1 ? 'them' : 'it'} for a real value`);
      }
    }
  }
  return { empty, warnings };
}

/** `MYSQL_ALLOW_EMPTY_PASSWORD`, MariaDB's `MARIADB_ALLOW_EMPTY_ROOT_PASSWORD`, bitnami's `ALLOW_EMPTY_PASSWORD`. */
const ALLOWS_EMPTY_PASSWORD = /(?:^|_)ALLOW_EMPTY(?:_ROOT)?_PASSWORD$/;
const ON = /^(?:yes|true|1|on)$/i;

/**
 * The switches, set on, by which a service that sets `key`, a password, says it runs with a blank one:
 * sock-shop's catalogue-db leaves MYSQL_ROOT_PASSWORD unset beside MYSQL_ALLOW_EMPTY_PASSWORD=true,
 * which compose runs, and `secrets` refused to print its Secret (until 2026-12-07).
 */
function emptyPasswordSwitches(project: ComposeProject, key: string): string[] {
  const switches = new Set<string>();
  if (!/PASS/i.test(key)) return [];
  for (const service of Object.values(project.services)) {
    if (!(key in service.environment)) continue;
    for (const [name, value] of Object.entries(service.environment)) {
      if (ALLOWS_EMPTY_PASSWORD.test(name) && value !== null && ON.test(value.trim())) switches.add(`${name}=${value.trim()}`);
    }
  }
  return [...switches].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Compose secrets a service mounts whose payload was not read (issue 19): `convert` lists them to
 * create from their file or variable, so `secrets` prints the others and says which it cannot.
 */
function unreadSecrets(project: ComposeProject): string[] {
  return unreadSecretObjects(project).map(([key, secret]) => {
    const source = secret.source.kind === 'environment' ? `set ${secret.source.variable}` : `file ${secret.source.kind === 'file' ? secret.source.path : key} is ${secret.missing === 'outside' ? 'outside the project (never read)' : 'absent'}`;
    return `Secret '${dnsLabel(key)}' (secret '${key}') is not printed: ${source} (create it as convert lists)`;
  });
}

/**
 * The variables interpolated into each environment variable, over every service (Secret keys are
 * their names); for a key no environment variable has, the uses of the variable of that name (the
 * key of a Secret several services share, shared-secrets.ts).
 */
function environmentUses(project: ComposeProject): Map<string, VariableUse[]> {
  const byKey = new Map<string, VariableUse[]>();
  const byVariable = new Map<string, VariableUse[]>();
  for (const service of Object.values(project.services)) {
    for (const [path, uses] of Object.entries(service.interpolated)) {
      if (!path.startsWith('environment.')) continue;
      const key = path.slice('environment.'.length);
      byKey.set(key, [...(byKey.get(key) ?? []), ...uses]);
      for (const use of uses) byVariable.set(use.name, [...(byVariable.get(use.name) ?? []), use]);
    }
  }
  for (const [variable, uses] of byVariable) if (!byKey.has(variable)) byKey.set(variable, uses);
  return byKey;
}

/**
 * What to fix when an unset variable or an empty file made the value empty; undefined when the
 * compose file writes it empty, itself or as the default of an unset variable (`${OPENAI_API_KEY-}`:
 * the author's choice, as `docker compose up` runs it, often an optional feature).
 */
function emptySource(uses: readonly VariableUse[], object: FileObject | undefined): string | undefined {
  // Only a variable nobody set: one set empty (`REDIS_PASSWORD=` in .env) is a choice, warned below.
  const blank = unique(uses.filter((use) => use.value === '' && use.unset === true).map((use) => use.name));
  if (blank.length > 0) return `set ${blank.join(', ')}`;
  if (object?.source.kind === 'file') return `file ${object.source.path} is empty`;
  if (object?.source.kind === 'environment') return `set ${object.source.variable}`;
  return undefined;
}

/** The variables set to an empty value on purpose (`REDIS_PASSWORD=` in .env), not left unset. */
function setEmpty(uses: readonly VariableUse[]): string[] {
  return unique(uses.filter((use) => use.value === '' && !use.defaulted && use.unset !== true).map((use) => use.name));
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
