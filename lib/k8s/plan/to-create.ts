/**
 * What the operator must create before `kubectl apply`: objects the manifests refer to that are
 * neither emitted nor printed by `cdk8s-compose secrets` — an external secret, config or volume, the
 * Secret for certificates absent at conversion time, a ServiceAccount or TLS Secret an option names.
 * One list, so that nothing the stack needs hides among the warnings.
 */
import { relative } from 'node:path';
import type { ComposeProject, SourceLocation } from '../../compose/model.ts';
import type { ObjectReference } from './context.ts';

export type CreatedKind = ObjectReference['kind'] | 'ServiceAccount';

export interface ObjectToCreate {
  readonly kind: CreatedKind;
  readonly name: string;
  /** What asks for it, in the compose file's terms. */
  readonly why: string;
  /** A command that creates it (with the project's relative paths where they are known). */
  readonly how: string;
  readonly key?: string;
  readonly location?: SourceLocation;
}

/** Collects the objects to create, once each, in a stable order. */
export class ToCreate {
  private readonly objects = new Map<string, ObjectToCreate>();

  constructor(
    private readonly project: ComposeProject,
    private readonly namespace: string,
    private readonly locate: (key: string) => SourceLocation | undefined,
  ) {}

  add(kind: CreatedKind, name: string, why: string, key?: string): void {
    const slot = `${kind}/${name}`;
    if (this.objects.has(slot)) return;
    const location = key === undefined ? undefined : this.locate(key);
    const readable = this.relativePaths(why);
    this.objects.set(slot, { kind, name, why: readable, how: this.how(kind, name, readable), ...(key !== undefined ? { key } : {}), ...(location ? { location } : {}) });
  }

  list(): ObjectToCreate[] {
    return [...this.objects.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Paths of the converting machine are written relative to the project, so the list reads the same anywhere. */
  private relativePaths(text: string): string {
    const root = this.project.workingDir;
    return text.replace(/(^|\s)(\/[^\s'"]*)/g, (match, lead: string, path: string) => {
      const inside = relative(root, path);
      return inside.startsWith('..') ? match : `${lead}./${inside}`;
    });
  }

  private how(kind: CreatedKind, name: string, why: string): string {
    const path = /\.\/\S+/.exec(why)?.[0];
    const ns = `-n ${this.namespace}`;
    switch (kind) {
      case 'Secret':
        return `kubectl create secret generic ${name} ${ns} ${path ? `--from-file=${path}` : '--from-literal=KEY=VALUE'}`;
      case 'ConfigMap':
        return `kubectl create configmap ${name} ${ns} ${path ? `--from-file=${path}` : '--from-file=FILE'}`;
      case 'ServiceAccount':
        return `kubectl create serviceaccount ${name} ${ns}`;
      case 'PersistentVolumeClaim':
        return `a PersistentVolumeClaim ${name} in ${this.namespace} bound to the existing data (kubectl apply -f claim.yaml)`;
    }
  }
}

/** The list as `convert` prints it at the end. */
export function toCreateText(objects: readonly ObjectToCreate[]): string {
  if (objects.length === 0) return '';
  const lines = [`before kubectl apply, create ${objects.length === 1 ? 'this object (the manifests refer to it)' : `these ${objects.length} objects (the manifests refer to them)`}:`];
  for (const object of objects) lines.push(`  ${object.kind} ${object.name}: ${object.why}`, `    ${object.how}`);
  return `${lines.join('\n')}\n`;
}
