/** Synthesizes one system's environment and reads the parts of its objects the targeted tests check. */
import { buildSystemPlan } from '../../charts/build.ts';
import { planManifests } from '../../lib/k8s/plan/plan.ts';
import type { SystemDefinition } from '../../charts/system.ts';
import { findObject, type Manifest } from '../support/k8s.ts';

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string }; readonly fieldRef?: { readonly fieldPath: string } };
}

interface HttpGet {
  readonly path: string;
  readonly port: number | string;
}

export interface Probe {
  readonly httpGet?: HttpGet;
  readonly exec?: { readonly command: readonly string[] };
  readonly tcpSocket?: { readonly port: number | string };
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly ports?: readonly { readonly containerPort: number }[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: {
    readonly limits?: Readonly<Record<string, string | number>>;
    readonly requests?: Readonly<Record<string, string | number>>;
  };
  readonly securityContext?: Readonly<Record<string, unknown>>;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly ({ readonly name: string } & Readonly<Record<string, unknown>>)[];
  readonly securityContext?: { readonly supplementalGroups?: readonly number[]; readonly [key: string]: unknown };
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: unknown;
  readonly tolerations?: readonly unknown[];
  readonly serviceAccountName?: string;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

export function synthSystem(system: SystemDefinition, environment: string): Manifest[] {
  // The plan's manifests are plain JSON in the shape Manifest describes.
  return planManifests(buildSystemPlan(system, environment)) as unknown as Manifest[];
}

export function workloads(docs: readonly Manifest[]): Manifest[] {
  return docs.filter((doc) => (WORKLOAD_KINDS as readonly string[]).includes(doc.kind));
}

/** The Deployment, StatefulSet or DaemonSet of a compose service. */
export function workload(docs: readonly Manifest[], name: string): Manifest {
  const found = workloads(docs).find((doc) => doc.metadata.name === name);
  if (!found) throw new Error(`no workload ${name} among ${workloads(docs).map((d) => d.metadata.name).join(', ')}`);
  return found;
}

export function podSpec(doc: Manifest): PodSpec {
  const spec = doc['spec'] as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } };
  const pod = spec.template?.spec ?? spec.jobTemplate?.spec.template.spec;
  if (!pod) throw new Error(`${doc.kind}/${doc.metadata.name} has no pod template`);
  return pod;
}

/** The service's own container (named like the service). */
export function container(docs: readonly Manifest[], name: string): Container {
  const found = podSpec(workload(docs, name)).containers.find((c) => c.name === name);
  if (!found) throw new Error(`workload ${name} has no container ${name}`);
  return found;
}

export function envOf(c: Container): Record<string, EnvVar> {
  return Object.fromEntries((c.env ?? []).map((variable) => [variable.name, variable]));
}

/** Services the init containers wait for, from their `wait-for-<service>` names. */
export function waitsFor(docs: readonly Manifest[], name: string): string[] {
  return (podSpec(workload(docs, name)).initContainers ?? [])
    .map((c) => c.name.replace(/^wait-for-/, ''))
    .sort();
}

/** Ports of the ClusterIP Service named like the compose service. */
export function servicePorts(docs: readonly Manifest[], name: string): number[] {
  const service = findObject(docs, 'Service', name)['spec'] as { ports: { port: number }[] };
  return service.ports.map((p) => p.port).sort((a, b) => a - b);
}

/** Names of the Services reachable from outside the cluster (LoadBalancer, NodePort or an Ingress backend). */
export function externallyReachable(docs: readonly Manifest[]): string[] {
  const publicServices = docs
    .filter((d) => d.kind === 'Service' && ['LoadBalancer', 'NodePort'].includes((d['spec'] as { type?: string }).type ?? ''))
    .map((d) => d.metadata.name.replace(/-public$/, ''));
  const ingressBackends = docs
    .filter((d) => d.kind === 'Ingress')
    .flatMap((d) => (d['spec'] as { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] }).rules)
    .flatMap((rule) => rule.http.paths.map((path) => path.backend.service.name));
  return [...new Set([...publicServices, ...ingressBackends])].sort();
}

/** Every variable whose name looks sensitive is read from a Secret, never a plain value. */
export function plainSensitiveVariables(docs: readonly Manifest[]): string[] {
  return workloads(docs).flatMap((doc) =>
    podSpec(doc).containers.flatMap((c) =>
      (c.env ?? [])
        .filter((v) => /PASSWORD|SECRET|TOKEN|_KEY$|DATABASE_URL|REDIS_URL/i.test(v.name) && v.value !== undefined)
        .map((v) => `${doc.metadata.name}.${v.name}`),
    ),
  );
}

/** What Grafana makes of `$VAR` and `${VAR}` in a provisioning file: the container's variable, or an empty string. */
export function expandGrafanaVariables(text: string, variable: (name: string) => string | undefined): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced: string | undefined, bare: string | undefined) => variable(braced ?? bare ?? '') ?? '');
}
