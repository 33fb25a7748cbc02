import type * as k8s from '../plan/api-types.ts';
import type { Warn } from '../plan/context.ts';
import type { NamedPort } from '../networking/service-ports.ts';
import { podStartOrder, type StartingMember } from './pod-start-order.ts';

/** What one service brings to a pod: its containers, init containers, ports and the Jobs it waits for. */
export interface PodMember {
  /** The compose service. */
  readonly service: string;
  readonly ports: readonly NamedPort[];
  readonly containers: readonly k8s.Container[];
  readonly initContainers: readonly k8s.Container[];
  readonly jobs: readonly string[];
  /** The pod-mates its `depends_on` names (shared-pods.ts). */
  readonly awaits: StartingMember['awaits'];
}

/**
 * The pod of `host` with the containers of the services that join it (shared-pods.ts). Their ports
 * join the host's Service. A port both declare (a VPN container publishing the port of the service
 * in its network namespace) is one port of the one network namespace: declared once, on the
 * host's container, and reported. An init container both run (a wait for the same dependency) runs once.
 * Members other members wait for start first, as sidecars after those (pod-start-order.ts).
 */
export function joinedPod(host: PodMember, joined: readonly PodMember[], warn: Warn): Omit<PodMember, 'service' | 'awaits'> {
  const starting: StartingMember[] = [host];
  const initContainers = [...host.initContainers];
  const ports = [...host.ports];
  const jobs = new Set(host.jobs);
  for (const member of joined) {
    const clashing = member.ports.filter((port) => ports.some((known) => known.name === port.name || (known.port === port.port && known.protocol === port.protocol)));
    if (clashing.length > 0) {
      warn(
        `port${clashing.length > 1 ? 's' : ''} ${clashing.map((port) => `${port.port}/${port.protocol}`).join(', ')} ${clashing.length > 1 ? 'are' : 'is'} declared by '${host.service}' too, whose pod it joins: the pod's Service carries ${clashing.length > 1 ? 'them' : 'it'} once, declared on the container of '${host.service}' (the containers share one network, so the one that listens answers)`,
        `services.${member.service}`,
      );
    }
    const dropped = new Set(clashing.map((port) => port.name));
    ports.push(...member.ports.filter((port) => !dropped.has(port.name)));
    const containers = member.containers.map((container) => {
      const kept = container.ports?.filter((port) => port.name === undefined || !dropped.has(port.name)) ?? [];
      return dropped.size === 0 ? container : { ...container, ports: kept.length > 0 ? kept : undefined };
    });
    starting.push({ service: member.service, containers, awaits: member.awaits });
    for (const init of member.initContainers) if (!initContainers.some((known) => known.name === init.name)) initContainers.push(init);
    for (const job of member.jobs) jobs.add(job);
  }
  const { containers, sidecars } = podStartOrder(starting, warn);
  return { containers, initContainers: [...initContainers, ...sidecars], ports, jobs: [...jobs] };
}
