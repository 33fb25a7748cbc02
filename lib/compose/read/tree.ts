import { ComposeError } from '../errors.ts';
import type { SourceLocation, VariableUse } from '../model.ts';
import { nameRecord } from '../../name-records.ts';

/**
 * The raw Compose document as plain data, between parsing and normalization. Mappings inherit
 * no keys (newMapping), so keys such as `__proto__` or `constructor` stay ordinary keys.
 */
export type Tree = null | string | number | boolean | Tree[] | Mapping | Tagged;
export interface Mapping {
  [key: string]: Tree;
}

/** A value written with the `!reset` or `!override` tag; merging consumes it. */
export class Tagged {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: Tree,
  ) {}
}

/** Where a value came from and which variables were substituted into it. */
export interface Origin {
  readonly location: SourceLocation;
  readonly uses?: readonly VariableUse[];
}

/*
 * Origins hang off the container that holds a value (keyed by mapping key or list index), so they
 * travel with the value through merge and extends without path bookkeeping. They live in a hidden
 * symbol property: cheaper than a WeakMap of Maps on large files, and invisible to Object.keys.
 * A large project has hundreds of thousands of them, kept for the whole run (warnings point at
 * them): an origin without variables is stored as one number (file, line and column packed), not
 * as two objects — a third of the loaded project's memory at 5,000 services (issue 22).
 */
const ORIGINS = Symbol('origins');

/** An origin as stored: packed (see packOrigin) or, when it cannot be, as it is. */
type StoredOrigin = Origin | number;
/**
 * The table of the plain copy (toPlain) when every origin in it is packed: the packed numbers in
 * the container's key order, NaN for a key without one. V8 keeps it as one array of doubles, a
 * fraction of a keyed table's size; the keyed tables were a third of the loaded project.
 */
type PositionalTable = readonly number[];
type WithOrigins = { [ORIGINS]?: Record<string, StoredOrigin> | PositionalTable };

/** The origins of one container, as stored; read them with originIn. */
export type OriginTable = Readonly<Record<string, StoredOrigin>> | PositionalTable;

const LINES = 2 ** 21;
const COLUMNS = 2 ** 21;
/** (files × LINES × COLUMNS) stays below 2^53: packed origins are exact integers. */
const MAX_FILES = 2 ** 11;
/** The compose files of this process, by index; a few per project. */
const files: string[] = [];
const fileIndexes = new Map<string, number>();

function packOrigin(origin: Origin): StoredOrigin {
  const { file, line, column } = origin.location;
  if (origin.uses || !isPackable(line, column)) return origin;
  const index = fileIndex(file);
  return index === undefined ? origin : pack(index, line, column);
}

function isPackable(line: number, column: number): boolean {
  return line >= 0 && line < LINES && column >= 0 && column < COLUMNS && Number.isInteger(line) && Number.isInteger(column);
}

function pack(fileIndex: number, line: number, column: number): number {
  return (fileIndex * LINES + line) * COLUMNS + column;
}

/** The index of `file` among the packed files, registered on first use; undefined once they are full. */
function fileIndex(file: string): number | undefined {
  let index = fileIndexes.get(file);
  if (index === undefined) {
    if (files.length >= MAX_FILES) return undefined;
    index = files.length;
    files.push(file);
    fileIndexes.set(file, index);
  }
  return index;
}

function unpackOrigin(stored: StoredOrigin | undefined): Origin | undefined {
  if (typeof stored !== 'number') return stored;
  const column = stored % COLUMNS;
  const rest = (stored - column) / COLUMNS;
  const line = rest % LINES;
  return { location: { file: files[(rest - line) / LINES]!, line, column } };
}

export function originOf(container: object, key: string | number): Origin | undefined {
  const table = (container as WithOrigins)[ORIGINS];
  if (!Array.isArray(table)) return originIn(table, key);
  return originIn(table, key, Array.isArray(container) ? Number(key) : Object.keys(container).indexOf(String(key)));
}

/** The origins of all keys of `container`, for walks that visit every key (see originIn). */
export function originsOf(container: object): OriginTable | undefined {
  return (container as WithOrigins)[ORIGINS];
}

/**
 * The origin of `key` in a container's `table` (originsOf); `position` is the key's index in the
 * container's `Object.keys`, which the plain copy's tables are read by.
 */
export function originIn(table: OriginTable | undefined, key: string | number, position = -1): Origin | undefined {
  if (table === undefined) return undefined;
  if (!Array.isArray(table)) return unpackOrigin((table as Readonly<Record<string, StoredOrigin>>)[key]);
  const stored = (table as PositionalTable)[position];
  return stored === undefined || Number.isNaN(stored) ? undefined : unpackOrigin(stored);
}

function writableOrigins(container: object): Record<string, StoredOrigin> {
  let entries = (container as WithOrigins)[ORIGINS] as Record<string, StoredOrigin> | undefined;
  if (!entries) {
    // Keyed as its container is: a mapping keyed by names gets a table keyed by the same names.
    entries = Object.getPrototypeOf(container) === null ? nameRecord<StoredOrigin>() : keyless<Record<string, StoredOrigin>>();
    Object.defineProperty(container, ORIGINS, { value: entries, enumerable: false });
  }
  return entries;
}

export function setOrigin(container: object, key: string | number, origin: Origin | undefined): void {
  if (origin) writableOrigins(container)[key] = packOrigin(origin);
}

/**
 * setOrigin for a parser that knows its file: the origin is packed at once, with no Origin and
 * location objects made per key and no look-up of the file per key (a large file has ~100,000 keys).
 */
