import type * as k8s from './api-types.ts';
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { ImageFacts } from '../../images/facts.ts';
import type { KnownPort, WiredReference } from '../networking/wiring/wiring.ts';
import type { ClusterMember } from '../networking/wiring/cluster-members.ts';
import type { NameOwner } from '../names/name-registry.ts';
import type { ComposeKubernetesOptions, ServiceOptions, WorkloadKind } from '../options/options.ts';

/**
 * Reports something that was not translated, or not exactly. `key` is the dotted path in the
 * compose document (`services.web.logging`); the chart turns it into `file:line:column`.
 */
export type Warn = (message: string, key: string) => void;

/** Everything a translation rule may know while translating one service. */
export interface ServiceContext {
  readonly project: ComposeProject;
  readonly service: Service;
  /** The service's options, with defaults and every x-kubernetes layer already applied. */
  readonly options: ServiceOptions;
  readonly chartOptions: ComposeKubernetesOptions;
  /** Kubernetes name (a DNS-1035 label) of every compose service, by compose name. */
  readonly names: Readonly<Record<string, string>>;
  /** The workload kind chosen for this service (decided before any other rule runs). */
  readonly workload: WorkloadKind;
  readonly warn: Warn;
  /** What the service's image says (its Dockerfile, the lock file), when known; compose always wins over it. */
  readonly image: ImageFacts | undefined;
  /**
   * The ports the wiring found the service serves, each with where it is known from (`ports`,
   * `expose`, `healthcheck`, `Dockerfile EXPOSE`, `used by <service>`): the service's `expose:`
   * holds them all once wired, and only this tells which compose itself declares.
   */
  readonly knownPorts?: readonly KnownPort[];
  /** The service's references to the project's services (host, port), as the wiring found them. */
  readonly references?: readonly WiredReference[];
  /** The pod's hostname and subdomain that keep a dotted name the others reach it by (wiring/pod-domain-names.ts). */
  readonly podDomain?: { readonly hostname: string; readonly subdomain: string };
  /** What another service's image says (as `image`), for rules that ask about a dependency. */
  readonly imageOf?: (service: string) => ImageFacts | undefined;
  /** The ports the wiring found any service of the project serves, with their sources (as knownPorts). */
  readonly portsOf?: (service: string) => readonly KnownPort[] | undefined;
  /** The project's cluster members, whose Services answer whatever their pods' readiness (wiring/cluster-members.ts). */
  readonly clusterMembers?: ReadonlyMap<string, ClusterMember>;
  /** The services made from another (an ofelia job's service → its service), whose environment they share. */
  readonly madeFrom?: Readonly<Record<string, string>>;
}

/**
 * A ConfigMap a rule asks for. Several services may ask for one object (a compose config they all
 * mount): the same `owner` shares its name, another owner of the name is an error (name-registry.ts).
 */
export interface ConfigMapPayload {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  readonly binaryData: Readonly<Record<string, string>>;
  readonly owner: NameOwner;
}

/**
 * A Secret the manifests reference. Its values never reach `dist/`: only `cdk8s-compose secrets`
 * prints them.
 */
export interface SecretPayload {
  readonly name: string;
  readonly stringData: Readonly<Record<string, string>>;
}

/** A Secret a rule asks for, with who asks (as for ConfigMapPayload). */
export interface OwnedSecretPayload extends SecretPayload {
  readonly owner: NameOwner;
}

/** A claim template of a StatefulSet (named as the pod volume), or a claim to create. */
export interface ClaimPayload {
  readonly name: string;
  readonly spec: k8s.PersistentVolumeClaimSpec;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A PersistentVolumeClaim to create, with who asks (as for ConfigMapPayload). */
export interface SharedClaimPayload extends ClaimPayload {
  readonly owner: NameOwner;
  /** E.g. what keeps GitOps tools from deleting the claim of an external volume. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * An object the manifests use but the operator creates (an external secret, a claim of an external
 * volume, the Secret for a certificate directory absent at conversion time). Its name is registered
 * like a planned object's: no planned object may take it.
 */
export interface ObjectReference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';
  readonly name: string;
  readonly owner: NameOwner;
}
