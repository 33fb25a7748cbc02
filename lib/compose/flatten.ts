import { nameRecord } from '../name-records.ts';
import type { SourceLocation, VariableUse } from './model.ts';
import { isMapping, originIn, originsOf, type Mapping, type Origin, type Tree } from './read/tree.ts';

/** Where every key of the merged document was last written, by dotted path. */
export function collectLocations(root: Mapping): Record<string, SourceLocation> {
  const locations: Record<string, SourceLocation> = {};
  visitOrigins(root, '', (path, origin) => {
    locations[path] = origin.location;
  });
  return locations;
}

/** The variables substituted into a service's values, by key path relative to the service. */
export function collectInterpolated(service: Mapping): Record<string, readonly VariableUse[]> {
  const interpolated = nameRecord<readonly VariableUse[]>();
  visitOrigins(service, '', (path, origin) => {
    if (origin.uses) interpolated[path] = origin.uses;
  });
  return interpolated;
}

/**
 * Calls `visit` with the dotted path and origin of every key and list item below `node` that has
 * an origin, parents before children; `within` may skip a path and everything below it. Large
 * projects have tens of thousands of keys, so each container's origins are read once and no
 * closure is created per node.
 */
export function visitOrigins(node: Tree, prefix: string, visit: (path: string, origin: Origin) => void, within?: (path: string) => boolean): void {
  if (Array.isArray(node)) {
    const origins = originsOf(node);
    for (let index = 0; index < node.length; index++) {
      const path = prefix === '' ? String(index) : `${prefix}.${index}`;
      if (within && !within(path)) continue;
      const origin = originIn(origins, index, index);
      if (origin) visit(path, origin);
      visitOrigins(node[index] ?? null, path, visit, within);
    }
  } else if (isMapping(node)) {
    const origins = originsOf(node);
    const keys = Object.keys(node);
    for (let position = 0; position < keys.length; position++) {
      const key = keys[position] as string;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (within && !within(path)) continue;
      const origin = originIn(origins, key, position);
      if (origin) visit(path, origin);
      visitOrigins(node[key] ?? null, path, visit, within);
    }
  }
}
