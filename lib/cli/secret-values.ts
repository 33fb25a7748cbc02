import type { ComposeProject, FileObject, VariableUse } from '../compose/model.ts';
import { isSecretUse } from '../compose/sensitivity.ts';
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
  /** One line per key whose value took a compose default: `secrets` prints, with a warning. */
  readonly defaulted: readonly string[];
}

export function secretValueFindings(project: ComposeProject, secrets: readonly SecretPayload[]): SecretValueFindings {
  const usesByKey = environmentUses(project);
  // Keyed like the Secrets made of them: by their compose keys.
  const objects = [...Object.entries(project.secrets), ...Object.entries(project.configs)];
  const empty: string[] = [];
  const defaulted: string[] = [];
  for (const secret of secrets) {
    for (const [key, value] of Object.entries(secret.stringData)) {
      const uses = usesByKey.get(key) ?? [];
      const where = `Secret '${secret.name}' key '${key}'`;
      if (value === '') empty.push(`${where} would be empty: ${emptySource(key, uses, objects.find(([composeKey]) => dnsLabel(composeKey) === secret.name)?.[1])}`);
      // In a URL, a defaulted host or database name is no secret: only the secret parts are named.
      const defaults = unique(uses.filter((use) => use.defaulted && (uses.length === 1 || isSecretUse(use))).map((use) => use.name));
      if (defaults.length > 0 && value !== '') {
        defaulted.push(`${where} takes the compose file's default for ${defaults.join(', ')} (unset): set ${defaults.length > 1 ? 'them' : 'it'} for a real value`);
      }
    }
  }
  return { empty, defaulted };
}

/** The variables interpolated into each environment variable, over every service (Secret keys are their names). */
function environmentUses(project: ComposeProject): Map<string, VariableUse[]> {
  const byKey = new Map<string, VariableUse[]>();
  for (const service of Object.values(project.services)) {
    for (const [path, uses] of Object.entries(service.interpolated)) {
      if (!path.startsWith('environment.')) continue;
      const key = path.slice('environment.'.length);
      byKey.set(key, [...(byKey.get(key) ?? []), ...uses]);
    }
  }
  return byKey;
}

function emptySource(key: string, uses: readonly VariableUse[], object: FileObject | undefined): string {
  const blank = unique(uses.filter((use) => use.value === '').map((use) => use.name));
  if (blank.length > 0) return `set ${blank.join(', ')}`;
  if (object?.source.kind === 'file') return `file ${object.source.path} is empty`;
  if (object?.source.kind === 'environment') return `set ${object.source.variable}`;
  return `give ${key} a value`;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
