import { ComposeError } from '../errors.ts';
import type { SourceLocation, VariableUse } from '../model.ts';

/**
 * The raw Compose document as plain data, between parsing and normalization. Mappings are
 * prototype-less objects so keys such as `__proto__` or `constructor` stay ordinary keys.
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
 */
const ORIGINS = Symbol('origins');

type WithOrigins = { [ORIGINS]?: Record<string, Origin> };

export function originOf(container: object, key: string | number): Origin | undefined {
  return (container as WithOrigins)[ORIGINS]?.[key];
}

/** The origins of all keys of `container`, for walks that visit every key. */
export function originsOf(container: object): Readonly<Record<string, Origin>> | undefined {
  return (container as WithOrigins)[ORIGINS];
}

export function setOrigin(container: object, key: string | number, origin: Origin | undefined): void {
  if (!origin) return;
  let entries = (container as WithOrigins)[ORIGINS];
  if (!entries) {
    entries = Object.create(null) as Record<string, Origin>;
    Object.defineProperty(container, ORIGINS, { value: entries, enumerable: false });
  }
  entries[key] = origin;
}

/** Copies the origin of `from[fromKey]` to `to[toKey]`. */
export function carryOrigin(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  setOrigin(to, toKey, originOf(from, fromKey));
}

/**
 * `__proto__` stays an ordinary key in these trees, but as the name of a service, variable or
 * label it would set the prototype of the model's plain records instead of adding an entry.
 */
export function checkKey(name: string, location: SourceLocation | undefined): void {
  if (name === '__proto__') throw new ComposeError('"__proto__" cannot be used as a key or name', location);
}

export function newMapping(): Mapping {
  return Object.create(null) as Mapping;
}

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tagged);
}

/**
 * A copy with ordinary objects, for code outside the loader (schema validator, `raw`) that
 * expects `Object.prototype` methods. `__proto__` is defined, not assigned, so it stays data.
 */
export function toPlain(value: Tree): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Tagged) return toPlain(value.value);
  if (!isMapping(value)) return value;
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = toPlain(value[key] ?? null);
    if (key === '__proto__') Object.defineProperty(plain, key, { value: item, enumerable: true, writable: true, configurable: true });
    else plain[key] = item;
  }
  return plain;
}
