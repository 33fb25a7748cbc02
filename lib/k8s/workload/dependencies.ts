import type * as k8s from '../plan/api-types.ts';
import type { Dependency, Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { firstTcpPort } from './first-tcp-port.ts';
import { cpuText, memoryText } from '../plan/quantities.ts';
import { own } from '../plan/own.ts';
import type { JobWaits } from './run-once/job-wait.ts';
import { WAIT_SECURITY } from './wait-security.ts';
import { readyServiceName } from '../networking/service.ts';
import { guessedHealthWarning } from './healthy-wait.ts';
import { hasOwnNetwork } from '../networking/wiring/wiring.ts';

/** Small, pinned, and with `nc`, `sh` and `timeout`. */
export const WAIT_IMAGE = 'busybox:1.36.1';
/** How long an optional (`required: false`) dependency is waited for before starting anyway. */
export const OPTIONAL_WAIT_SECONDS = 60;

const MiB = 1024 ** 2;

/**
 * Init containers that keep `depends_on` start order (and the order compose adds for
 * `volumes_from`, `network_mode: service:X` and `ipc: service:X`, which the loader turns into
 * `service_started` dependencies). `service_started` and `service_healthy` wait until the
 * dependency's Service accepts TCP connections on the port the service connects to (else its
 * first TCP port, see waitedPort): a Service only routes to
 * ready pods, and readiness is the dependency's healthcheck. A cluster member's Service routes to
 * its pods whatever their readiness (networking/wiring/cluster-members.ts): `service_healthy` waits
 * on its `-ready` Service, `service_started` on the Service itself, as compose waits for the start. A `service_completed_successfully`
 * dependency runs once, as a Job (run-once/), and `jobs` builds the init container that waits for
 * that Job to complete.
 */
export function initContainersFor(context: ServiceContext, jobs?: JobWaits): k8s.Container[] {
  const { service } = context;
  const waits: k8s.Container[] = [];
  for (const [name, dependency] of sortedDependencies(service)) {
    const implied = dependency.impliedBy;
    const key = implied ?? `services.${service.name}.depends_on.${name}`;
    const label = implied ? `the start after '${name}' that ${impliedWhat(implied, name)} implies` : `depends_on '${name}'`;
    const target = own(context.project.services, name);
    if (!target) {
      context.warn(`${label} is not an enabled service; not waited for`, key);
      continue;
    }
    if (implied !== undefined && dependency.condition === 'service_started' && jobs?.runsAsJob(name) === true) {
      // The order compose adds by itself, after a task: huginn's data-only `mysqldata` (a Job) that
      // `mysql` takes its volumes from. Its pod serves nothing, and what it holds are claims.
      context.warn(`${label} is not waited for: '${name}' runs as a Job, whose pod serves nothing to wait for${impliedWhat(implied, name) === 'volumes_from' ? heldVolumes(target) : ''}`, key);
      continue;
    }
    const startedJob = dependency.condition === 'service_started' && implied === undefined && jobs?.runsAsJob(name) === true;
    if (dependency.condition !== 'service_completed_successfully' && !startedJob) {
      const wait = portWait(context, target, dependency.required, key, label, dependency.condition === 'service_healthy');
      if (wait) waits.push(wait);
      continue;
    }
    if (!dependency.required) {
      context.warn(`optional depends_on '${name}' (${dependency.condition}) is not waited for: its Job runs at the same time as this service`, key);
      continue;
    }
    if (startedJob) {
      // A running Job serves nothing to connect to, and what depends on a task usually needs its
      // work done (spicedb's `serve` after `migrate head`). Compose starts the dependent whatever
      // the task's outcome, so a failed task lets it start too (budibase's couch-init exits 2).
      context.warn(
        `depends_on '${name}' waits until its Job has finished (succeeded or failed), where compose only waits for it to start (service_started): what depends on a task usually needs its work done, as a server needs its migration, and a running Job serves nothing to wait for (write condition: service_completed_successfully to start only after it succeeded)`,
        key,
      );
    }
    const wait = jobs?.container(containerName('wait-for-', kubernetesName(context, name)), name, startedJob ? 'finished' : 'complete');
    if (!wait) {
      context.warn(`depends_on '${name}' (service_completed_successfully) is not enforced: '${name}' does not run as a Job (x-kubernetes.workload or deploy.mode chose another workload), so it never completes`, key);
      continue;
    }
    waits.push(wait);
  }
  return waits;
}

/**
 * What a data-only Job holds for the services that take its volumes: claims they mount themselves,
 * or, when compose declares none, only its image's VOLUMEs, which Docker shares and a pod does not
 * (huginn's `mysqldata`, whose image keeps MySQL's data in VOLUME /var/lib/mysql).
 */
function heldVolumes(target: Service): string {
  const declared = target.volumes.some((mount) => (mount.type === 'volume' && mount.source !== undefined) || mount.type === 'bind');
  return declared
    ? ', and the volumes it holds are claims this pod mounts itself'
    : ", and it declares no volume to share: what its image keeps in its own VOLUMEs (a database's data directory) is this pod's container file system, lost at each restart (mount a named volume there in both services)";
}

/** `ipc: service:a`, `links`: what the key that implies a dependency on `dependency` says. */
function impliedWhat(key: string, dependency: string): string {
  const field = key.slice(key.lastIndexOf('.') + 1);
  return field === 'links' || field === 'volumes_from' ? field : `${field}: service:${dependency}`;
}

function sortedDependencies(service: Service): [string, Dependency][] {
  return Object.entries(service.dependsOn).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function kubernetesName(context: ServiceContext, service: string): string {
  return own(context.names, service) ?? service;
}

function portWait(context: ServiceContext, target: Service, required: boolean, key: string, label: string, healthy: boolean): k8s.Container | undefined {
  // A cluster member's own Service answers whatever its pods' readiness; its `-ready` Service only with ready pods.
  const member = healthy && context.clusterMembers?.has(target.name) === true;
  const host = member ? readyServiceName(kubernetesName(context, target.name)) : kubernetesName(context, target.name);
  const port = waitedPort(context, target);
  let loop: string;
  if (port === undefined) {
    if (member || !resolvesWhenReady(context, target)) {
      context.warn(`${label} is not waited for: no TCP port of it is known to connect to (declare expose: to wait for it)`, key);
      return undefined;
    }
    // Onyx's api_server dials Vespa as VESPA_HOST=index on 8081 and 19071, which no file of the
    // stack states: index's Service is headless, and nothing waited for it (until 2026-12-07).
    context.warn(
      `${label} waits until the name '${host}' resolves: no port of it is known, so its Service is headless, whose name answers with its pod's address once the pod is ready (on any port, as under compose); declare expose: with the ports it serves to wait for one of them`,
      key,
    );
    // busybox nc says `bad address` while the name does not resolve, and nothing else: a refused or
    // filtered connection to port 1 means the name answers.
    loop = `while nc -z -w 2 ${host} 1 2>&1 | grep -q "bad address"; do echo waiting for ${host}; sleep 2; done`;
  } else {
    if (healthy) {
      const guessed = guessedHealthWarning(label, target, context.imageOf?.(target.name), host, port);
      if (guessed !== undefined) context.warn(guessed, key);
    }
    loop = `until nc -z -w 2 ${host} ${port}; do echo waiting for ${host}:${port}; sleep 2; done`;
  }
  const script = required
    ? loop
    : `timeout ${OPTIONAL_WAIT_SECONDS} sh -c '${loop}' || echo ${port === undefined ? host : `${host}:${port}`} not reachable after ${OPTIONAL_WAIT_SECONDS}s, starting anyway`;
  return {
    name: containerName('wait-for-', host),
    image: WAIT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', script],
    resources: {
      requests: { cpu: cpuText(0.01), memory: memoryText(16 * MiB) },
      limits: { cpu: cpuText(0.1), memory: memoryText(32 * MiB) },
    },
    securityContext: WAIT_SECURITY,
  };
}

/**
 * Whether the dependency's own Service is headless without ports, which DNS answers with its ready
 * pods' addresses: it has a network of its own (not a pod it joins) and no port of any protocol is
 * known for it. Unknown without the wiring's knowledge.
 */
function resolvesWhenReady(context: ServiceContext, target: Service): boolean {
  const known = context.portsOf?.(target.name);
  return known !== undefined && known.length === 0 && hasOwnNetwork(target);
}

/**
 * The port to wait on: the lowest port of the dependency that the service itself connects to, else
 * its first TCP port. Debezium's connect reaches schema-registry on 8081, the port its listener
 * binds, but waited on 8181, the first port compose publishes, where nothing listens: it never started.
 */
function waitedPort(context: ServiceContext, target: Service): number | undefined {
  const served = new Set([...target.ports.filter((p) => p.protocol === 'tcp').map((p) => p.target), ...target.expose.filter((p) => p.protocol === 'tcp').map((p) => p.port)]);
  const evidenced = listenedPorts(context, target.name);
  const known = (port: number): boolean => evidenced === undefined || evidenced.size === 0 || evidenced.has(port);
  // A port no text writes (`https://wazuh.master`, 443 by its scheme, where the API listens on 55000
  // as another file says) is a guess, which only the target's own ports confirm: wazuh-docker's
  // multi-node dashboard waited on wazuh-master:443 forever, and never started (until 2026-12-07).
  // It then waits on the first port the target is known to listen on.
  const connected = (context.references ?? [])
    .filter((reference) => reference.service === target.name && reference.outcome !== 'unreachable in compose')
    .flatMap((reference) => (reference.port !== undefined && served.has(reference.port) && (reference.portImplied !== true || known(reference.port)) ? [reference.port] : []));
  if (connected.length > 0) return Math.min(...connected);
  const first = firstTcpPort(target);
  return first === undefined || known(first) ? first : [...served].find(known);
}

/**
 * The TCP ports a service is known to listen on from something other than the others' use of it:
 * compose's `ports`/`expose`, its healthcheck, its image. Undefined without the wiring's knowledge.
 */
function listenedPorts(context: ServiceContext, service: string): ReadonlySet<number> | undefined {
  const known = context.portsOf?.(service);
  if (known === undefined) return undefined;
  return new Set(known.filter((port) => port.protocol === 'tcp' && port.sources.some((source) => !source.startsWith('used by '))).map((port) => port.port));
}

/** A DNS label of at most 63 characters, as container names must be. */
function containerName(prefix: string, name: string): string {
  return `${prefix}${name}`.slice(0, 63).replace(/-+$/, '');
}
