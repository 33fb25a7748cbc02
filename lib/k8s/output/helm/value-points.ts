/**
 * Where a chart's values go in each planned object: the fields people change per environment
 * (issue 19, item 3) — per compose service its image, replicas, resources, Service type, Ingress
 * class, hosts and TLS, and the size and class of its claims. Everything else stays literal in the
 * templates, so the chart with its default values renders exactly what `convert` writes.
 */
import { publicServiceName } from '../../networking/service-exposure.ts';
import { isPreStartOf } from '../../workload/pod/pre-start-hooks.ts';
import { isImageFilesContainer } from '../../storage/image-files.ts';
import type { JsonValue } from '../yaml-emitter.ts';

type JsonObject = { readonly [key: string]: JsonValue };

/** A path into a manifest or into the values: mapping keys and sequence indexes. */
export type Path = readonly (string | number)[];

/**
 * How a value is written into the template:
 * - `scalar`: the field is there and stays there; its value comes from the values.
 * - `optional`: a scalar written only when the value is set (`with`), so an absent field can be added.
 * - `block`: a mapping written with `toYaml` when set (resources).
 * - `image`: the image reference, from `repository`, `tag` and `digest`.
 * - `tls`: an Ingress's TLS list, from a list of `hosts` and `secretName`.
 */
export type PointKind = 'scalar' | 'optional' | 'block' | 'image' | 'tls';

export interface ValuePoint {
  readonly kind: PointKind;
  /** Where the field is in the manifest (the field itself, present or not). */
  readonly at: Path;
  /** Where its value is in values.yaml. */
  readonly values: Path;
  /** The value as planned: what values.yaml holds by default. */
  readonly value: JsonValue;
}

