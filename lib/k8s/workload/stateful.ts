import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject, Service } from '../../compose/model.ts';
import { parseImage } from './image-profiles.ts';
import { completionTargets } from './run-once/completion-targets.ts';
import { oneShotSign, restartAfterExit, restartedTaskKey } from './run-once/one-shot.ts';
import { locate } from '../plan/locate.ts';
import { EXTENSION_KEY } from '../options/options-validation.ts';
import type { Warn } from '../plan/context.ts';
import type { ServiceOptions, WorkloadKind } from '../options/options.ts';
import type { ImageFacts } from '../../images/facts.ts';

/**
 * Images of data stores that keep their state on disk. A service running one of them with a named
 * volume becomes a StatefulSet, so each replica keeps its own claim and a stable network identity.
 * Matched against the image's repository name without registry, namespace, tag or digest
 * (`bitnami/postgresql:16` → `postgresql`), or against the whole repository path.
 */
export const DATA_STORE_IMAGES: readonly string[] = [
  'arangodb', 'cassandra', 'clickhouse', 'clickhouse-server', 'cockroach', 'couchbase', 'couchdb', 'crate',
  'cp-kafka', 'cp-zookeeper', 'eclipse-mosquitto', 'elasticsearch', 'etcd', 'influxdb', 'kafka',
  'keydb', 'mariadb', 'minio', 'mongo', 'mongodb', 'mosquitto', 'mssql/server', 'mysql', 'nats',
  'neo4j', 'opensearch', 'percona', 'pgvector', 'postgis', 'postgres', 'postgresql', 'qdrant', 'questdb', 'rabbitmq',
  'redis', 'redis-cluster', 'redis-stack', 'redis-stack-server', 'scylla', 'timescaledb', 'timescaledb-ha', 'valkey',
  'valkey-cluster', 'zookeeper',
];

const DATA_STORES: ReadonlySet<string> = new Set(DATA_STORE_IMAGES);

export function isDataStoreImage(image: string): boolean {
  const path = parseImage(image).repository;
  if (DATA_STORES.has(path)) return true;
  // Or the path after any `/`: `bitnami/postgresql`, `acme/mssql/server`.
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    if (DATA_STORES.has(path.slice(slash + 1))) return true;
  }
  return false;
}

function namedVolumes(service: Service): string[] {
  return service.volumes.flatMap((mount) => (mount.type === 'volume' && mount.source !== undefined ? [mount.source] : []));
}

/** Other services that mount one of the service's named volumes. */
function volumeSharers(project: ComposeProject, service: Service): string[] {
  const own = new Set(namedVolumes(service));
  return Object.values(project.services)
    .filter((other) => other.name !== service.name && namedVolumes(other).some((volume) => own.has(volume)))
    .map((other) => other.name);
}

/**
 * The data store image a service is built from (the last FROM of its Dockerfile, which the caller
 * reads into the image facts: rules read no file), when compose builds it and neither its own
 * image name nor the `image` option says more. bigcapital builds its `mysql` FROM mariadb:10.2 and
 * its `redis` FROM redis:6.2.21, each with a named volume: they were Deployments (Recreate) sharing
 * one ReadWriteOnce claim, where the same images pulled by name are StatefulSets (until 2026-12-07).
 */
function builtDataStore(service: Service, options: ServiceOptions, baseImage: string | undefined): string | undefined {
  if (service.build === undefined || options.image !== undefined || baseImage === undefined || baseImage === 'scratch') return undefined;
  return isDataStoreImage(baseImage) ? baseImage : undefined;
}

/**
 * The workload kind of a service: the `workload` option wins; then `deploy.mode` (global →
 * DaemonSet, jobs → Job); then a service others wait on with `service_completed_successfully` →
 * Job (run-once/completion-targets.ts), and so is a task by its shape (run-once/one-shot.ts); then a data store with a named volume → StatefulSet
 * (an image of one pulled by name, or built FROM one: `baseImage`, the last FROM of its Dockerfile); else Deployment.
 * `facts`: what the image's Dockerfile or lock says (its HEALTHCHECK keeps a task-shaped service a Deployment).
 * A data store whose volume another service mounts stays a Deployment: a StatefulSet's per-replica
 * claims could not be shared.
 */
