import type { k8s } from '../../imports/k8s.ts';
import type { ComposeProject, Service } from '../compose/model.ts';
import type { ComposeKubernetesOptions, ServiceOptions, WorkloadKind } from './options.ts';

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
}

/** A namespaced object a rule asks the chart to create; the chart de-duplicates by kind and name. */
export interface ConfigMapPayload {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  readonly binaryData: Readonly<Record<string, string>>;
}

/**
 * A Secret the manifests reference. Its values never reach `dist/`: only `cdk8s-compose secrets`
 * prints them.
 */
export interface SecretPayload {
  readonly name: string;
  readonly stringData: Readonly<Record<string, string>>;
}

export interface ClaimPayload {
  readonly name: string;
  readonly spec: k8s.PersistentVolumeClaimSpec;
  readonly labels?: Readonly<Record<string, string>>;
}
