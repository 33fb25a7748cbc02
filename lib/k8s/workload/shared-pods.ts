import { podMateRestart } from './restart-with.ts';
import { nameRecordOf } from '../../name-records.ts';
/**
 * Services that share one pod: `network_mode: service:<other>` (the service lives in the other's
 * network namespace, so each reaches the other on localhost) and Kompose's `kompose.service.group`
 * (the services of a group run as containers of one pod). A pod's host is the service whose
 * workload and Service run it; the others join it as extra containers. The project comes back
 * with each joining service's `network_mode` naming its host, and without `depends_on` between
 * services of one pod: their containers start together, and a wait for a pod-mate's Service from
 * an init container would never end.
 */
import type { ComposeProject, DependencyCondition, Service } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import { own } from '../plan/own.ts';
import type { Warn } from '../plan/context.ts';
import { labelKey } from '../kompose/kompose-labels.ts';

export const GROUP_LABEL = 'kompose.service.group';

const NO_MATES: ReadonlyMap<string, DependencyCondition> = new Map();

export interface SharedPods {
  /** The service whose pod runs `service`'s container: the one it joins, else itself. */
  hostOf(service: string): string;
  /** The services whose containers join `host`'s pod, in compose order. */
  joinersOf(host: string): readonly string[];
  /**
   * The pod-mates `service`'s `depends_on` names, with their conditions: no init container can wait
   * for them (their Service is the pod's own), so the pod starts them first (pod-start-order.ts).
   */
  matesAwaitedBy(service: string): ReadonlyMap<string, DependencyCondition>;
}

/** The service `service` joins with `network_mode: service:<name>`, following chains to the host. */
export function podHostOf(project: ComposeProject, service: string): string {
  const seen = new Set<string>();
  let current = service;
  for (;;) {
    seen.add(current);
    const next = joinedService(own(project.services, current));
    if (next === undefined || seen.has(next) || !own(project.services, next)) return current;
    current = next;
  }
}

const joinersByProject = new WeakMap<ComposeProject, ReadonlyMap<string, readonly string[]>>();

/**
 * The services whose containers join `host`'s pod, in compose order, as a project `sharePods`
 * returned says (each joiner's network_mode names its host): built once per project.
 */
export function podJoiners(project: ComposeProject, host: string): readonly string[] {
  let joiners = joinersByProject.get(project);
  if (!joiners) {
    const byHost = new Map<string, string[]>();
    for (const service of Object.values(project.services)) {
      const joined = joinedService(service);
      if (joined === undefined || joined === service.name) continue;
      const list = byHost.get(joined);
      if (list) list.push(service.name);
      else byHost.set(joined, [service.name]);
    }
    joiners = byHost;
    joinersByProject.set(project, joiners);
  }
  return joiners.get(host) ?? [];
}

/**
 * The services that keep a pod of their own instead of joining `host`'s (service → host), each on
 * the host's networks instead of its network_mode: every rule that follows network_mode to find
 * the pod a service runs in (claims shared on one node, NetworkPolicies) would otherwise count it
 * in the host's pod, which it is not (mlflow's garage-init beside its storage: no policy of its
 * own, so no egress at all, and its claims shared with storage on any node).
 */
function onHostNetworks(project: ComposeProject, ownPods: ReadonlyMap<string, string>): ComposeProject {
  if (ownPods.size === 0) return project;
  const detached = (service: Service): Service => {
    const host = own(project.services, ownPods.get(service.name) ?? service.name);
    if (!host || host === service) return service;
    const { networkMode: _joined, ...rest } = service;
    return { ...rest, networks: host.networks, ...(host.networkMode === undefined ? {} : { networkMode: host.networkMode }) };
  };
  return withServices(project, nameRecordOf(Object.values(project.services).map((service) => [service.name, detached(service)] as const)));
}

function joinedService(service: Service | undefined): string | undefined {
  return /^service:(.+)$/.exec(service?.networkMode ?? '')?.[1];
}

/**
 * `runsOnce` tells the services that run to completion (Jobs, CronJobs): a pod that runs for good
 * cannot hold one, nor can a Job's pod hold a server, so those keep pods of their own.
 */
