import { JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import type { PodSecurityLevel } from './options.ts';

const POD_SECURITY_VERSION = 'v1.27';
const STRICTNESS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The strictest Pod Security Standard every one of `levels` meets. */
export function strictestCommonLevel(levels: readonly PodSecurityLevel[]): PodSecurityLevel {
  return levels.reduce<PodSecurityLevel>(
    (least, level) => (STRICTNESS.indexOf(level) > STRICTNESS.indexOf(least) ? level : least),
    'restricted',
  );
}

/** Pod Security admission labels: enforce, audit and warn all at the level the pods meet. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
  }
  return labels;
}

export function addNamespace(
  scope: Construct,
  name: string,
  level: PodSecurityLevel,
  labels: Readonly<Record<string, string>>,
): void {
  const namespace = new k8s.KubeNamespace(scope, 'namespace', {
    metadata: { name, labels: { ...labels, ...podSecurityLabels(level) } },
  });
  // Charts give every object their default namespace; a Namespace itself is cluster-scoped.
  namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
