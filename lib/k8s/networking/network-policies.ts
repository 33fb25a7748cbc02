import { nameRecordOf } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import type { ComposeProject, Service } from '../../compose/model.ts';
import { labelValue, selectorLabels } from '../names/labels.ts';
import { dnsLabel } from '../names/object-names.ts';
import type { ComposeKubernetesOptions } from '../options/options.ts';
import { apiProtocol, publishedPorts } from './service-ports.ts';
import { podHostOf } from '../workload/shared-pods.ts';
import { own } from '../plan/own.ts';
import { hostNetworkReach, onHostNetwork, type HostNetworkReach } from './host-network-reach.ts';

export interface NetworkPolicyPayload {
  readonly name: string;
  readonly spec: k8s.NetworkPolicySpec;
  /** The compose service whose pods it selects; none for the namespace-wide default deny. */
  readonly service?: string;
}

const NETWORK_LABEL_PREFIX = 'network.cdk8s-compose.io/';
const DNS_PORTS: k8s.NetworkPolicyPort[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];
const KUBE_SYSTEM: k8s.NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
};
/** Compose bridge networks reach the internet; `internal: true` ones do not. */
const ANYWHERE: k8s.NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

/**
 * NetworkPolicies that let pods reach only the pods they share a compose network with: a default
 * deny, then one policy per service (`<service>-network`) opening ingress from and egress to its
 * networks' pods, DNS, the internet unless all its networks are internal, and ingress from anywhere
 * on its published ports when the exposure option exposes them. The default deny covers the whole namespace only when the project creates
 * it; in a namespace it shares (kube-system, default) it selects the project's own pods, so it never
 * cuts off CoreDNS or anyone else's pods.
 */
export function networkPoliciesFor(
  project: ComposeProject,
  names: Readonly<Record<string, string>>,
  options: ComposeKubernetesOptions,
  namespace: 'created' | 'shared' = 'created',
  /** Services the exposure option makes reachable from outside the cluster: their published ports are open to everyone. */
  exposed: ReadonlySet<string> = new Set(),
): NetworkPolicyPayload[] {
  if (options.networkPolicies === false) return [];
  const podSelector = namespace === 'created' ? {} : { matchLabels: { 'app.kubernetes.io/instance': labelValue(project.name) } };
  const defaultDeny: NetworkPolicyPayload = { name: 'default-deny', spec: { podSelector, policyTypes: ['Ingress', 'Egress'] } };
  // A service in another's pod is covered by that pod's policy.
  const services = Object.values(project.services)
    .filter((service) => podHostOf(project, service.name) === service.name)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const reach = hostNetworkReach(project);
  const nameOf = (service: string): string => names[service] ?? dnsLabel(service);
  return [defaultDeny, ...services.map((service) => servicePolicy(project, service, nameOf(service.name), exposed.has(service.name), reach, nameOf))];
}

/** Pod labels that mark which compose networks a service's pods are attached to. */
export function networkLabelsFor(project: ComposeProject, serviceName: string): Record<string, string> {
  return nameRecordOf(attachedNetworks(project, serviceName).map((network) => [networkLabel(network), 'true'] as const));
}

function servicePolicy(
  project: ComposeProject,
  service: Service,
  name: string,
  exposed: boolean,
  reach: readonly HostNetworkReach[],
  nameOf: (service: string) => string,
): NetworkPolicyPayload {
  const networks = attachedNetworks(project, service.name);
  const peers: k8s.NetworkPolicyPeer[] = networks.map((network) => ({ podSelector: { matchLabels: nameRecordOf([[networkLabel(network), 'true']]) } }));
  // A published port stays inside the namespace unless it is exposed: other tenants of the cluster are not the host's network.
  const published = (exposed ? publishedPorts(service) : []).map(
    (port): k8s.NetworkPolicyPort => ({ protocol: apiProtocol(port.protocol), port: port.port }),
  );
  // The host network joins a service on it to the ports the others publish on the host (host-network-reach.ts).
  const podOf = (other: string): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: selectorLabels(project.name, nameOf(other)) } });
  const hostIn = byPeer(reach.filter((entry) => entry.to === service.name), (entry) => entry.from).map(
    ([from, ports]): k8s.NetworkPolicyIngressRule => ({ from: [podOf(from)], ports: tcpPorts(ports) }),
  );
  const hostOut = byPeer(reach.filter((entry) => entry.from === service.name), (entry) => entry.to).map(
    ([to, ports]): k8s.NetworkPolicyEgressRule => ({ to: [podOf(to)], ports: tcpPorts(ports) }),
  );
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    ...(peers.length > 0 ? [{ from: peers }] : []),
    ...(published.length > 0 ? [{ ports: published }] : []),
    ...hostIn,
  ];
  // The host's network reaches the internet, as a bridge network that is not internal does.
  const reachesInternet = onHostNetwork(project, service.name) || networks.some((network) => own(project.networks, network)?.internal === false);
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { to: [KUBE_SYSTEM], ports: DNS_PORTS },
    ...(peers.length > 0 ? [{ to: peers }] : []),
    ...hostOut,
    ...(reachesInternet ? [{ to: ANYWHERE }] : []),
  ];
  return {
    name: `${name}-network`,
    service: service.name,
    spec: { podSelector: { matchLabels: selectorLabels(project.name, name) }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}

/** The entries grouped by the other service, in the (sorted) order of the entries. */
function byPeer(entries: readonly HostNetworkReach[], peer: (entry: HostNetworkReach) => string): [string, number[]][] {
  const grouped = new Map<string, number[]>();
  for (const entry of entries) grouped.set(peer(entry), [...(grouped.get(peer(entry)) ?? []), entry.port]);
  return [...grouped.entries()];
}

function tcpPorts(ports: readonly number[]): k8s.NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port }));
}

/**
 * Compose network keys the service is on, sorted; `network_mode: service:<name>` shares that
 * service's networks, and `host`/`none` modes join none.
 */
export function attachedNetworks(project: ComposeProject, serviceName: string, seen: ReadonlySet<string> = new Set()): string[] {
  const service = own(project.services, serviceName);
  if (!service || seen.has(serviceName)) return [];
  const sharedWith = /^(service|container):(.+)$/.exec(service.networkMode ?? '')?.[2];
  if (sharedWith !== undefined) return attachedNetworks(project, sharedWith, new Set([...seen, serviceName]));
  if (service.networkMode !== undefined && service.networkMode !== 'bridge' && service.networkMode !== 'default') return [];
  return Object.keys(service.networks).sort();
}

/** `network.cdk8s-compose.io/<network>`: the name part of a label key is at most 63 characters. */
function networkLabel(network: string): string {
  return `${NETWORK_LABEL_PREFIX}${dnsLabel(network, 'network')}`;
}
