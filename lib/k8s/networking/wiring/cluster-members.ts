import type { ComposeProject, Service } from '../../../compose/model.ts';
import type { Warn } from '../../plan/context.ts';
import { readyServiceName } from '../service.ts';

/**
 * Whether two services run the same image: the same build (context, Dockerfile and target), which
 * compose tags once per service (consul-vault's consul_1, consul_2 and consul_3 all build consul/),
 * or else the same reference.
 */
export function sameImage(a: Service | undefined, b: Service): boolean {
  if (a === undefined) return false;
  if (a.build !== undefined && b.build !== undefined) {
    return a.build.context === b.build.context && a.build.dockerfile === b.build.dockerfile && a.build.target === b.build.target;
  }
  return a.image !== undefined && a.image === b.image;
}

/**
 * Whether a reference from `from` to `target` only says where `target` is, to every service alike:
 * `target` has the same setting word for word (one env_file or YAML anchor given to every service,
 * one project file mounted into each), and it names no other service of `target`'s image. Such a
 * setting is no sign that the two are peers: tryretool/retool-onpremise gives its docker.env, which
 * names api (DOMAINS) and workflows-backend (WORKFLOW_BACKEND_HOST), to both, and until 2026-12-07
 * the two were called the members of a cluster, since each named the other. A shared list naming
 * several services of the image (`SEEDS=node1,node2`, etcd's ETCD_INITIAL_CLUSTER) is how the
 * members of a cluster are configured alike, and still counts. `named` is every service the
 * setting's text names, `from` itself included.
 */
export function sharedAddress(project: ComposeProject, from: string, key: string, variable: string | undefined, text: string, target: string, named: readonly string[]): boolean {
  const source = project.services[from];
  const other = project.services[target];
  if (source === undefined || other === undefined) return false;
  if (named.some((name) => name !== target && sameImage(project.services[name], other))) return false;
  const prefix = `services.${from}.`;
  if (variable !== undefined && key === `${prefix}environment.${variable}`) return Object.hasOwn(other.environment, variable) && other.environment[variable] === text;
  if (key.startsWith('configs.')) {
    const config = key.slice('configs.'.length);
    return other.configs.some((reference) => reference.source === config);
  }
  const volume = key.startsWith(`${prefix}volumes.`) ? source.volumes[Number(key.slice(`${prefix}volumes.`.length))] : undefined;
  return volume !== undefined && volume.type === 'bind' && other.volumes.some((mount) => mount.type === 'bind' && mount.source === volume.source);
}

/**
 * The members of a cluster, each with the members that reach it by name: services of one image that
 * name each other (etcd's `--initial-cluster etcd1=http://etcd1:2380,etcd2=…`, Elasticsearch's
 * `discovery.seed_hosts=es02,es03`). A member named by another of its image, and naming one itself,
 * may need the others before it is healthy: etcd's `etcdctl endpoint health` passes only with a
 * quorum, Elasticsearch's cluster health once a master is elected. In compose the members reach
 * each other whatever their health; a Service routes (ClusterIP) or resolves (headless) only ready
 * pods, and a pod is ready when its healthcheck passes: no member would ever become ready. So their
 * Services publish the pods whatever their readiness (`publishNotReadyAddresses`), as Kubernetes'
 * own peer Services do, and what waits for one to be healthy waits on its `-ready` Service
 * (dependencies.ts). So are the replicas of one service that find each other by its name (its
 * Service is headless then: wiring.ts). A seed only named (Flink's jobmanager, a Cassandra seed) is
 * ready alone and keeps its Service as it is. Said once per member.
 */
export interface ClusterMember {
  /** The members of its image that name it (none for the replicas of one service). */
  readonly peers: readonly string[];
  /** The services that wait for it to be healthy (`depends_on: {condition: service_healthy}`). */
  readonly healthyWaiters: readonly string[];
}

export function clusterMembers(
  project: ComposeProject,
  names: Readonly<Record<string, string>>,
  namers: ReadonlyMap<string, ReadonlySet<string>>,
  ownNetwork: (service: Service) => boolean,
  replicasNamedAlike: (service: Service) => string | undefined,
  warn: Warn,
): Map<string, ClusterMember> {
  const found = new Map<string, { readonly peers: readonly string[]; readonly who: string }>();
  for (const service of Object.values(project.services)) {
    if ((service.image === undefined && service.build === undefined) || !ownNetwork(service)) continue;
    const peers = [...(namers.get(service.name) ?? [])].filter((peer) => peer !== service.name && sameImage(project.services[peer], service)).sort();
    // It names one of them back: that peer's namers hold it.
    if (peers.some((peer) => namers.get(peer)?.has(service.name) === true)) {
      found.set(service.name, { peers, who: `it is a member of a cluster (it names services of its image, and ${peers.join(', ')}, of its image, name${peers.length === 1 ? 's' : ''} it)` });
      continue;
    }
    const replicas = replicasNamedAlike(service);
    if (replicas !== undefined) found.set(service.name, { peers: [], who: `it runs ${replicas}, which find each other by its name, as the members of a cluster do` });
  }
  const members = new Map<string, ClusterMember>();
  if (found.size === 0) return members;
  const waiters = new Map<string, string[]>();
  for (const service of Object.values(project.services)) {
    for (const [target, dependency] of Object.entries(service.dependsOn)) {
      if (!found.has(target) || dependency.condition !== 'service_healthy' || dependency.impliedBy !== undefined) continue;
      let list = waiters.get(target);
      if (!list) waiters.set(target, (list = []));
      list.push(service.name);
    }
  }
  for (const [member, { peers, who }] of found) {
    const healthyWaiters = (waiters.get(member) ?? []).sort();
    members.set(member, { peers, healthyWaiters });
    const own = names[member] ?? member;
    const waits = healthyWaiters.length === 0 ? '' : `; ${healthyWaiters.join(', ')} wait${healthyWaiters.length === 1 ? 's' : ''} for it to be healthy on Service '${readyServiceName(own)}', which answers with its ready pods alone`;
    warn(
      `Service '${own}' answers with its pods whatever their readiness (publishNotReadyAddresses): ${who}, and in compose the members reach each other whatever their health; a member whose healthcheck needs the others (a quorum, an elected leader) would otherwise never become ready${waits}`,
      `services.${member}`,
    );
  }
  return members;
}
