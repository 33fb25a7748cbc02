import { mergeTrees } from './merge.ts';
import { carryOrigin, isMapping, type Mapping, type Tree } from '../read/tree.ts';

/**
 * Attributes Compose used as `x-` extensions before it adopted them, by the mapping that holds
 * them, as compose-go promotes them (loader/aliases.go, per file, after interpolation):
 * docker/genai-stack still writes `x-develop`, which docker compose watches as `develop`, where a
 * plain extension would be dropped without a word (rw19wb).
 */
const EXTENSION_ALIASES: readonly { readonly from: string; readonly to: string; readonly holders: (root: Mapping) => Iterable<Mapping> }[] = [
  { from: 'x-develop', to: 'develop', holders: services },
  { from: 'x-initialSync', to: 'initial_sync', holders: watchRules },
];

/**
 * Renames each alias of `root` to the attribute it stands for, keeping its origin; where the
 * attribute is set too, the extension is merged under it, so that the attribute wins.
 */
export function promoteExtensionAliases(root: Mapping): void {
  for (const { from, to, holders } of EXTENSION_ALIASES) {
    for (const holder of holders(root)) {
      if (!Object.hasOwn(holder, from)) continue;
      const extension = holder[from];
      delete holder[from];
      if (holder[to] === undefined || holder[to] === null) {
        holder[to] = extension ?? null;
        carryOrigin(holder, from, holder, to);
      } else {
        holder[to] = mergeTrees(extension, holder[to], [to]) ?? null;
      }
    }
  }
}

function* services(root: Mapping): Iterable<Mapping> {
  const entries = root['services'];
  if (!isMapping(entries)) return;
  for (const service of Object.values(entries)) if (isMapping(service)) yield service;
}

function* watchRules(root: Mapping): Iterable<Mapping> {
  for (const service of services(root)) {
    const develop = service['develop'];
    const watch: Tree | undefined = isMapping(develop) ? develop['watch'] : undefined;
    if (Array.isArray(watch)) for (const rule of watch) if (isMapping(rule)) yield rule;
  }
}
