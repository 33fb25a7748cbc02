import type * as k8s from '../plan/api-types.ts';
import { UNPRIVILEGED_PORTS } from './pod-security-level.ts';

/** What a service brings to the security context of a pod it shares: its own pod-level settings and containers. */
export interface PodSecurityMember {
  readonly securityContext: k8s.PodSecurityContext | undefined;
  readonly containers: readonly k8s.Container[];
}

/**
 * The security context of a pod several services share (`network_mode: service:X`): each service's
 * settings are computed for it alone, but sysctls, fsGroup and supplemental groups belong to the pod,
 * so the host's alone left a joining container without what it needs — a non-root nginx beside a root
 * VPN or tailscale container could neither bind port 80 nor write its claim. The pod gets the union:
 * every member's sysctls and groups, and the host's fsGroup or else a joiner's (Kubernetes adds it to
 * every container's groups and makes claims group-writable, so one serves all). A non-root container
 * in a pod that serves a port below 1024 gets the unprivileged-port sysctl: the ports of the shared
 * network namespace may be declared on another member than the one that binds them.
 */
export function joinedPodSecurityContext(host: PodSecurityMember, joined: readonly PodSecurityMember[], servesLowPort: boolean): k8s.PodSecurityContext {
  const members = [host, ...joined];
  const contexts = members.map((member) => member.securityContext ?? {});
  const sysctls = new Map<string, string>();
  // The host's value first: a later member does not change a sysctl the host sets.
  for (const context of contexts) for (const sysctl of context.sysctls ?? []) if (!sysctls.has(sysctl.name)) sysctls.set(sysctl.name, sysctl.value);
  const nonRoot = members.some((member) => member.containers.some((container) => (container.securityContext?.runAsUser ?? 0) > 0));
  if (servesLowPort && nonRoot && !sysctls.has(UNPRIVILEGED_PORTS)) sysctls.set(UNPRIVILEGED_PORTS, '0');
  const groups = [...new Set(contexts.flatMap((context) => context.supplementalGroups ?? []))].sort((a, b) => a - b);
  const owner = contexts.find((context) => context.fsGroup !== undefined);
  const names = [...sysctls.keys()].sort();
  return Object.assign(
    {},
    contexts[0],
    owner ? { fsGroup: owner.fsGroup, fsGroupChangePolicy: owner.fsGroupChangePolicy } : {},
    groups.length > 0 ? { supplementalGroups: groups } : {},
    names.length > 0 ? { sysctls: names.map((name) => ({ name, value: sysctls.get(name) as string })) } : {},
  );
}
