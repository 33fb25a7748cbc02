import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import { KubeNetworkPolicy } from '../k8s/kube-objects.ts';
import { CONTAINER_PORT, DASHBOARD_POD_LABELS, TEMPLATE_NAME } from './names.ts';

export interface NetworkSettings {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods of the ingress path (the reverse proxy). */
  readonly ingressFrom: Readonly<Record<string, string>>;
  readonly mqttPods: Readonly<Record<string, string>>;
  readonly mqttPorts: readonly number[];
}

const DNS_PORT = 53;

/**
 * Dashboards are reachable only through the ingress path and reach only MQTT (and DNS to find it).
 * The namespace denies by default and policies are additive, so both ends of each path get a
 * policy: the ingress path may send to dashboards, the MQTT broker admits them.
 */
export function addDashboardNetworkPolicies(scope: Construct, settings: NetworkSettings): void {
  const metadata = (name: string) => ({ name, namespace: settings.namespace, labels: { ...settings.labels } });
  const dashboards = { matchLabels: { ...DASHBOARD_POD_LABELS } };
  const mqtt = { matchLabels: { ...settings.mqttPods } };
  const mqttPorts = settings.mqttPorts.map((port) => tcp(port));
  new KubeNetworkPolicy(scope, 'dashboards', {
    metadata: metadata(TEMPLATE_NAME),
    spec: {
      podSelector: dashboards,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { ...settings.ingressFrom } } }], ports: [tcp(CONTAINER_PORT)] }],
      egress: [
        { to: [{ podSelector: mqtt }], ports: mqttPorts },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [tcp(DNS_PORT), { protocol: 'UDP', port: k8s.IntOrString.fromNumber(DNS_PORT) }],
        },
      ],
    },
  });
  new KubeNetworkPolicy(scope, 'ingress-path-to-dashboards', {
    metadata: metadata(`ingress-to-${TEMPLATE_NAME}`),
    spec: {
      podSelector: { matchLabels: { ...settings.ingressFrom } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: dashboards }], ports: [tcp(CONTAINER_PORT)] }],
    },
  });
  new KubeNetworkPolicy(scope, 'mqtt-from-dashboards', {
    metadata: metadata(`mqtt-from-${TEMPLATE_NAME}`),
    spec: {
      podSelector: mqtt,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: dashboards }], ports: mqttPorts }],
    },
  });
}

function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}
