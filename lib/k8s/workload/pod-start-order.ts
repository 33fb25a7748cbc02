import type { DependencyCondition } from '../../compose/model.ts';
import type * as k8s from '../plan/api-types.ts';
import type { Warn } from '../plan/context.ts';

/** One service of a shared pod, as the start order sees it. */
export interface StartingMember {
  readonly service: string;
  readonly containers: readonly k8s.Container[];
  /** The pod-mates its `depends_on` names, with their conditions (shared-pods.ts). */
  readonly awaits: ReadonlyMap<string, DependencyCondition>;
}

export interface PodStart {
  /** The containers of the members nobody in the pod waits for, in member order. */
  readonly containers: readonly k8s.Container[];
  /** The awaited members' containers as sidecars, each after the mates it waits for itself. */
  readonly sidecars: readonly k8s.Container[];
}

/**
 * Compose starts a service after the pod-mates its `depends_on` names: an app in a VPN container's
 * network namespace (`network_mode: service:gluetun`) waits for `gluetun: {condition:
 * service_healthy}`, or its first connections leave by the node's network, unprotected. The
 * containers of one pod start together; init containers start in turn, and one with `restartPolicy:
 * Always` (a native sidecar, Kubernetes 1.29 and later) keeps running for the pod's life, the next
 * starting once it has started, or once its startupProbe has passed when it has one. So an awaited
 * member runs as a sidecar ahead of the others, after the mates it awaits itself, and
 * `service_healthy` gives it a startupProbe from its healthcheck.
 */
export function podStartOrder(members: readonly StartingMember[], warn: Warn): PodStart {
  const awaited = new Map<string, { healthy: boolean; by: string[] }>();
  for (const member of members) {
    for (const [mate, condition] of member.awaits) {
      const entry = awaited.get(mate) ?? { healthy: false, by: [] };
      entry.healthy ||= condition === 'service_healthy';
      entry.by.push(member.service);
      awaited.set(mate, entry);
    }
  }
  const byService = new Map(members.map((member) => [member.service, member]));
  const order: StartingMember[] = [];
  const placed = new Set<string>();
  const visit = (member: StartingMember): void => {
    if (placed.has(member.service)) return;
    // Marked before its mates are visited: compose refuses a cycle, and one here ends rather than loops.
    placed.add(member.service);
    for (const mate of member.awaits.keys()) {
      const its = byService.get(mate);
      if (its) visit(its);
    }
    if (awaited.has(member.service)) order.push(member);
  };
  for (const member of members) if (awaited.has(member.service)) visit(member);
  if (order.length === 0) return { containers: members.flatMap((member) => member.containers), sidecars: [] };
  const sidecars = order.flatMap((member) => {
    const { healthy, by } = awaited.get(member.service) as { healthy: boolean; by: string[] };
    return member.containers.map((container) => sidecar(container, member.service, healthy, by, warn));
  });
  const containers = members.filter((member) => !awaited.has(member.service)).flatMap((member) => member.containers);
  return { containers, sidecars };
}

function sidecar(container: k8s.Container, service: string, healthy: boolean, awaitedBy: readonly string[], warn: Warn): k8s.Container {
  const waiters = awaitedBy.map((name) => `'${name}'`).join(', ');
  const where = `services.${awaitedBy[0]}.depends_on.${service}`;
  const gate = healthy ? (container.startupProbe ?? container.readinessProbe) : undefined;
  if (healthy && !gate) {
    warn(
      `'${service}' has no healthcheck the converter can see for service_healthy (the compose file writes none; an image's own HEALTHCHECK is seen once the image is locked: cdk8s-compose images lock): it runs as a sidecar of the pod (an init container with restartPolicy: Always) and ${waiters} start${awaitedBy.length > 1 ? '' : 's'} once its process has started`,
      where,
    );
  } else {
    warn(
      `'${service}' runs as a sidecar of the pod (an init container with restartPolicy: Always), so that ${waiters} start${awaitedBy.length > 1 ? '' : 's'} ${gate ? 'once its startupProbe (its healthcheck) has passed' : 'after it'}, as compose starts ${awaitedBy.length > 1 ? 'them' : 'it'}: needs Kubernetes 1.29 or later`,
      where,
    );
  }
  // Object.assign: V8 builds literals that start with a spread and go on several times slower (issue 7).
  return Object.assign({}, container, { restartPolicy: 'Always' }, gate ? { startupProbe: gate } : {});
}
