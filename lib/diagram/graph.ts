/**
 * What a picture of a converted stack shows, read from the planned manifests (issue 18 item 7):
 * workloads, the Services in front of them, the claims, ConfigMaps and Secrets they use, the
 * Ingress routes, and who may connect to whom under the NetworkPolicies. Only names, ports, hosts
 * and selectors are kept: never a value of a ConfigMap or Secret.
 */
import type { ILabelSelector as LabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1';
import type * as k8s from '../k8s/plan/api-types.ts';
import type { KubernetesManifest } from '../k8s/plan/plan.ts';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface Workload {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly claims: readonly string[];
  /** `volumeClaimTemplates` of a StatefulSet: one claim per pod. */
  readonly claimTemplates: readonly string[];
  readonly configMaps: readonly string[];
  readonly secrets: readonly string[];
}

export interface ServiceNode {
  readonly name: string;
  /** `ClusterIP`, `NodePort`, `LoadBalancer`, `headless` or `ExternalName`. */
  readonly type: string;
  /** `80→http`, `443→8443/UDP`, `30080 (node) 80→http`. */
  readonly ports: readonly string[];
  readonly selector?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly ingress: string;
  /** `shop.example.com/api`, or `*` for any host. */
  readonly match: string;
  readonly service: string;
}

/** Who may open connections to a workload, as the NetworkPolicies select them. */
export type Source =
  | { readonly type: 'pods'; readonly selector: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly type: 'outside'; readonly label: string };

export interface Admission {
  readonly source: Source;
  readonly target: string;
  /** `any port`, or `80/TCP, 443/TCP`. */
  readonly ports: string;
}

export interface StackGraph {
  readonly namespace?: string;
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceNode[];
  readonly claims: readonly string[];
  readonly configMaps: readonly string[];
  readonly routes: readonly Route[];
  readonly admissions: readonly Admission[];
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const ANY_PORT = 'any port';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort(byString);

/** Collects, object by object, what the picture needs; the manifests themselves are not kept. */
export class StackGraphBuilder {
  private namespace: string | undefined;
  private readonly workloads: Workload[] = [];
  private readonly services: ServiceNode[] = [];
  private readonly claims: string[] = [];
  private readonly configMaps: string[] = [];
  private readonly routes: Route[] = [];
  private readonly policies: k8s.NetworkPolicySpec[] = [];

  readonly add = (manifest: KubernetesManifest): void => {
    const { kind, metadata } = manifest;
    if (WORKLOAD_KINDS.has(kind)) this.workloads.push(workloadOf(manifest));
    else if (kind === 'Service') this.services.push(serviceOf(manifest as Named<k8s.Service>));
    else if (kind === 'PersistentVolumeClaim') this.claims.push(metadata.name);
    else if (kind === 'ConfigMap') this.configMaps.push(metadata.name);
    else if (kind === 'Ingress') this.routes.push(...routesOf(manifest as Named<k8s.Ingress>));
    else if (kind === 'NetworkPolicy') this.policies.push((manifest as Named<k8s.NetworkPolicy>).spec ?? { podSelector: {} });
    else if (kind === 'Namespace') this.namespace = metadata.name;
  };

  /** The graph, in an order that depends only on the names (not on the order objects came in). */
  graph(): StackGraph {
    const workloads = [...this.workloads].sort((a, b) => byString(a.name, b.name) || byString(a.kind, b.kind));
    return {
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      workloads,
      services: [...this.services].sort((a, b) => byString(a.name, b.name)),
      claims: sortedUnique(this.claims),
      configMaps: sortedUnique(this.configMaps),
      routes: [...this.routes].sort((a, b) => byString(a.ingress, b.ingress) || byString(a.match, b.match) || byString(a.service, b.service)),
      admissions: admissionsOf(this.policies, workloads),
    };
  }
}

type Named<T> = T & KubernetesManifest;

function podTemplateOf(manifest: KubernetesManifest): k8s.PodTemplateSpec | undefined {
  if (manifest.kind === 'CronJob') return (manifest as Named<k8s.CronJob>).spec?.jobTemplate.spec?.template;
  return (manifest as Named<k8s.Deployment>).spec?.template;
}

function workloadOf(manifest: KubernetesManifest): Workload {
  const template = podTemplateOf(manifest);
  const pod = template?.spec;
  const claims: string[] = [];
  const configMaps: string[] = [];
  const secrets: string[] = [];
  for (const volume of pod?.volumes ?? []) {
    if (volume.persistentVolumeClaim) claims.push(volume.persistentVolumeClaim.claimName);
    if (volume.configMap?.name) configMaps.push(volume.configMap.name);
    if (volume.secret?.secretName) secrets.push(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) configMaps.push(source.configMap.name);
      if (source.secret?.name) secrets.push(source.secret.name);
    }
  }
  for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef?.name) configMaps.push(from.configMapRef.name);
      if (from.secretRef?.name) secrets.push(from.secretRef.name);
    }
    for (const variable of container.env ?? []) {
      if (variable.valueFrom?.configMapKeyRef?.name) configMaps.push(variable.valueFrom.configMapKeyRef.name);
      if (variable.valueFrom?.secretKeyRef?.name) secrets.push(variable.valueFrom.secretKeyRef.name);
    }
  }
  const templates = manifest.kind === 'StatefulSet' ? ((manifest as Named<k8s.StatefulSet>).spec?.volumeClaimTemplates ?? []) : [];
  return {
    kind: manifest.kind as WorkloadKind,
    name: manifest.metadata.name,
    podLabels: template?.metadata?.labels ?? {},
    claims: sortedUnique(claims),
    claimTemplates: sortedUnique(templates.flatMap((claim) => (claim.metadata?.name ? [claim.metadata.name] : []))),
    configMaps: sortedUnique(configMaps),
    secrets: sortedUnique(secrets),
  };
}

