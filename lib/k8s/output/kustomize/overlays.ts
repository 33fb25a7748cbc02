/**
 * Environments as overlays of one base (issue 19, item 5): where compose files override one
 * another (`-f compose.yaml -f compose.prod.yaml`), the base is what the first files convert to and
 * each overlay holds only what its file changes — JSON 6902 patches for changed objects, the new
 * objects as a resource, a strategic-merge `$patch: delete` for each object the environment drops —
 * so that `kustomize build overlays/<env>` is exactly what converting all the files writes.
 */
import { parse } from 'yaml';
import type { OutputFile } from '../atomic-write.ts';
import { sortManifests } from '../manifest-order.ts';
import { emitYamlDocument, type JsonValue } from '../yaml-emitter.ts';
import { yamlDocuments, type RenderedManifest } from '../yaml-stream.ts';
import { kustomizationText, type KustomizePatch } from './kustomization.ts';

type JsonObject = { readonly [key: string]: JsonValue };

/** One RFC 6902 operation. */
export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value?: JsonValue;
}

interface PlannedObjects {
  readonly project: { readonly name: string };
  readonly entries: readonly { readonly manifest: RenderedManifest }[];
}

/** `base/` (the stream and its kustomization) and `overlays/<env>/` for each environment. */
export function overlayFiles(stream: string, base: PlannedObjects, overlays: readonly { readonly name: string; readonly plan: PlannedObjects }[]): OutputFile[] {
  const baseObjects = objectsOf(base);
  const files: OutputFile[] = [
    { path: `base/${stream}`, content: streamText(base.entries.map((entry) => entry.manifest)) },
    { path: 'base/kustomization.yaml', content: kustomizationText({ resources: [stream] }) },
  ];
  for (const { name, plan } of overlays) files.push(...overlay(`overlays/${name}`, stream, baseObjects, plan));
  return files;
}

function overlay(dir: string, stream: string, base: ReadonlyMap<string, JsonObject>, plan: PlannedObjects): OutputFile[] {
  const objects = objectsOf(plan);
  const files: OutputFile[] = [];
  const patches: KustomizePatch[] = [];
  const added: RenderedManifest[] = [];
  const patchFile = (object: JsonObject, suffix: string): string => {
    const kind = String(object['kind']).toLowerCase();
    return `patches/${kind}-${String(metadataOf(object)['name'])}${suffix}.yaml`;
  };
  for (const entry of sortManifests(plan.entries.map((each) => each.manifest))) {
    const object = parse(entry.yaml().toString('utf8')) as JsonObject;
    const before = base.get(identity(object));
    if (before === undefined) {
      added.push(entry);
      continue;
    }
    const operations = diff(before, object);
    if (operations.length === 0) continue;
    const path = patchFile(object, '');
    files.push({ path: `${dir}/${path}`, content: emitYamlDocument(operations as unknown as JsonValue) });
    patches.push({ path, target: targetOf(object) });
  }
  for (const [key, object] of sortedEntries(base)) {
    if (objects.has(key)) continue;
    const path = patchFile(object, '-delete');
    files.push({ path: `${dir}/${path}`, content: emitYamlDocument({ $patch: 'delete', apiVersion: object['apiVersion']!, kind: object['kind']!, metadata: identifyingMetadata(object) }) });
    patches.push({ path });
  }
  const resources = ['../../base'];
  if (added.length > 0) {
    resources.push(`added.${stream}`);
    files.push({ path: `${dir}/added.${stream}`, content: streamText(added) });
  }
  files.push({ path: `${dir}/kustomization.yaml`, content: kustomizationText({ resources, patches }) });
  return files;
}

function streamText(manifests: readonly RenderedManifest[]): string {
  return Array.from(yamlDocuments(manifests), (piece) => piece.toString('utf8')).join('');
}

/** The plan's objects by identity (apiVersion's group, kind, namespace and name). */
function objectsOf(plan: PlannedObjects): Map<string, JsonObject> {
  const objects = new Map<string, JsonObject>();
  for (const { manifest } of plan.entries) {
    const object = parse(manifest.yaml().toString('utf8')) as JsonObject;
    objects.set(identity(object), object);
  }
  return objects;
}

function sortedEntries(objects: ReadonlyMap<string, JsonObject>): [string, JsonObject][] {
  const order = sortManifests([...objects.values()].map((object) => ({ kind: object['kind'], metadata: { name: metadataOf(object)['name'] }, object })));
  return order.map(({ object }) => [identity(object), object]);
}

function metadataOf(object: JsonObject): JsonObject {
  return (object['metadata'] ?? {}) as JsonObject;
}

function identifyingMetadata(object: JsonObject): JsonObject {
  const { name, namespace } = metadataOf(object);
  return { name: name!, ...(namespace !== undefined ? { namespace } : {}) };
}

function identity(object: JsonObject): string {
  const group = String(object['apiVersion']).split('/').slice(0, -1).join('/');
  const { name, namespace } = metadataOf(object);
  return `${group}|${String(object['kind'])}|${String(namespace ?? '')}|${String(name)}`;
}

function targetOf(object: JsonObject): NonNullable<KustomizePatch['target']> {
  const [group, version] = String(object['apiVersion']).includes('/') ? String(object['apiVersion']).split('/') : ['', String(object['apiVersion'])];
  const { name, namespace } = metadataOf(object);
  return {
    ...(group ? { group } : {}),
    version: version!,
    kind: String(object['kind']),
    name: String(name),
    ...(namespace !== undefined ? { namespace: String(namespace) } : {}),
  };
}

/**
 * The operations that turn `from` into `to`: mappings key by key, sequences of the same length
 * item by item, anything else (a sequence that grew or shrank, a changed scalar) replaced whole.
 */
export function diff(from: JsonValue, to: JsonValue, path = ''): PatchOperation[] {
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  if (isMapping(from) && isMapping(to)) {
    const operations: PatchOperation[] = [];
    for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) operations.push({ op: 'remove', path: `${path}/${pointer(key)}` });
    for (const key of Object.keys(to)) {
      const child = `${path}/${pointer(key)}`;
      if (!Object.hasOwn(from, key)) operations.push({ op: 'add', path: child, value: to[key]! });
      else operations.push(...diff(from[key]!, to[key]!, child));
    }
    return operations;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length && path !== '') {
    return from.flatMap((item: JsonValue, index: number) => diff(item, (to as readonly JsonValue[])[index]!, `${path}/${index}`));
  }
  return [{ op: 'replace', path, value: to }];
}

function isMapping(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key as a JSON pointer segment (RFC 6901): `app.kubernetes.io/name` → `app.kubernetes.io~1name`. */
function pointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
