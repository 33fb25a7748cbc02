/**
 * The cluster harness can fail: each kind of problem it exists to catch, made on purpose and applied
 * to the real API server, comes back as a finding with the cluster's own reason.
 */
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { findingText } from '../../tools/cluster/findings.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();

function namespace(name: string, level = 'restricted'): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level } } };
}

const restrictedContainer = {
  name: 'app',
  image: 'registry.example/app:1.0',
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' } },
};

function deployment(ns: string, name: string, podSpec: object): object {
  const labels = { app: name };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } } };
}

async function findings(name: string, objects: readonly object[]): Promise<string[]> {
  const manifests = objects.map((object) => JSON.stringify(object)).join('\n---\n');
  const report = await applyAndWatch(kubectl, { name, manifests }, { timeoutMs: 60_000, settleMs: 15_000 });
  return report.findings.map(findingText);
}

describe.concurrent('the cluster harness reports', () => {
  it('nothing for a stack that works: ready replicas, a bound claim, endpoints and a completed Job', async () => {
    const ns = 'h-works';
    const labels = { app: 'web' };
    expect(await findings(ns, [
      namespace(ns),
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: ns },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      deployment(ns, 'web', { containers: [{ ...restrictedContainer, ports: [{ containerPort: 8080 }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: ns },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [restrictedContainer] } } } },
    ])).toEqual([]);
  });

  it('an unknown field, refused by strict validation against the server\'s own schema', async () => {
    const ns = 'h-strict';
    const found = await findings(ns, [namespace(ns), deployment(ns, 'web', { containers: [{ ...restrictedContainer, imagePullPolicyy: 'Always' }] })]);
    expect(found).toEqual([expect.stringMatching(/^apply: refused: Error from server: .*\.imagePullPolicyy: field not declared in schema$/)]);
  });

  it('pods refused by Pod Security admission, with the admission message', async () => {
    const ns = 'h-pss';
    const found = await findings(ns, [namespace(ns), deployment(ns, 'web', { containers: [{ name: 'app', image: 'x/app:1', securityContext: { privileged: true } }] })]);
    expect(found).toEqual([expect.stringMatching(/^h-pss: Deployment\/web: 0\/1 replicas ready: .*violates PodSecurity "restricted:latest": privileged/)]);
  });

  it('unschedulable pods, a DaemonSet that matches no node, and a claim the default class cannot serve', async () => {
    const ns = 'h-placement';
    const labels = { app: 'agent' };
    const found = await findings(ns, [
      namespace(ns, 'baseline'),
      deployment(ns, 'on-control-plane', { containers: [restrictedContainer], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }] } } } }),
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: ns }, spec: { selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { nodeSelector: { gpu: 'true' }, containers: [restrictedContainer] } } } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'shared', namespace: ns },
        spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } } },
      deployment(ns, 'uses-shared', { containers: [restrictedContainer], volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'shared' } }] }),
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^h-placement: Deployment\/on-control-plane: 0\/1 replicas ready: unschedulable: 0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector/),
      'h-placement: Deployment/uses-shared: 0/1 replicas ready: waiting for PersistentVolumeClaim shared, not Bound',
      'h-placement: DaemonSet/agent: its node selector and affinity match no node, so it runs nowhere',
      expect.stringMatching(/^h-placement: PersistentVolumeClaim\/shared: Pending: ProvisioningFailed: .*ReadWriteMany needs a file-storage class/),
    ]);
  });

  it('references a kubelet would refuse, and a Service whose selector matches no pod', async () => {
    const ns = 'h-references';
    const found = await findings(ns, [
      namespace(ns),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { 'app.conf': 'x' } },
      deployment(ns, 'web', {
        containers: [{ ...restrictedContainer, env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'web-env', key: 'PASSWORD' } } }],
          volumeMounts: [{ name: 'settings', mountPath: '/etc/app' }] }],
        volumes: [{ name: 'settings', configMap: { name: 'settings', items: [{ key: 'other.conf', path: 'other.conf' }] } }],
      }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: ns }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } },
    ]);
    expect(found).toEqual([
      'h-references: Deployment/web: its pods cannot start: ConfigMap settings has no key other.conf; Secret web-env does not exist',
      'h-references: Service/api: no ready endpoints: its selector matches no pod',
    ]);
  });
});
