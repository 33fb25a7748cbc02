import { nameRecord } from '../name-records.ts';
import { collectLocations, visitOrigins } from './flatten.ts';
import type { SourceLocation } from './model.ts';
import { isMapping, originOf, type Mapping, type Tree } from './read/tree.ts';

type Locations = Record<string, SourceLocation>;

/**
 * `ComposeProject.locations`: where each key of the merged document was last written, by dotted
 * path, as collectLocations records it. A large project has tens of thousands of keys and
 * building their record costs more than normalizing the services, while conversion asks for a few
 * keys per service. So this record answers `[]`, `in` and `Object.hasOwn` by walking the tree
 * down the path, and builds the full record only when its keys are listed or it is written to;
 * from then on it is that record.
 */
export function locationsOf(root: Mapping): Readonly<Locations> {
  const index = new LocationIndex(root);
  const locations = new Proxy<Locations>({}, {
    get: (target, key) => (index.record ? Reflect.get(index.record, key) : index.find(key) ?? Reflect.get(target, key)),
    has: (target, key) => (index.record ? Reflect.has(index.record, key) : index.find(key) !== undefined || Reflect.has(target, key)),
    getOwnPropertyDescriptor: (_target, key) => {
      if (index.record) return Reflect.getOwnPropertyDescriptor(index.record, key);
      const value = index.find(key);
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
    ownKeys: () => Reflect.ownKeys(index.materialize()),
    set: (_target, key, value) => Reflect.set(index.materialize(), key, value),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(index.materialize(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(index.materialize(), key),
  });
  indexes.set(locations, index);
  return locations;
}

/**
 * Where a dotted key was written; falls back to the nearest enclosing key that has a location, so
 * that keys no file wrote (defaults, derived values) still point somewhere useful.
 */
export function nearestLocation(locations: Readonly<Locations>, key: string): SourceLocation | undefined {
  for (let path = key; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
    const location = locations[path];
    if (location) return location;
  }
  return undefined;
}

/**
 * The keys of `locations` that start with `prefix` and have at most `maxDots` dots, in the order
 * `Object.keys` lists them. For the record of a loaded project, only the part of the tree that can
 * hold such keys is walked.
 */
export function locatedKeys(locations: Readonly<Locations>, prefix: string, maxDots: number): string[] {
  const wanted = (path: string): boolean => path.startsWith(prefix) && dotCount(path) <= maxDots;
  const index = indexes.get(locations);
  if (!index || index.record) return Object.keys(locations).filter(wanted);
  const found = nameRecord<true>();
  // Paths only get longer and gain dots going down: a subtree can be skipped once neither holds.
  const reachable = (path: string): boolean =>
    dotCount(path) <= maxDots && (path === '' || path.startsWith(prefix) || prefix.startsWith(`${path}.`));
  visitOrigins(
    index.root,
    '',
    (path) => {
      if (wanted(path)) found[path] = true;
    },
    reachable,
  );
  // A record, so that keys come out in the order (integer-like keys first) Object.keys gives.
  return Object.keys(found);
}

const indexes = new WeakMap<object, LocationIndex>();

class LocationIndex {
  record: Locations | undefined;

  constructor(readonly root: Mapping) {}

  materialize(): Locations {
    this.record ??= collectLocations(this.root);
    return this.record;
  }

  find(key: string | symbol): SourceLocation | undefined {
    return typeof key === 'string' ? findLocation(this.root, key, 0) : undefined;
  }
}

/**
 * The location collectLocations records at `path`, found by walking down to it. The keys of `node`
 * start at `path[start]`: below the root, the path of a key is `path` up to the key's end. At the
 * root (`start` 0) paths have no leading dot, so the children of a key `""` start at 0 again. Keys
 * may contain dots, so several keys can lead to one path; the record keeps the one written last
 * in its walk (children after their parent, keys in order), so candidates are tried in reverse.
 */
function findLocation(node: Tree, path: string, start: number): SourceLocation | undefined {
  const candidates = candidateKeys(node, path, start);
  for (let index = candidates.length - 1; index >= 0; index--) {
    const key = candidates[index] as string;
    const below = childrenStart(path, start, key);
    const found = below === undefined ? undefined : findLocation((node as Record<string, Tree>)[key] ?? null, path, below);
    if (found) return found;
    const location = start + key.length === path.length ? originOf(node as object, key)?.location : undefined;
    if (location) return location;
  }
  return undefined;
}

/** Where the keys below `key` start in `path`; undefined when their paths cannot be `path`. */
function childrenStart(path: string, start: number, key: string): number | undefined {
  if (start === 0 && key === '') return 0;
  const end = start + key.length;
  return end < path.length ? end + 1 : undefined;
}

/** The keys of `node` that start at `path[start]` and end where `path` or one of its dots does, in key order. */
function candidateKeys(node: Tree, path: string, start: number): string[] {
  if (Array.isArray(node)) {
    const dot = path.indexOf('.', start);
    const segment = path.slice(start, dot < 0 ? path.length : dot);
    return /^(?:0|[1-9]\d*)$/.test(segment) && Number(segment) < node.length ? [segment] : [];
  }
  if (!isMapping(node)) return [];
  const candidates: string[] = [];
  // At the root, `""` leads to every path (its children's paths have no prefix).
  if (start === 0 && Object.hasOwn(node, '')) candidates.push('');
  for (let end = path.indexOf('.', start); ; end = path.indexOf('.', end + 1)) {
    const key = path.slice(start, end < 0 ? path.length : end);
    if ((key !== '' || start > 0) && Object.hasOwn(node, key)) candidates.push(key);
    if (end < 0) break;
  }
  if (candidates.length < 2) return candidates;
  const order = Object.keys(node);
  return candidates.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function dotCount(path: string): number {
  let count = 0;
  for (let index = path.indexOf('.'); index >= 0; index = path.indexOf('.', index + 1)) count++;
  return count;
}