export function originSetter(file: string): (container: object, key: string | number, line: number, column: number) => void {
  const index = fileIndex(file);
  return (container, key, line, column) => {
    if (index !== undefined && isPackable(line, column)) writableOrigins(container)[key] = pack(index, line, column);
    else setOrigin(container, key, { location: { file, line, column } });
  };
}

/** Copies the origin of `from[fromKey]` to `to[toKey]`. */
export function carryOrigin(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  // Copied as stored: no object made and packed again.
  const stored = (from as { [ORIGINS]?: Record<string, StoredOrigin> })[ORIGINS]?.[fromKey];
  if (stored !== undefined) writableOrigins(to)[toKey] = stored;
}

/**
 * `__proto__` stays an ordinary key in these trees, but as the name of a service, variable or
 * label it would set the prototype of the model's plain records instead of adding an entry.
 */
export function checkKey(name: string, location: SourceLocation | undefined): void {
  if (name === '__proto__') throw new ComposeError('"__proto__" cannot be used as a key or name', location);
}

/*
 * The prototype of mappings and origin tables: empty and frozen, with no prototype of its own, so
 * that no key is inherited (`'constructor' in mapping` is false) as with `Object.create(null)`.
 * But an object whose prototype is null is a V8 dictionary from birth, and these are not: mappings
 * of the same keys share a hidden class and are read and listed through its caches.
 */
const NO_KEYS: object = Object.freeze(Object.create(null) as object);

/** An empty object that inherits no keys (see NO_KEYS). */
function keyless<T>(): T {
  return Object.create(NO_KEYS) as T;
}

/**
 * Compose keys whose mapping is keyed by names the project chose (services, variables, labels…):
 * such a mapping is a dictionary (see lib/name-records.ts), the others share hidden classes.
 */
const KEYED_BY_NAME: ReadonlySet<string> = new Set([
  'services', 'networks', 'volumes', 'secrets', 'configs', 'models', 'depends_on', 'environment', 'labels',
  'annotations', 'extra_hosts', 'sysctls', 'ulimits', 'args', 'additional_contexts', 'options', 'driver_opts',
  'storage_opt',
]);

/** A new mapping, for the value of `parentKey` when it is known. */
export function newMapping(parentKey?: string | number): Mapping {
  return isKeyedByName(parentKey) ? newNameMapping() : keyless<Mapping>();
}

/** A new mapping keyed by names (variables, dependencies, networks…), whatever its key. */
export function newNameMapping(): Mapping {
  return nameRecord<Tree>();
}

/** A new mapping of the same kind as `mapping` (newMapping, newNameMapping). */
export function newMappingLike(mapping: Mapping): Mapping {
  return Object.getPrototypeOf(mapping) === null ? newNameMapping() : keyless<Mapping>();
}

function isKeyedByName(parentKey: string | number | undefined): boolean {
  return typeof parentKey === 'string' && KEYED_BY_NAME.has(parentKey);
}

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tagged);
}

/**
 * A copy with ordinary objects, for code outside the loader (schema validator, `raw`), but the
 * mappings keyed by names, which stay records without a prototype (newMapping). `__proto__` is
 * defined, not assigned, so it stays data.
 * With `keepOrigins`, each container of the copy shares the origin table of the one it copies
 * (outside tagged values, whose origins no lookup reads): the copy can then answer for locations
 * and the loader's own tree, with its keyed origin tables, be dropped (issue 22).
 */
export function toPlain(value: Tree, keepOrigins = false, parentKey?: string): unknown {
  // Most values are scalars: they leave first.
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Tagged) return toPlain(value.value);
  if (Array.isArray(value)) {
    const list = value.map((item) => toPlain(item, keepOrigins));
    if (keepOrigins) shareOrigins(value, list, undefined);
    return list;
  }
  // A mapping keyed by names is a dictionary here too (newMapping).
  const plain: Record<string, unknown> = isKeyedByName(parentKey) ? nameRecord() : {};
  const keys = Object.keys(value);
  for (const key of keys) {
    const item = toPlain(value[key] ?? null, keepOrigins, key);
    if (key === '__proto__') Object.defineProperty(plain, key, { value: item, enumerable: true, writable: true, configurable: true });
    else plain[key] = item;
  }
  if (keepOrigins) shareOrigins(value, plain, keys);
  return plain;
}

/** `keys`: those of `from`, when the caller has them (undefined for a list). */
function shareOrigins(from: object, to: object, keys: readonly string[] | undefined): void {
  const entries = (from as { [ORIGINS]?: Record<string, StoredOrigin> })[ORIGINS];
  if (entries) Object.defineProperty(to, ORIGINS, { value: positional(entries, keys ?? Object.keys(from), keys === undefined) ?? entries, enumerable: false });
}

/**
 * Mappings with more keys than this keep their keyed table: a look-up by key would search their
 * keys (`services` of a large estate, asked once per warning). Lists are read by index.
 */
const MAX_POSITIONAL_KEYS = 32;

/** `entries` in the order of `keys`, when every origin in it is packed. */
function positional(entries: Record<string, StoredOrigin>, keys: readonly string[], list: boolean): PositionalTable | undefined {
  if (!list && keys.length > MAX_POSITIONAL_KEYS) return undefined;
  const table: number[] = [];
  for (const key of keys) {
    const stored = entries[key];
    if (stored === undefined) table.push(Number.NaN);
    else if (typeof stored === 'number') table.push(stored);
    else return undefined;
  }
  return table;
}
