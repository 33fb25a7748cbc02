import { describe, expect, it } from 'vitest';
import type { Network, PortMapping } from '../../../lib/compose/model.ts';
import { selectorLabels } from '../../../lib/k8s/names/labels.ts';
import { networkLabelsFor, networkPoliciesFor } from '../../../lib/k8s/networking/network-policies.ts';
import { allowed, type Endpoint } from '../support/network-policy-model.ts';
import { makeProject, makeService } from '../../support/model.ts';

const network = (name: string, internal = false): Network => ({
  name,
  external: false,
  internal,
  attachable: false,
  labels: {},
  extensions: {},
});
const port = (target: number, published?: number, hostIp?: string): PortMapping => ({
  target,
  ...(published === undefined ? {} : { published }),
  ...(hostIp === undefined ? {} : { hostIp }),
  protocol: 'tcp',
  mode: 'ingress',
});

describe('network policies', () => {
  const project = makeProject(
    [
      makeService('web', { networks: { frontend: { aliases: [] } }, ports: [port(80, 8080)] }),
      makeService('api', { networks: { frontend: { aliases: [] }, backend: { aliases: [] } }, ports: [port(8000, 8000, '127.0.0.1')] }),
      makeService('db', { networks: { backend: { aliases: [] } } }),
    ],
    { networks: { frontend: network('demo_frontend'), backend: network('demo_backend', true) } },
  );
  const names = { web: 'web', api: 'api', db: 'db' };
  const policies = networkPoliciesFor(project, names, {});
  const pod = (service: string): Endpoint => ({
    labels: { ...selectorLabels('demo', service), ...networkLabelsFor(project, service) },
  });

  it('label pods with the networks they are on', () => {
    expect(networkLabelsFor(project, 'api')).toEqual({
      'network.cdk8s-compose.io/backend': 'true',
      'network.cdk8s-compose.io/frontend': 'true',
    });
  });

  it('start with a namespace-wide default deny and one policy per service', () => {
    expect(policies.map((p) => p.name)).toEqual(['default-deny', 'api-network', 'db-network', 'web-network']);
    expect(policies[0]?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies[1]?.spec.podSelector).toEqual({ matchLabels: selectorLabels('demo', 'api') });
  });

  it('deny by default only the project\'s own pods in a namespace the project does not create', () => {
    const shared = networkPoliciesFor(project, names, {}, 'shared');
    expect(shared[0]?.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'demo' } });
    expect(shared.slice(1)).toEqual(policies.slice(1));
  });

  it('let pods reach only pods they share a network with', () => {
    expect(allowed(policies, pod('web'), pod('api'), 8000)).toBe(true);
    expect(allowed(policies, pod('api'), pod('db'), 5432)).toBe(true);
    expect(allowed(policies, pod('db'), pod('api'), 8000)).toBe(true);
    expect(allowed(policies, pod('web'), pod('db'), 5432)).toBe(false);
    expect(allowed(policies, pod('db'), pod('web'), 80)).toBe(false);
  });

  it('allow DNS always, and the internet only from non-internal networks', () => {
    for (const service of ['web', 'api', 'db']) expect(allowed(policies, pod(service), 'kube-dns', 53)).toBe(true);
    expect(allowed(policies, pod('web'), 'internet', 443)).toBe(true);
    expect(allowed(policies, pod('api'), 'internet', 443)).toBe(true);
    expect(allowed(policies, pod('db'), 'internet', 443)).toBe(false);
  });

  it('keep published ports inside the namespace unless the exposure option exposes the service', () => {
    expect(allowed(policies, 'internet', pod('web'), 80)).toBe(false);
    expect(allowed(policies, 'internet', pod('db'), 5432)).toBe(false);
  });

  it('open the published ports of exposed services to everyone, except ports published on loopback', () => {
    const policies = networkPoliciesFor(project, names, {}, 'created', new Set(['web', 'api', 'db']));
    expect(allowed(policies, 'internet', pod('web'), 80)).toBe(true);
    expect(allowed(policies, 'internet', pod('web'), 81)).toBe(false);
    expect(allowed(policies, 'internet', pod('api'), 8000)).toBe(false);
    expect(allowed(policies, 'internet', pod('db'), 5432)).toBe(false);
  });

  it('write DNS rules on port 53 over UDP and TCP', () => {
    const egress = policies.find((p) => p.name === 'db-network')?.spec.egress ?? [];
    expect(egress[0]?.ports?.map((p) => [p.protocol, p.port])).toEqual([
      ['UDP', 53],
      ['TCP', 53],
    ]);
  });

  it('are skipped entirely when networkPolicies is false', () => {
    expect(networkPoliciesFor(project, names, { networkPolicies: false })).toEqual([]);
  });

  it('use Kubernetes names and valid label keys for odd compose names', () => {
    const odd = makeProject([makeService('my_app', { networks: { 'Backend_Net.v2': { aliases: [] } } })], {
      networks: { 'Backend_Net.v2': network('demo_backend') },
    });
    expect(networkLabelsFor(odd, 'my_app')).toEqual({ 'network.cdk8s-compose.io/backend-net-v2': 'true' });
    expect(networkPoliciesFor(odd, { my_app: 'my-app' }, {}).map((p) => p.name)).toEqual(['default-deny', 'my-app-network']);
  });

  it('let a service on the host network reach the internet and the ports the others publish on the host, loopback ones too', () => {
    // searxng-docker: Caddy on the host network proxies to localhost:8080, which searxng publishes on 127.0.0.1.
    const stack = makeProject(
      [
        makeService('caddy', { networkMode: 'host', networks: {} }),
        makeService('searxng', { networks: { searxng: { aliases: [] } }, ports: [port(8080, 8080, '127.0.0.1')] }),
        makeService('redis', { networks: { searxng: { aliases: [] } } }),
        makeService('metrics', { networkMode: 'host', networks: {}, expose: [{ port: 9100, protocol: 'tcp' }] }),
      ],
      { networks: { searxng: network('demo_searxng') } },
    );
    const stackNames = { caddy: 'caddy', searxng: 'searxng', redis: 'redis', metrics: 'metrics' };
    const stackPolicies = networkPoliciesFor(stack, stackNames, {});
    const at = (service: string): Endpoint => ({ labels: { ...selectorLabels('demo', service), ...networkLabelsFor(stack, service) } });
    expect(allowed(stackPolicies, at('caddy'), at('searxng'), 8080)).toBe(true);
    expect(allowed(stackPolicies, at('caddy'), at('searxng'), 8081)).toBe(false);
    expect(allowed(stackPolicies, at('caddy'), at('redis'), 6379)).toBe(false);
    expect(allowed(stackPolicies, at('caddy'), 'internet', 443)).toBe(true);
    // Services on the host network reach each other's ports; the others still do not reach them.
    expect(allowed(stackPolicies, at('caddy'), at('metrics'), 9100)).toBe(true);
    expect(allowed(stackPolicies, at('searxng'), at('caddy'), 80)).toBe(false);
    expect(allowed(stackPolicies, at('redis'), at('searxng'), 8080)).toBe(true);
  });

  it('give network_mode service:X the networks of X, and host/none modes none', () => {
    const shared = makeProject(
      [
        makeService('vpn', { networks: { edge: { aliases: [] } } }),
        makeService('client', { networkMode: 'service:vpn', networks: {} }),
        makeService('isolated', { networkMode: 'none', networks: {} }),
      ],
      { networks: { edge: network('demo_edge') } },
    );
    expect(networkLabelsFor(shared, 'client')).toEqual({ 'network.cdk8s-compose.io/edge': 'true' });
    expect(networkLabelsFor(shared, 'isolated')).toEqual({});
    const isolated = networkPoliciesFor(shared, { vpn: 'vpn', client: 'client', isolated: 'isolated' }, {}).find(
      (p) => p.name === 'isolated-network',
    );
    expect(isolated?.spec.ingress).toEqual([]);
    expect(isolated?.spec.egress).toHaveLength(1);
  });
});