export function sharePods(project: ComposeProject, warn: Warn, runsOnce: (service: Service) => boolean): { readonly project: ComposeProject; readonly pods: SharedPods } {
  const once = new Set(Object.values(project.services).filter(runsOnce).map((service) => service.name));
  const hosts = new Map<string, string>();
  const ownPods = new Map<string, string>();
  for (const name of Object.keys(project.services)) {
    const host = podHostOf(project, name);
    if (host === name) continue;
    if (once.has(name) || once.has(host)) {
      warn(
        `keeps a pod of its own, not a container of the pod of service '${host}': ${once.has(name) ? `'${name}'` : `'${host}'`} runs to completion (a Job) and the other does not, so it reaches '${host}' by its Service, not on localhost`,
        `services.${name}.network_mode`,
      );
      ownPods.set(name, host);
      continue;
    }
    hosts.set(name, host);
  }
  project = onHostNetworks(project, ownPods);
  groupHosts(project, hosts, warn, once);
  if (hosts.size === 0) return { project, pods: { hostOf: (service) => service, joinersOf: () => [], matesAwaitedBy: () => NO_MATES } };
  const hostOf = (service: string): string => hosts.get(service) ?? service;
  const services: Record<string, Service> = {};
  const awaitedMates = new Map<string, ReadonlyMap<string, DependencyCondition>>();
  for (const service of Object.values(project.services)) {
    const host = hostOf(service.name);
    const mates = Object.entries(service.dependsOn).filter(([name]) => name !== service.name && hostOf(name) === host);
    // The start order compose adds by itself for a shared namespace is the pod's own: no sidecar for it.
    const written = mates.filter(([, dependency]) => dependency.impliedBy === undefined);
    if (written.length > 0) awaitedMates.set(service.name, new Map(written.map(([name, dependency]) => [name, dependency.condition])));
    for (const [name, dependency] of written) if (dependency.restart) warn(podMateRestart(name), `services.${service.name}.depends_on.${name}.restart`);
    const joined = host === service.name ? {} : { networkMode: `service:${host}` };
    const dependsOn = nameRecordOf(Object.entries(service.dependsOn).filter(([name]) => hostOf(name) !== host));
    services[service.name] = mates.length === 0 && service.networkMode === joined.networkMode ? service : { ...service, ...joined, dependsOn };
  }
  const joiners = new Map<string, string[]>();
  for (const name of Object.keys(project.services)) {
    const host = hosts.get(name);
    if (host !== undefined) joiners.set(host, [...(joiners.get(host) ?? []), name]);
  }
  for (const [name, host] of hosts) {
    warn(
      `runs as container '${name}' of the pod of service '${host}': '${host}''s workload, replicas and Service run both, and a reference to '${name}' reaches that Service; the service's own replicas, workload and exposure are not used`,
      own(project.services, name)?.networkMode !== undefined ? `services.${name}.network_mode` : labelKey(own(project.services, name) as Service, GROUP_LABEL),
    );
  }
  return {
    project: withServices(project, services),
    pods: { hostOf, joinersOf: (host) => joiners.get(host) ?? [], matesAwaitedBy: (service) => awaitedMates.get(service) ?? NO_MATES },
  };
}

/**
 * Kompose's groups: the services of a group join one member's pod (or the pod that member joins):
 * the first by name that publishes ports, else the first by name, so that its exposure covers
 * them. A member that joins another pod with network_mode keeps that pod.
 */
function groupHosts(project: ComposeProject, hosts: Map<string, string>, warn: Warn, once: ReadonlySet<string>): void {
  const groups = new Map<string, string[]>();
  for (const service of Object.values(project.services)) {
    const group = Object.hasOwn(service.labels, GROUP_LABEL) ? service.labels[GROUP_LABEL]?.trim() : undefined;
    if (!group) continue;
    if (once.has(service.name)) warn(`keeps a pod of its own, out of group '${group}': it runs to completion (a Job), which a pod that runs for good cannot hold`, labelKey(service, GROUP_LABEL));
    else groups.set(group, [...(groups.get(group) ?? []), service.name]);
  }
  for (const [group, unordered] of groups) {
    const publishes = (name: string): number => ((own(project.services, name)?.ports.length ?? 0) > 0 ? 0 : 1);
    const members = [...unordered].sort((a, b) => publishes(a) - publishes(b) || (a < b ? -1 : a > b ? 1 : 0));
    const host = hosts.get(members[0] as string) ?? (members[0] as string);
    for (const member of members.slice(1)) {
      if (hosts.has(member) || member === host) {
        if (hosts.get(member) !== host && member !== host) {
          warn(`stays in the pod of service '${hosts.get(member)}' (network_mode), not group '${group}''s`, labelKey(own(project.services, member) as Service, GROUP_LABEL));
        }
        continue;
      }
      hosts.set(member, host);
      for (const [other, its] of hosts) if (its === member) hosts.set(other, host);
    }
  }
}
