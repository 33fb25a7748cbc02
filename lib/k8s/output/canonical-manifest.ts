import { nameRecord } from '../../name-records.ts';
/**
 * Manifests in the one form every output shares: apiVersion, kind and metadata first, every other
 * key sorted (UTF-16 code units, whatever the locale), no undefined or null values, and no empty
 * mappings or lists in metadata (an empty `annotations: {}` says nothing). Rules may build their
 * objects in any key order with optional fields left undefined.
 *
 * The form is given two ways: as a copy (`canonicalManifest`, what the plan holds for cdk8s and
 * library users) and as YAML written from the manifest itself (`emitCanonicalDocument`, what the
 * CLI writes). Both list keys with `canonicalKeys`. The CLI makes no copy because a copy is not
 * only work: every mapping with keys of its own (labels, ConfigMap data, selectors naming a
 * service) gets a V8 hidden class, which lives in the old generation, so copying an estate's
 * objects grew the heap by a third at 5,000 services.
 */
import type { KubernetesManifest } from '../plan/plan.ts';
import { emitYamlDocument, type JsonValue } from './yaml-emitter.ts';

export function canonicalManifest<T extends KubernetesManifest>(manifest: T): T {
  // Same shape as the input, minus what was undefined: the type still describes it.
  return canonicalRoot(manifest, canonical) as unknown as T;
}

/** The YAML document of the manifest's canonical form, byte for byte `emitYamlDocument(canonicalManifest(manifest))`. */
export function emitCanonicalDocument(manifest: KubernetesManifest): string {
  // Planned manifests are plain data, JSON-shaped by construction.
  return emitYamlDocument(canonicalRoot(manifest, (value) => value, metadataAsWritten) as JsonValue, canonicalKeys);
}

/**
 * The top level, whose other values `below` gives (copied, or as they are), and its metadata as
 * `metadataOf` gives it.
 */
function canonicalRoot(
  manifest: KubernetesManifest,
  below: (value: unknown) => unknown,
  metadataOf: (value: unknown) => unknown = canonicalMetadata,
): Record<string, unknown> {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  const result: Record<string, unknown> = { apiVersion, kind };
  const kept = metadataOf(metadata);
  if (kept !== undefined) result['metadata'] = kept;
  for (const key of canonicalKeys(rest)) setOwn(result, key, below((rest as Record<string, unknown>)[key]));
  return result;
}

/**
 * The keys of a mapping its canonical form has, in the order it lists them: those whose value is
 * neither undefined nor null, integer-like keys first by value (as any object lists them), then the
 * others sorted.
 */
export function canonicalKeys(mapping: object): string[] {
  const source = mapping as Readonly<Record<string, unknown>>;
  let keys = Object.keys(source);
  for (const key of keys) {
    const value = source[key];
    if (value === undefined || value === null) {
      keys = keys.filter((each) => source[each] !== undefined && source[each] !== null);
      break;
    }
  }
  let named = 0;
  while (named < keys.length && isArrayIndex(keys[named]!)) named++;
  sortFrom(keys, named);
  return keys;
}

/** Larger mappings (ConfigMap data, labels of a big project) are sorted by `Array.prototype.sort`. */
const INSERTION_SORT_MAX = 32;

/**
 * Sorts `keys[from…]` in place, as `sort()` orders strings (UTF-16 code units). A manifest's
 * mappings mostly have a few keys, often in order already: they are sorted by insertion, as
 * `Array.prototype.sort` copies every array it sorts into a scratch array (about 28 MiB of garbage
 * at 1,000 services).
 */
function sortFrom(keys: string[], from: number): void {
  if (keys.length - from > INSERTION_SORT_MAX) {
    const sorted = keys.slice(from).sort();
    for (let index = 0; index < sorted.length; index++) keys[from + index] = sorted[index]!;
    return;
  }
  for (let index = from + 1; index < keys.length; index++) {
    const key = keys[index]!;
    let at = index;
    while (at > from && keys[at - 1]! > key) {
      keys[at] = keys[at - 1]!;
      at--;
    }
    keys[at] = key;
  }
}

/** A new record of the kind `mapping` is: keyed by names (lib/name-records.ts) or not. */
function recordLike(mapping: object): Record<string, unknown> {
  return Object.getPrototypeOf(mapping) === null ? nameRecord() : {};
}

function canonical(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value === null ? undefined : value;
  if (Array.isArray(value)) return value.map((item: unknown) => canonical(item));
  const mapping = value as Readonly<Record<string, unknown>>;
  const result = recordLike(mapping);
  for (const key of canonicalKeys(mapping)) setOwn(result, key, canonical(mapping[key]));
  return result;
}

/**
 * `canonical`, with metadata's rule: empty mappings and lists are dropped, at every depth, and so
 * is metadata left empty.
 */
function canonicalMetadata(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value === null ? undefined : value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item: unknown) => canonicalMetadata(item));
  const mapping = value as Readonly<Record<string, unknown>>;
  const result = recordLike(mapping);
  let empty = true;
  for (const key of canonicalKeys(mapping)) {
    const kept = canonicalMetadata(mapping[key]);
    if (kept === undefined) continue;
    setOwn(result, key, kept);
    empty = false;
  }
  return empty ? undefined : result;
}

/**
 * Metadata to be written with `canonicalKeys`, which skips undefined and null values itself: the
 * metadata as it is when its canonical form drops nothing else (as almost always), else that form.
 * Copying every manifest's labels was ~3.5% of the time spent writing an estate's YAML.
 */
function metadataAsWritten(metadata: unknown): unknown {
  return isMapping(metadata) && keepsEveryCollection(metadata) ? metadata : canonicalMetadata(metadata);
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** No list or mapping inside `value` is empty once undefined and null values are left out. */
function keepsEveryCollection(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  // A list's items stay where they are: an item left empty would print as `null`, not vanish.
  if (Array.isArray(value)) return value.length > 0 && value.every(keepsEveryCollection);
  const mapping = value as Readonly<Record<string, unknown>>;
  let kept = false;
  for (const key of Object.keys(mapping)) {
    const item = mapping[key];
    if (item === undefined || item === null) continue;
    if (!keepsEveryCollection(item)) return false;
    kept = true;
  }
  return kept;
}

/** A compose label may be called `__proto__`: assigned, it would replace the prototype instead. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An array index as objects order keys: a canonical decimal below 2^32 - 1. */
function isArrayIndex(key: string): boolean {
  // Most keys start with a letter: no need to run the pattern.
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}
