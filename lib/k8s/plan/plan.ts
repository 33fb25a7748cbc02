/**
 * The translation plan: what `translate` decides, as plain data. Adapters (the YAML stream of the
 * CLI and `npm run synth`, the cdk8s ComposeChart) only read it.
 */
import type { ComposeProject, Diagnostic } from '../../compose/model.ts';
import type * as k8s from './api-types.ts';
import type { SecretPayload } from './context.ts';
import type { PodSecurityLevel } from '../options/options.ts';
import type { ServiceWiring } from '../networking/wiring/wiring.ts';
import type { ObjectToCreate } from './to-create.ts';

/** A Kubernetes object as the API takes it: apiVersion, kind and a named metadata. */
export interface KubernetesManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
}

/** An API type whose metadata is always there and named, as every planned object's is. */
export type Named<T extends { metadata?: k8s.ObjectMeta }> = T & { metadata: k8s.ObjectMeta & { name: string } };

/**
 * One planned object and the compose services it belongs to (none for project-wide objects). The
 * object is the manifest itself, or what a caller of `translateKeeping` keeps of it (the CLI: its
 * YAML text).
 */
export interface PlanEntry<Manifest = KubernetesManifest> {
  readonly manifest: Manifest;
  readonly services: readonly string[];
}

export interface TranslationPlan<Manifest = KubernetesManifest> {
  readonly project: ComposeProject;
  readonly namespace: string;
  /** Every object, in the order the rules planned them (`sortManifests` gives the output order). */
  readonly entries: readonly PlanEntry<Manifest>[];
  /** Loader and translation warnings, located in the compose files, but those `x-kubernetes.acknowledge` names. */
  readonly warnings: readonly Diagnostic[];
  /** How many warnings `x-kubernetes.acknowledge` left out. */
  readonly acknowledgedWarnings: number;
  /** The Secrets the manifests reference; never part of `entries`. */
  readonly secrets: readonly SecretPayload[];
  /** The strictest Pod Security Standard level all pods meet. */
  readonly podSecurityLevel: PodSecurityLevel;
  /** Kubernetes name of every compose service, by compose name. */
  readonly serviceNames: Readonly<Record<string, string>>;
  /**
   * The services made from another, by compose name (an ofelia job's `<service>-<job>` → its
   * service): they run that service's image and read its environment's Secret. @default none
   */
  readonly madeFrom?: Readonly<Record<string, string>>;
  /** Per compose service: the names it answers to, its ports, and the references it makes (`convert --explain`). */
  readonly wiring: Readonly<Record<string, ServiceWiring>>;
  /** Objects the manifests refer to that neither they nor `secrets` provide: the operator creates them before applying. */
  readonly toCreate: readonly ObjectToCreate[];
}

/** The plan's manifests, in planning order. */
export function planManifests<Manifest>(plan: Pick<TranslationPlan<Manifest>, 'entries'>): Manifest[] {
  return plan.entries.map((entry) => entry.manifest);
}
