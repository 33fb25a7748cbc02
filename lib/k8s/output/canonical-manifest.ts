/**
 * Manifests in the one form every output shares: apiVersion, kind and metadata first, every other
 * key sorted (UTF-16 code units, whatever the locale), no undefined or null values, and no empty
 * mappings or lists in metadata (an empty `annotations: {}` says nothing). Rules may build their
 * objects in any key order with optional fields left undefined.
 */
import type { KubernetesManifest } from '../plan/plan.ts';

export function canonicalManifest<T extends KubernetesManifest>(manifest: T): T {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  const result: Record<string, unknown> = { apiVersion, kind };
  const canonicalMetadata = withoutEmpty(canonical(metadata));
  if (canonicalMetadata !== undefined) result['metadata'] = canonicalMetadata;
  Object.assign(result, canonical(rest));
  // Same shape as the input, minus what was undefined: the type still describes it.
  return result as unknown as T;
}

function canonical(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value === null ? undefined : value;
  if (Array.isArray(value)) return value.map((item: unknown) => canonical(item));
  const mapping = value as Readonly<Record<string, unknown>>;
  const keys = Object.keys(mapping);
  // Most mappings the rules build are sorted already; checking is cheaper than sorting.
  if (!isSorted(keys)) keys.sort();
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const item = canonical(mapping[key]);
    if (item !== undefined) setOwn(result, key, item);
  }
  return result;
}

/** Metadata's empty mappings and lists are dropped, at every depth, and so is metadata left empty. */
function withoutEmpty(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item: unknown) => withoutEmpty(item));
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const [key, item] of Object.entries(value)) {
    const kept = withoutEmpty(item);
    if (kept === undefined) continue;
    setOwn(result, key, kept);
    empty = false;
  }
  return empty ? undefined : result;
}

/** A compose label may be called `__proto__`: assigned, it would replace the prototype instead. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) if (keys[index - 1]! > keys[index]!) return false;
  return true;
}
