/**
 * The last line of defence of issue 17: no strong secret value of the project (see
 * isStrongSecretValue) is written into any planned object — names, labels, annotations, specs,
 * ConfigMaps — whatever rule put it there. Secrets reach the cluster only as Secret payloads, which
 * are never planned objects. Weak secrets (`postgres`) are not searched: they meet ordinary words by
 * chance; the rules keep them out by where they come from (see secretCarriedBy).
 */
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject } from '../../compose/model.ts';
import { findStrongSecret, strongSecretsOf, type SecretSource } from '../../compose/sensitivity.ts';
import { locate } from '../plan/locate.ts';
import type { PlanEntry } from '../plan/plan.ts';

/** Throws a located error, which never shows the value, at the first object that carries a strong secret. */
export function refuseLeakedSecrets(project: ComposeProject, entries: readonly PlanEntry[]): void {
  if (strongSecretsOf(project).size === 0) return;
  for (const { manifest } of entries) {
    const found = findSecret(manifest, '', project);
    if (!found) continue;
    const { source, path } = found;
    const secret = source.what === source.key ? 'this secret value' : `the value of ${source.what}, a secret,`;
    throw new ComposeError(
      `${source.key ?? 'the project'}: ${secret} would be written in clear into ${manifest.kind} '${manifest.metadata.name}' (at ${path}); refer to it through a secret variable or a compose secret instead of repeating it, or use another value`,
      source.key === undefined ? undefined : locate(project, source.key),
      source.key,
    );
  }
}

interface Found {
  readonly source: SecretSource;
  readonly path: string;
}

function findSecret(value: unknown, path: string, project: ComposeProject): Found | undefined {
  if (typeof value === 'string') {
    const source = findStrongSecret(value, project);
    return source && { source, path };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findSecret(value[index], `${path}[${index}]`, project);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    const source = findStrongSecret(key, project);
    if (source) return { source, path: itemPath };
    const found = findSecret(item, itemPath, project);
    if (found) return found;
  }
  return undefined;
}