function serviceOf(manifest: Named<k8s.Service>): ServiceNode {
  const spec = manifest.spec ?? {};
  const type = spec.type === 'ExternalName' ? 'ExternalName' : spec.clusterIP === 'None' ? 'headless' : (spec.type ?? 'ClusterIP');
  const ports = (spec.ports ?? []).map((port) => {
    const protocol = port.protocol && port.protocol !== 'TCP' ? `/${port.protocol}` : '';
    const node = port.nodePort !== undefined ? `${port.nodePort} (node) ` : '';
    return `${node}${port.port}→${port.targetPort ?? port.port}${protocol}`;
  });
  return { name: manifest.metadata.name, type, ports, ...(spec.selector ? { selector: spec.selector } : {}) };
}

function routesOf(manifest: Named<k8s.Ingress>): Route[] {
  const spec = manifest.spec ?? {};
  const ingress = manifest.metadata.name;
  const routes: Route[] = [];
  const fallback = spec.defaultBackend?.service?.name;
  if (fallback) routes.push({ ingress, match: '*', service: fallback });
  for (const rule of spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const service = path.backend.service?.name;
      if (service) routes.push({ ingress, match: `${rule.host ?? '*'}${path.path ?? '/'}`, service });
    }
  }
  return routes;
}

/** A label selector's `matchLabels` and `matchExpressions`, as the API evaluates them against pod labels. */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const exact = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return exact && (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const value = labels[key];
    if (operator === 'In') return value !== undefined && values.includes(value);
    if (operator === 'NotIn') return value === undefined || !values.includes(value);
    if (operator === 'Exists') return value !== undefined;
    return value === undefined;
  });
}

function selectorText(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  const expressions = (selector.matchExpressions ?? []).map(({ key, operator, values = [] }) => `${key} ${operator} (${values.join(', ')})`);
  const text = [...labels, ...expressions].sort(byString).join(', ');
  return text === '' ? 'all pods' : text;
}

function portsText(ports: readonly k8s.NetworkPolicyPort[] | undefined): string {
  if (!ports || ports.length === 0) return ANY_PORT;
  return ports.map((port) => `${port.port ?? 'any'}${port.endPort !== undefined ? `-${port.endPort}` : ''}/${port.protocol ?? 'TCP'}`).join(', ');
}

function peerSource(peer: k8s.NetworkPolicyPeer): Source {
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr;
    const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
    return { type: 'outside', label: cidr === '0.0.0.0/0' || cidr === '::/0' ? `anywhere${except}` : `${cidr}${except}` };
  }
  if (peer.namespaceSelector) {
    const pods = peer.podSelector ? ` (${selectorText(peer.podSelector)})` : '';
    return { type: 'outside', label: `namespaces ${selectorText(peer.namespaceSelector)}${pods}` };
  }
  const selector = peer.podSelector ?? {};
  return { type: 'pods', selector: selectorText(selector), labels: selector.matchLabels ?? {} };
}

/**
 * Who may connect to each workload: a pod no Ingress policy selects admits everyone; a selected one
 * admits what the rules of the policies selecting it allow (their union). `anywhere` is the one
 * source of both the unselected pods and the rules without `from`; the ipBlocks of both address
 * families read as one.
 */
function admissionsOf(policies: readonly k8s.NetworkPolicySpec[], workloads: readonly Workload[]): Admission[] {
  const admissions = new Map<string, Admission>();
  const admit = (source: Source, target: string, ports: string): void => {
    const key = `${target}\n${source.type === 'pods' ? `pods ${source.selector}` : source.label}\n${ports}`;
    if (!admissions.has(key)) admissions.set(key, { source, target, ports });
  };
  const ingressPolicies = policies.filter((spec) => (spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  for (const workload of workloads) {
    const selecting = ingressPolicies.filter((spec) => selects(spec.podSelector, workload.podLabels));
    if (selecting.length === 0) admit({ type: 'outside', label: 'anywhere' }, workload.name, ANY_PORT);
    for (const spec of selecting) {
      for (const rule of spec.ingress ?? []) {
        const ports = portsText(rule.ports);
        const peers = rule.from && rule.from.length > 0 ? rule.from.map(peerSource) : [{ type: 'outside', label: 'anywhere' } as const];
        for (const source of peers) admit(source, workload.name, ports);
      }
    }
  }
  // By key, so that the order the policies were planned in does not show.
  return [...admissions.keys()].sort(byString).map((key) => admissions.get(key)!);
}
