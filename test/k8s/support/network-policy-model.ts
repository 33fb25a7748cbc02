import type * as k8s from '../../../lib/k8s/plan/api-types.ts';

/**
 * A small model of NetworkPolicy semantics (matchLabels peers, ipBlock = outside the namespace,
 * ports by number): traffic passes when the destination's policies allow it in and the source's
 * policies allow it out.
 */
export type Endpoint = { readonly labels: Readonly<Record<string, string>> } | 'internet' | 'kube-dns';

function selects(selector: k8s.NetworkPolicyPeer['podSelector'], labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function peerMatches(peer: k8s.NetworkPolicyPeer, endpoint: Endpoint): boolean {
  if (endpoint === 'internet') return peer.ipBlock !== undefined;
  if (endpoint === 'kube-dns') return peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system';
  return peer.podSelector !== undefined && peer.namespaceSelector === undefined && selects(peer.podSelector, endpoint.labels);
}

function portMatches(ports: readonly k8s.NetworkPolicyPort[] | undefined, number: number): boolean {
  return ports === undefined || ports.some((p) => p.port === number);
}

export function allowed(policies: readonly { readonly spec: k8s.NetworkPolicySpec }[], from: Endpoint, to: Endpoint, portNumber: number): boolean {
  const side = (endpoint: Endpoint, direction: 'ingress' | 'egress', peer: Endpoint): boolean => {
    if (typeof endpoint === 'string') return true;
    const applying = policies.filter((p) => selects(p.spec.podSelector, endpoint.labels));
    if (applying.length === 0) return true;
    return applying.some((p) =>
      (p.spec[direction] ?? []).some((rule) => {
        const peers = 'from' in rule ? rule.from : (rule as k8s.NetworkPolicyEgressRule).to;
        return (peers === undefined || peers.some((x) => peerMatches(x, peer))) && portMatches(rule.ports, portNumber);
      }),
    );
  };
  return side(from, 'egress', to) && side(to, 'ingress', from);
}
