import type { SourceLocation, VariableUse } from './model.ts';
import { isMapping, originOf, type Mapping, type Tree } from './tree.ts';

export interface FlatOrigins {
  /** Dotted path → where it was last written. */
  readonly locations: Record<string, SourceLocation>;
  /** Service name → key path relative to the service → variables substituted there. */
  readonly interpolated: Map<string, Record<string, readonly VariableUse[]>>;
}

/** Collects the origins of the merged document in one pass. */
export function flattenOrigins(root: Mapping): FlatOrigins {
  const locations: Record<string, SourceLocation> = {};
  const interpolated = new Map<string, Record<string, readonly VariableUse[]>>();
  const walk = (node: Tree, prefix: string, service: string | undefined, relative: string): void => {
    const visit = (key: string | number, value: Tree): void => {
      const path = prefix === '' ? String(key) : `${prefix}.${key}`;
      const inService = service ?? (prefix === 'services' ? String(key) : undefined);
      const childRelative = service === undefined ? '' : relative === '' ? String(key) : `${relative}.${key}`;
      const origin = originOf(node as object, key);
      if (origin) {
        locations[path] = origin.location;
        if (origin.uses && inService !== undefined && service !== undefined) {
          let uses = interpolated.get(inService);
          if (!uses) interpolated.set(inService, (uses = {}));
          uses[childRelative] = origin.uses;
        }
      }
      walk(value, path, inService, childRelative);
    };
    if (Array.isArray(node)) node.forEach((value, index) => visit(index, value));
    else if (isMapping(node)) for (const key of Object.keys(node)) visit(key, node[key] ?? null);
  };
  walk(root, '', undefined, '');
  return { locations, interpolated };
}
