import type * as k8s from '../k8s/plan/api-types.ts';
import type { Named } from '../k8s/plan/plan.ts';
import { CONTAINER_PORT, DASHBOARD_POD_LABELS, TEMPLATE_NAME } from './names.ts';

export interface NetworkSettings {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods of the ingress path (the reverse proxy). */
  readonly ingressFrom: Readonly<Record<string, string>>;
  /** Namespace of the ingress controller that serves the manager's per-team routes, if any. */
  readonly ingressControllerNamespace?: string;
  readonly mqttPods: Readonly<Record<string, string>>;
  readonly mqttPorts: readonly number[];
}

const DNS_PORT = 53;

/**
 * Dashboards are reachable only through the ingress path and reach only MQTT (and DNS to find it).
 * The namespace denies by default and policies are additive, so both ends of each path get a
 * policy: the ingress path may send to dashboards, the MQTT broker admits them.
 */
export function dashboardNetworkPolicies(settings: NetworkSettings): Named<k8s.NetworkPolicy>[] {
  const metadata = (name: string) => ({ name, namespace: settings.namespace, labels: { ...settings.labels } });
  const dashboards = { matchLabels: { ...DASHBOARD_POD_LABELS } };
  const mqtt = { matchLabels: { ...settings.mqttPods } };
  const mqttPorts = settings.mqttPorts.map((port) => tcp(port));
  const controllerNamespace = settings.ingressControllerNamespace;
  const controller = controllerNamespace === undefined ? [] : [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controllerNamespace } } }];
  const policy = (name: string, spec: k8s.NetworkPolicySpec): Named<k8s.NetworkPolicy> => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(name),
    spec,
  });
  return [
    policy(TEMPLATE_NAME, {
      podSelector: dashboards,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { ...settings.ingressFrom } } }, ...controller], ports: [tcp(CONTAINER_PORT)] }],
      egress: [
        { to: [{ podSelector: mqtt }], ports: mqttPorts },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [tcp(DNS_PORT), { protocol: 'UDP', port: DNS_PORT }],
        },
      ],
    }),
    policy(`ingress-to-${TEMPLATE_NAME}`, {
      podSelector: { matchLabels: { ...settings.ingressFrom } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: dashboards }], ports: [tcp(CONTAINER_PORT)] }],
    }),
    policy(`mqtt-from-${TEMPLATE_NAME}`, {
      podSelector: mqtt,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: dashboards }], ports: mqttPorts }],
    }),
  ];
}

function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port };
}
