import type { SourceLocation, VariableUse } from './model.ts';
import { isMapping, originOf, type Mapping, type Tree } from './tree.ts';

/** Where every key of the merged document was last written, by dotted path. */
export function collectLocations(root: Mapping): Record<string, SourceLocation> {
  const locations: Record<string, SourceLocation> = {};
  const walk = (node: Tree, prefix: string): void => {
    const visit = (key: string | number, value: Tree): void => {
      const path = prefix === '' ? String(key) : `${prefix}.${key}`;
      const origin = originOf(node as object, key);
      if (origin) locations[path] = origin.location;
      walk(value, path);
    };
    if (Array.isArray(node)) node.forEach((value, index) => visit(index, value));
    else if (isMapping(node)) for (const key of Object.keys(node)) visit(key, node[key] ?? null);
  };
  walk(root, '');
  return locations;
}

/**
 * The variables substituted into a service's values, by key path relative to the service. Paths
 * are only built for values that used variables.
 */
export function collectInterpolated(service: Mapping): Record<string, readonly VariableUse[]> {
  const interpolated: Record<string, readonly VariableUse[]> = {};
  const path: (string | number)[] = [];
  const walk = (node: Tree): void => {
    const visit = (key: string | number, value: Tree): void => {
      path.push(key);
      const uses = originOf(node as object, key)?.uses;
      if (uses) interpolated[path.join('.')] = uses;
      walk(value);
      path.pop();
    };
    if (Array.isArray(node)) node.forEach((value, index) => visit(index, value));
    else if (isMapping(node)) for (const key of Object.keys(node)) visit(key, node[key] ?? null);
  };
  walk(service);
  return interpolated;
}

/** Computes a value on first use: locations are only needed for diagnostics and later stages. */
export function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