export function chooseWorkload(project: ComposeProject, service: Service, options: ServiceOptions, warn: Warn, baseImage?: string, facts?: ImageFacts): WorkloadKind {
  if (options.workload) return options.workload;
  switch (service.deploy.mode) {
    case 'global':
      return 'DaemonSet';
    case 'replicated-job':
    case 'global-job':
      return 'Job';
    case 'replicated':
      break;
  }
  if (completionTargets(project).has(service.name)) return 'Job';
  const sign = oneShotSign(project, service, facts);
  if (sign !== undefined) {
    warn(
      // Ory's kratos-migrate and hydra-migrate ask `restart: on-failure`, which the Job keeps (OnFailure);
      // the warning said they asked for no restart (until 2026-12-07).
      `runs as a Job, once per change of its spec: ${sign}, it serves no port, has no healthcheck and ${restartAfterExit(service) === 'on-failure' ? 'asks to be restarted only when it fails, as the Job does' : 'asks for no restart after it exits'} (set x-kubernetes.workload: Deployment if it is a server)`,
      `services.${service.name}`,
    );
    return 'Job';
  }
  const restartedTask = restartedTaskKey(project, service);
  if (restartedTask !== undefined) {
    warn(
      "stays a Deployment, restarted after every exit as compose's restart policy asks, though its name says it is a task and it serves no port: once its work is done Kubernetes shows the pod in CrashLoopBackOff and runs it again and again (set x-kubernetes.workload: Job if it runs once)",
      restartedTask,
    );
  }
  if (namedVolumes(service).length === 0) return 'Deployment';
  const image = options.image ?? service.image;
  const built = image !== undefined && isDataStoreImage(image) ? undefined : builtDataStore(service, options, baseImage);
  if (built === undefined && (image === undefined || !isDataStoreImage(image))) return 'Deployment';
  const sharers = volumeSharers(project, service);
  if (sharers.length === 0) {
    if (built !== undefined) {
      warn(
        `runs as a StatefulSet with a claim of its own, as a data store does: its Dockerfile starts FROM ${built} (set x-kubernetes.workload: Deployment if it is not one)`,
        `services.${service.name}.build`,
      );
    }
    return 'StatefulSet';
  }
  warn(
    `${sharers.map((name) => `'${name}'`).join(', ')} also mount${sharers.length === 1 ? 's' : ''} this data store's volumes, so it stays a Deployment sharing one claim instead of a StatefulSet`,
    `services.${service.name}.volumes`,
  );
  return 'Deployment';
}

/** Rejects option combinations that cannot mean what the user wrote. */
export function checkWorkloadOptions(
  project: ComposeProject,
  service: Service,
  options: ServiceOptions,
  workload: WorkloadKind,
): void {
  const fail = (message: string, option: string): never => {
    const key = `services.${service.name}.${EXTENSION_KEY}.${option}`;
    throw new ComposeError(`service '${service.name}': ${message}`, locate(project, key) ?? service.location, key);
  };
  if (workload === 'CronJob' && options.schedule === undefined) {
    fail("workload CronJob needs a 'schedule' (a cron expression such as '0 3 * * *')", 'workload');
  }
  for (const option of ['schedule', 'timeZone', 'suspend', 'startingDeadlineSeconds'] as const) {
    if (workload !== 'CronJob' && options[option] !== undefined) fail(`'${option}' only applies to workload CronJob, but the workload is ${workload}`, option);
  }
  if (workload === 'DaemonSet' && (options.replicas !== undefined || service.deploy.replicas !== undefined)) {
    fail('a DaemonSet runs one pod per node and takes no replicas', options.replicas !== undefined ? 'replicas' : 'workload');
  }
}
