/**
 * The last line of defence of issue 17: no strong secret value of the project (see
 * isStrongSecretValue) is written into any planned object — names, labels, annotations, specs,
 * ConfigMaps — whatever rule put it there. Secrets reach the cluster only as Secret payloads, which
 * are never planned objects. Weak secrets (`postgres`) are not searched: they meet ordinary words by
 * chance; the rules keep them out by where they come from (see secretCarriedBy).
 */
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject } from '../../compose/model.ts';
import { strongSecretFinder, type SecretSource, type StrongSecretFinder } from '../../compose/sensitivity.ts';
import { locate } from '../plan/locate.ts';
import type { KubernetesManifest } from '../plan/plan.ts';

/** Throws a located error, which never shows the value, when a planned object carries a strong secret. */
export function refuseLeakedSecret(project: ComposeProject, manifest: KubernetesManifest): void {
  const find = strongSecretFinder(project);
  const found = find && findSecret(manifest, find);
  if (!found) return;
  const { source, path } = found;
  const secret = source.what === source.key ? 'this secret value' : `the value of ${source.what}, a secret,`;
  throw new ComposeError(
    `${source.key ?? 'the project'}: ${secret} would be written in clear into ${manifest.kind} '${manifest.metadata.name}' (at ${dottedPath(path)}); refer to it through a secret variable or a compose secret instead of repeating it, or use another value`,
    source.key === undefined ? undefined : locate(project, source.key),
    source.key,
  );
}

interface Found {
  readonly source: SecretSource;
  /** The keys and indexes from the object down to the string, filled in on the way back up. */
  readonly path: (string | number)[];
}

/**
 * The first string (value or key) carrying a secret. Every string of every planned object goes
 * through here: no path is built unless one is found.
 */
function findSecret(value: unknown, find: StrongSecretFinder): Found | undefined {
  if (typeof value === 'string') {
    const source = find(value);
    return source && { source, path: [] };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findSecret(value[index], find);
      if (found) return within(index, found);
    }
    return undefined;
  }
  const mapping = value as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(mapping)) {
    const source = find(key);
    if (source) return { source, path: [key] };
    const found = findSecret(mapping[key], find);
    if (found) return within(key, found);
  }
  return undefined;
}

function within(step: string | number, found: Found): Found {
  found.path.unshift(step);
  return found;
}

/** `spec.template.spec.containers[0].env[2].value` */
function dottedPath(path: readonly (string | number)[]): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}
