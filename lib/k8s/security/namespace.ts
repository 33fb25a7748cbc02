import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject } from '../../compose/model.ts';
import type * as k8s from '../plan/api-types.ts';
import { isDns1123Label, kubernetesName } from '../names/names.ts';
import type { PodSecurityLevel } from '../options/options.ts';
import type { Named } from '../plan/plan.ts';

/** `latest`: the cluster applies the Pod Security rules of its own version, whichever that is. */
const POD_SECURITY_VERSION = 'latest';
const STRICTNESS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The strictest Pod Security Standard every one of `levels` meets. */
export function strictestCommonLevel(levels: readonly PodSecurityLevel[]): PodSecurityLevel {
  return levels.reduce<PodSecurityLevel>(
    (least, level) => (STRICTNESS.indexOf(level) > STRICTNESS.indexOf(least) ? level : least),
    'restricted',
  );
}

/** Pod Security admission labels: enforce, audit and warn all at the level the pods meet, by the rules of `version`. */
export function podSecurityLabels(level: PodSecurityLevel, version = POD_SECURITY_VERSION): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

/** Namespaces the cluster owns: relabelling them would change Pod Security for everything in them. */
export function isSystemNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}

/** The project's Namespace, unless it is a system namespace (then the caller reports it). */
export function namespaceManifest(
  name: string,
  level: PodSecurityLevel,
  labels: Readonly<Record<string, string>>,
  podSecurityVersion?: string,
): Named<k8s.Namespace> | undefined {
  if (isSystemNamespace(name)) return undefined;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels, ...podSecurityLabels(level, podSecurityVersion) } } };
}

/** The requested namespace, or the project name with `_` as `-` (namespaces may start with a digit). */
export function namespaceFor(project: ComposeProject, requested: string | undefined): string {
  if (requested === undefined) {
    const converted = project.name.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    return isDns1123Label(converted) ? converted : kubernetesName(project.name);
  }
  if (!isDns1123Label(requested)) {
    throw new ComposeError(`namespace '${requested}' is not a valid Kubernetes namespace name (lowercase letters, digits and '-', at most 63)`);
  }
  return requested;
}