/** A planned object with the compose services it belongs to and the Kubernetes names of all services. */
export interface PointsInput {
  readonly manifest: JsonObject;
  readonly services: readonly string[];
  /** Compose service → Kubernetes name. */
  readonly serviceNames: Readonly<Record<string, string>>;
  /** A service made from another (an ofelia job's) → that service, whose image value it runs. @default none */
  readonly madeFrom?: Readonly<Record<string, string>>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const SCALED_KINDS = new Set(['Deployment', 'StatefulSet']);

/** The value points of one object, in document order of their fields. */
export function valuePoints(input: PointsInput): ValuePoint[] {
  const { manifest } = input;
  const kind = String(manifest['kind']);
  const owner = ownerOf(input);
  if (WORKLOAD_KINDS.has(kind)) return workloadPoints(input, owner);
  if (owner === undefined) return kind === 'PersistentVolumeClaim' ? claimPoints(manifest, ['spec'], ['volumes', nameOf(manifest)]) : [];
  const service: Path = ['services', owner];
  switch (kind) {
    case 'PersistentVolumeClaim':
      return claimPoints(manifest, ['spec'], [...service, 'persistence', nameOf(manifest)]);
    case 'Service':
      return servicePoints(input, owner, service);
    case 'Ingress':
      return ingressPoints(manifest, service);
    default:
      return [];
  }
}

/** The one compose service an object belongs to: its only service, or the one it is named after. */
function ownerOf({ manifest, services, serviceNames }: PointsInput): string | undefined {
  if (services.length === 1) return services[0];
  const name = nameOf(manifest);
  return services.find((service) => serviceNames[service] === name);
}

function workloadPoints(input: PointsInput, owner: string | undefined): ValuePoint[] {
  const { manifest, serviceNames } = input;
  const kind = String(manifest['kind']);
  const points: ValuePoint[] = [];
  const spec: Path = ['spec'];
  if (owner !== undefined && SCALED_KINDS.has(kind) && typeof at(manifest, [...spec, 'replicas']) === 'number') {
    points.push({ kind: 'scalar', at: [...spec, 'replicas'], values: ['services', owner, 'replicas'], value: at(manifest, [...spec, 'replicas'])! });
  }
  const pod: Path = kind === 'CronJob' ? [...spec, 'jobTemplate', 'spec', 'template', 'spec'] : [...spec, 'template', 'spec'];
  const containers = at(manifest, [...pod, 'containers']);
  const byName = new Map(Object.entries(serviceNames).map(([service, name]) => [name, service]));
  (Array.isArray(containers) ? containers : []).forEach((container: JsonValue, index: number) => {
    const object = asObject(container);
    const service = byName.get(String(object?.['name'])) ?? (input.services.length === 1 ? owner : undefined);
    if (object === undefined || service === undefined || !input.services.includes(service)) return;
    const path: Path = [...pod, 'containers', index];
    const values: Path = ['services', service];
    // An ofelia job runs its service's image: one value, so that bumping the service's bumps the job's
    // (the job had `services.<service>-<job>.image` of its own, left behind, until 2026-12-07).
    const imageValues: Path = ['services', imageOwner(input, service), 'image'];
    const image = object['image'];
    const reference = typeof image === 'string' ? parseImage(image) : undefined;
    if (reference) points.push({ kind: 'image', at: [...path, 'image'], values: imageValues, value: reference });
    const resources = object['resources'];
    // A present but empty mapping would vanish under `with`: it stays literal.
    if (resources === undefined || (asObject(resources) !== undefined && Object.keys(asObject(resources)!).length > 0)) {
      points.push({ kind: 'block', at: [...path, 'resources'], values: [...values, 'resources'], value: resources ?? {} });
    }
    // A pre_start hook that runs the service's image (a migration), and the copy of the image's
    // files into a new claim (image-files.ts), must follow it when the value changes.
    const initContainers = at(manifest, [...pod, 'initContainers']);
    (Array.isArray(initContainers) ? initContainers : []).forEach((init: JsonValue, initIndex: number) => {
      const hook = asObject(init);
      if (reference === undefined || hook === undefined || hook['image'] !== image) return;
      const name = String(hook['name']);
      if (!isPreStartOf(name, String(object['name'])) && !isImageFilesContainer(name)) return;
      points.push({ kind: 'image', at: [...pod, 'initContainers', initIndex, 'image'], values: imageValues, value: reference });
    });
  });
  if (owner !== undefined && kind === 'StatefulSet') {
    const templates = at(manifest, [...spec, 'volumeClaimTemplates']);
    (Array.isArray(templates) ? templates : []).forEach((template: JsonValue, index: number) => {
      const name = at(template, ['metadata', 'name']);
      if (typeof name !== 'string') return;
      points.push(...claimPoints(manifest, [...spec, 'volumeClaimTemplates', index, 'spec'], ['services', owner, 'persistence', name]));
    });
  }
  return points;
}

/** The service whose image value `service` runs: the one it was made from, else itself. */
function imageOwner({ madeFrom }: PointsInput, service: string): string {
  return madeFrom !== undefined && Object.hasOwn(madeFrom, service) ? madeFrom[service]! : service;
}

/** A claim's size and storage class (absent: the cluster's default class, which a value can name). */
function claimPoints(manifest: JsonObject, spec: Path, values: Path): ValuePoint[] {
  const points: ValuePoint[] = [];
  const size = at(manifest, [...spec, 'resources', 'requests', 'storage']);
  if (typeof size === 'string') points.push({ kind: 'scalar', at: [...spec, 'resources', 'requests', 'storage'], values: [...values, 'size'], value: size });
  points.push(optionalScalar(manifest, [...spec, 'storageClassName'], [...values, 'storageClass']));
  return points;
}

/**
 * The exposure: the type of the Service named after the compose service (`service.type`, ClusterIP
 * unless set) and of the one that publishes its ports outside the cluster (`publicService.type`,
 * LoadBalancer or NodePort). Headless Services keep theirs.
 */
function servicePoints({ manifest, serviceNames }: PointsInput, owner: string, service: Path): ValuePoint[] {
  const type = at(manifest, ['spec', 'type']);
  const own = serviceNames[owner];
  if (own === undefined || at(manifest, ['spec', 'clusterIP']) === 'None' || type === 'ExternalName') return [];
  const name = nameOf(manifest);
  const key = name === own ? 'service' : name === publicServiceName(own) ? 'publicService' : undefined;
  return key === undefined ? [] : [optionalScalar(manifest, ['spec', 'type'], [...service, key, 'type'])];
}

/** An Ingress's class, each rule's host (by index) and its TLS list. */
function ingressPoints(manifest: JsonObject, service: Path): ValuePoint[] {
  const values: Path = [...service, 'ingress'];
  const points = [optionalScalar(manifest, ['spec', 'ingressClassName'], [...values, 'className'])];
  const rules = at(manifest, ['spec', 'rules']);
  (Array.isArray(rules) ? rules : []).forEach((rule: JsonValue, index: number) => {
    const host = at(rule, ['host']);
    if (typeof host === 'string') points.push({ kind: 'scalar', at: ['spec', 'rules', index, 'host'], values: [...values, 'hosts', index], value: host });
  });
  const tls = at(manifest, ['spec', 'tls']);
  if (tls === undefined || (Array.isArray(tls) && tls.every(isTlsEntry))) points.push({ kind: 'tls', at: ['spec', 'tls'], values: [...values, 'tls'], value: tls ?? [] });
  return points;
}

/** The shape the `tls` template writes back: hosts (always there) and an optional secretName. */
function isTlsEntry(entry: JsonValue): boolean {
  const object = asObject(entry);
  if (object === undefined || !Array.isArray(object['hosts']) || object['hosts'].length === 0) return false;
  if (!object['hosts'].every((host) => typeof host === 'string')) return false;
  return Object.keys(object).every((key) => key === 'hosts' || (key === 'secretName' && typeof object[key] === 'string'));
}

function optionalScalar(manifest: JsonObject, path: Path, values: Path): ValuePoint {
  const value = at(manifest, path);
  // Present, it stays (`""` included, which `with` would drop); absent, an empty value adds nothing.
  return value === undefined ? { kind: 'optional', at: path, values, value: '' } : { kind: 'scalar', at: path, values, value };
}

export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** `registry:5000/team/app:1.2@sha256:…` → repository, tag and digest; undefined for an empty one. */
export function parseImage(image: string): (ImageReference & JsonObject) | undefined {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const colon = named.lastIndexOf(':');
  const tagged = colon > named.lastIndexOf('/');
  const repository = tagged ? named.slice(0, colon) : named;
  const tag = tagged ? named.slice(colon + 1) : undefined;
  // `app:` or `app@` would lose its separator when rebuilt from parts: such a reference stays literal.
  if (repository === '' || tag === '' || digest === '') return undefined;
  return { repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

function nameOf(manifest: JsonObject): string {
  return String(at(manifest, ['metadata', 'name']));
}

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value at `path`, or undefined where the path leaves the document. */
export function at(value: JsonValue | undefined, path: Path): JsonValue | undefined {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? (current as readonly JsonValue[])[step] : undefined;
    else current = asObject(current)?.[step];
    if (current === undefined) return undefined;
  }
  return current;
}
