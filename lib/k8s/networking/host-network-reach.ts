/**
 * What a service on the host network reaches under compose, for the NetworkPolicies. With
 * `network_mode: host` a container is on no compose network: it has the machine's network, so it
 * reaches the internet and every port the project's services publish on the host, loopback ones
 * included (and those other host-network services serve). searxng-docker's Caddy, on the host
 * network, proxies to `localhost:8080`, which searxng publishes on 127.0.0.1 only, and fetches its
 * certificates from Let's Encrypt. As a pod on no network its policy let it reach DNS alone: the
 * address the converter tells the operator to write (`searxng:8080`) was refused at both ends, and
 * so was the internet (until 2026-12-07).
 */
import type { ComposeProject } from '../../compose/model.ts';
import { own } from '../plan/own.ts';
import { podHostOf } from '../workload/shared-pods.ts';
import { hostPorts } from './host-network-loopback.ts';

export interface HostNetworkReach {
  /** The service on the host network (the pod its policy selects). */
  readonly from: string;
  /** The service whose port the host reaches: the pod it runs in. */
  readonly to: string;
  /** The container port that answers on the host port. */
  readonly port: number;
}

/** Whether compose puts the service on the host's network. */
export function onHostNetwork(project: ComposeProject, service: string): boolean {
  return own(project.services, service)?.networkMode === 'host';
}

/**
 * Every (host-network service, service, container port) the host's ports join: each service on the
 * host network reaches each TCP port another service publishes or serves there. Sorted by the
 * services' names and the port, in code-unit order.
 */
export function hostNetworkReach(project: ComposeProject): HostNetworkReach[] {
  const onHost = Object.keys(project.services).filter((name) => onHostNetwork(project, name) && podHostOf(project, name) === name);
  if (onHost.length === 0) return [];
  const reaches = new Map<string, HostNetworkReach>();
  for (const owner of hostPorts(project).values()) {
    const to = podHostOf(project, owner.service);
    for (const from of onHost) {
      if (from === to) continue;
      reaches.set(`${from}\n${to}\n${owner.target}`, { from, to, port: owner.target });
    }
  }
  return [...reaches.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || a.port - b.port);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
