/**
 * What the operator must create before `kubectl apply`: objects the manifests refer to that are
 * neither emitted nor printed by `cdk8s-compose secrets` — an external secret, config or volume, the
 * Secret for certificates absent at conversion time, a ServiceAccount or TLS Secret an option names.
 * One list, so that nothing the stack needs hides among the warnings.
 */
import type { SourceLocation } from '../../compose/model.ts';
import type * as k8s from './api-types.ts';
import type { ObjectReference } from './context.ts';
import type { KubernetesManifest } from './plan.ts';

/** `ExtendedResource`: no object but what a node must advertise (a device plugin's resource). */
export type CreatedKind = ObjectReference['kind'] | 'ServiceAccount' | 'ExtendedResource';

export interface ObjectToCreate {
  readonly kind: CreatedKind;
  readonly name: string;
  /** What asks for it, in the compose file's terms. */
  readonly why: string;
  /** A command that creates it (with the project's relative paths where they are known). */
  readonly how: string;
  /** The keys the pods read from it (a ConfigMap's or Secret's `items`, `secretKeyRef`s), when they name any. */
  readonly keys?: readonly string[];
  readonly key?: string;
  readonly location?: SourceLocation;
}

/** Collects the objects to create, once each, in a stable order. */
export class ToCreate {
  private readonly objects = new Map<string, Omit<ObjectToCreate, 'how' | 'keys'> & { readonly how?: string }>();
  /** `Kind/name` → the keys planned pods read from that ConfigMap or Secret. */
  private readonly keysRead = new Map<string, Set<string>>();

  constructor(
    private readonly namespace: string,
    private readonly locate: (key: string) => SourceLocation | undefined,
    /** The text with the converting machine's paths written as the project names them (so the list reads the same anywhere, and `how` finds them). */
    private readonly withProjectPaths: (text: string) => string,
  ) {}

  /** `how`: where no kubectl command creates it (an ExtendedResource), what provides it. */
  add(kind: CreatedKind, name: string, why: string, key?: string, how?: string): void {
    const slot = `${kind}/${name}`;
    if (this.objects.has(slot)) return;
    const location = key === undefined ? undefined : this.locate(key);
    const readable = this.withProjectPaths(why);
    this.objects.set(slot, { kind, name, why: readable, ...(key !== undefined ? { key } : {}), ...(location ? { location } : {}), ...(how !== undefined ? { how } : {}) });
  }

  /** Notes the keys a planned object's pods read, before the plan keeps only its text. */
  observe(manifest: KubernetesManifest): void {
    addKeysRead(this.keysRead, manifest);
  }

  /** The objects, with the keys the planned pods read from each. */
  list(): ObjectToCreate[] {
    const keys = this.keysRead;
    return [...this.objects.values()]
      .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((object) => {
        const read = [...(keys.get(`${object.kind}/${object.name}`) ?? [])].sort();
        return { ...object, how: object.how ?? this.how(object.kind, object.name, object.why, read), ...(read.length > 0 ? { keys: read } : {}) };
      });
  }

  private how(kind: CreatedKind, name: string, why: string, keys: readonly string[]): string {
    // A path outside the project is written as compose wrote it, absolute too (`/etc/ssl/private`,
    // which printed `--from-literal=KEY=VALUE` for a folder of keys until 2026-12-07); a path of
    // the project always starts with `./`.
    const written = /(?<![^\s(])(?:\.\.?|~)\/[^\s)]+/.exec(why)?.[0] ?? /\bcreate from (\/[^\s)]+)/.exec(why)?.[1];
    const path = written === undefined ? undefined : commandLinePath(written);
    const variable = /\bvariable ([A-Za-z_]\w*)/.exec(why)?.[1];
    const ns = `-n ${this.namespace}`;
    // One key and one file (or variable): that under the key; several keys: a file for each; none named: the path as it is.
    const one = keys.length === 1 ? (path ? `--from-file=${keys[0]}=${path}` : variable ? `--from-literal=${keys[0]}="$${variable}"` : undefined) : undefined;
    const files = one ?? (keys.length > 0 ? keys.map((key) => `--from-file=${key}=FILE`).join(' ') : undefined);
    switch (kind) {
      case 'Secret':
        return `kubectl create secret generic ${name} ${ns} ${files ?? (path ? `--from-file=${path}` : '--from-literal=KEY=VALUE')}`;
      case 'ConfigMap':
        return `kubectl create configmap ${name} ${ns} ${files ?? (path ? `--from-file=${path}` : '--from-file=FILE')}`;
      case 'ServiceAccount':
        return `kubectl create serviceaccount ${name} ${ns}`;
      case 'PersistentVolumeClaim':
        return `a PersistentVolumeClaim ${name} in ${this.namespace} bound to the existing data (kubectl apply -f claim.yaml)`;
      case 'ExtendedResource':
        return `a node whose device plugin advertises ${name}`;
    }
  }
}

/**
 * A path as a shell command takes it: `~/.m2/settings.xml` as `$HOME/.m2/settings.xml`, since the
 * shell expands no `~` after `--from-file=key=`.
 */
export function commandLinePath(path: string): string {
  return path.startsWith('~/') ? `$HOME/${path.slice(2)}` : path;
}

/** Adds the keys `manifest`'s pods read from ConfigMaps and Secrets by name (`Kind/name` → keys). */
function addKeysRead(keys: Map<string, Set<string>>, manifest: KubernetesManifest): void {
  const add = (object: string, key: string): void => {
    let set = keys.get(object);
    if (!set) keys.set(object, (set = new Set()));
    set.add(key);
  };
  {
    for (const pod of podSpecsOf(manifest)) {
      for (const volume of pod.volumes ?? []) {
        for (const item of volume.configMap?.items ?? []) add(`ConfigMap/${volume.configMap?.name}`, item.key);
        for (const item of volume.secret?.items ?? []) add(`Secret/${volume.secret?.secretName}`, item.key);
      }
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        for (const env of container.env ?? []) {
          const from = env.valueFrom;
          if (from?.configMapKeyRef) add(`ConfigMap/${from.configMapKeyRef.name}`, from.configMapKeyRef.key);
          if (from?.secretKeyRef) add(`Secret/${from.secretKeyRef.name}`, from.secretKeyRef.key);
        }
      }
    }
  }
}

/** The pod spec of a workload, Job or CronJob; none for other objects. */
export function podSpecsOf(manifest: KubernetesManifest): k8s.PodSpec[] {
  const spec = (manifest as { spec?: { template?: k8s.PodTemplateSpec; jobTemplate?: { spec?: { template?: k8s.PodTemplateSpec } } } }).spec;
  const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
  return pod ? [pod] : [];
}

/** The list as `convert` prints it at the end. */
export function toCreateText(objects: readonly ObjectToCreate[]): string {
  if (objects.length === 0) return '';
  const lines = [`before kubectl apply, create ${objects.length === 1 ? 'this object (the manifests refer to it)' : `these ${objects.length} objects (the manifests refer to them)`}:`];
  for (const object of objects) lines.push(`  ${object.kind} ${object.name}: ${object.why}`, `    ${object.how}`);
  return `${lines.join('\n')}\n`;
}
