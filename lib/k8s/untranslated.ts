import { locatedKeys } from '../compose/locations.ts';
import type { ComposeProject, Service } from '../compose/model.ts';
import type { Warn } from './context.ts';
import { own } from './own.ts';

/**
 * Which rule translates each compose service key. A key absent from this table, or whose entry
 * is a function returning a reason, is reported as a warning. Keep this the one table of handled
 * keys: a rule that starts translating a key adds it here.
 */
type Handling = string | ((service: Service, value: unknown) => string | undefined);

const handled = (rule: string): Handling => rule;
const ignored = (reason: string): Handling => () => reason;

const RESTART_REASONS: Readonly<Record<string, string>> = {
  no: "restart: no — Kubernetes restarts a Deployment's containers always; use x-kubernetes.workload Job for run-once services",
  'on-failure': 'restart: on-failure — Kubernetes restarts the containers of long-running workloads always',
  'unless-stopped': 'restart: unless-stopped — Kubernetes restarts containers always; stop a workload by scaling it to 0',
};

export const SERVICE_KEYS: Readonly<Record<string, Handling>> = {
  image: handled('workload'),
  build: (service) =>
    service.image === undefined ? undefined : `build is ignored: the image '${service.image}' is run; build and push it yourself`,
  command: handled('workload'),
  entrypoint: handled('workload'),
  working_dir: handled('workload'),
  hostname: handled('workload'),
  tty: handled('workload'),
  stdin_open: handled('workload'),
  stop_grace_period: handled('workload'),
  pull_policy: handled('workload'),
  extra_hosts: handled('workload (hostAliases)'),
  shm_size: handled('workload (/dev/shm emptyDir)'),
  labels: handled('workload (annotations)'),
  scale: handled('workload (replicas)'),
  deploy: handled('workload'),
  restart: (service, value) => (isJob(service) ? undefined : own(RESTART_REASONS, String(value))),
  ports: handled('services'),
  expose: handled('services'),
  profiles: handled('loader'),
  environment: handled('environment'),
  env_file: handled('environment'),
  secrets: handled('environment'),
  configs: handled('environment'),
  volumes: handled('volumes'),
  tmpfs: handled('volumes'),
  volumes_from: ignored('volumes_from is not translated; mount the named volumes explicitly'),
  healthcheck: handled('probes'),
  depends_on: handled('dependencies'),
  links: ignored('links are not needed: services reach each other by their Service names'),
  external_links: ignored('external_links are not translated; use an ExternalName Service'),
  networks: handled('network policies'),
  network_mode: ignored('network_mode is not translated: pods have their own network namespace'),
  mac_address: ignored('mac_address is not translated'),
  dns: ignored('dns is not translated: pods use the cluster DNS'),
  dns_search: ignored('dns_search is not translated: pods use the cluster DNS'),
  dns_opt: ignored('dns_opt is not translated: pods use the cluster DNS'),
  user: handled('security'),
  group_add: handled('security'),
  cap_add: handled('security'),
  cap_drop: handled('security'),
  privileged: handled('security'),
  read_only: handled('security'),
  security_opt: handled('security'),
  devices: handled('devices'),
  mem_limit: handled('resources'),
  mem_reservation: handled('resources'),
  memswap_limit: ignored('memswap_limit is not translated: Kubernetes nodes run without swap'),
  cpus: handled('resources'),
  cpu_quota: handled('resources'),
  cpu_count: ignored('cpu_count is not translated; use cpus'),
  cpu_percent: ignored('cpu_percent is not translated; use cpus'),
  cpu_period: ignored('cpu_period is not translated; use cpus'),
  cpu_shares: ignored('cpu_shares is not translated; use deploy.resources.reservations.cpus'),
  cpuset: ignored('cpuset is not translated; use the static CPU manager policy on the nodes'),
  pids_limit: ignored('pids_limit is not translated: the kubelet sets the pod PID limit'),
  oom_score_adj: ignored('oom_score_adj is not translated: Kubernetes sets it from the QoS class'),
  oom_kill_disable: ignored('oom_kill_disable is not translated'),
  blkio_config: ignored('blkio_config is not translated'),
  device_cgroup_rules: ignored('device_cgroup_rules are not translated; use the devices option'),
  gpus: ignored('gpus is not translated; request the GPU resource with deploy.resources.reservations.devices'),
  container_name: ignored('container_name is not used: Kubernetes names come from the service name'),
  logging: ignored('logging is not translated: the cluster collects container output'),
  ulimits: ignored('ulimits are not translated: Kubernetes has no per-pod ulimits'),
  sysctls: handled('security'),
  stop_signal: ignored('stop_signal is not translated: Kubernetes sends SIGTERM; handle it or add a preStop hook'),
  init: ignored('init is not translated: use an image with its own init process (e.g. tini)'),
  ipc: ignored('ipc is not translated'),
  pid: ignored('pid is not translated'),
  uts: ignored('uts is not translated'),
  userns_mode: ignored('userns_mode is not translated'),
  cgroup: ignored('cgroup is not translated'),
  cgroup_parent: ignored('cgroup_parent is not translated'),
  isolation: ignored('isolation is not translated'),
  runtime: ignored('runtime is not translated; use a RuntimeClass'),
  storage_opt: ignored('storage_opt is not translated'),
  platform: handled('workload (nodeSelector)'),
  domainname: ignored('domainname is not translated'),
  annotations: ignored('annotations (container annotations) are not translated'),
  attach: handled('cli'),
  develop: ignored('develop (watch) is a development feature and is not translated'),
  extends: handled('loader'),
  post_start: ignored('post_start hooks are not translated'),
  pre_stop: ignored('pre_stop hooks are not translated'),
  provider: ignored('provider services are not translated'),
  models: ignored('models are not translated'),
  use_api_socket: ignored('use_api_socket is not translated: pods have no Docker API'),
  credential_spec: ignored('credential_spec is not translated'),
  label_file: handled('loader'),
  lifecycle: ignored('lifecycle is not translated'),
};

/** `deploy.*` sub-keys; `deploy.update_config.*` and `deploy.restart_policy.*` below. */
const DEPLOY_KEYS: Readonly<Record<string, Handling>> = {
  mode: handled('workload'),
  replicas: handled('workload'),
  resources: handled('resources'),
  restart_policy: handled('workload'),
  update_config: handled('workload'),
  placement: handled('placement'),
  labels: handled('workload (annotations)'),
  endpoint_mode: handled('services'),
  rollback_config: ignored('rollback_config is not translated: roll back with kubectl rollout undo'),
};

const UPDATE_CONFIG_KEYS: Readonly<Record<string, Handling>> = {
  parallelism: handled('workload'),
  delay: handled('workload (minReadySeconds)'),
  order: handled('workload'),
  failure_action: ignored('update_config.failure_action is not translated: a failed rollout stops; roll back with kubectl'),
  monitor: ignored('update_config.monitor is not translated'),
  max_failure_ratio: ignored('update_config.max_failure_ratio is not translated'),
};

const RESTART_POLICY_KEYS: Readonly<Record<string, Handling>> = {
  condition: (service, value) =>
    isJob(service) || value === 'any' ? undefined : `deploy.restart_policy.condition ${String(value)} — Kubernetes restarts the containers of long-running workloads always`,
  max_attempts: (service) => (isJob(service) ? undefined : 'deploy.restart_policy.max_attempts only applies to Jobs'),
  delay: ignored('deploy.restart_policy.delay is not translated: Kubernetes backs off exponentially'),
  window: ignored('deploy.restart_policy.window is not translated'),
};

function isJob(service: Service): boolean {
  return service.deploy.mode === 'replicated-job' || service.deploy.mode === 'global-job';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(
  service: Service,
  table: Readonly<Record<string, Handling>>,
  values: Readonly<Record<string, unknown>>,
  prefix: string,
  warn: Warn,
): void {
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('x-')) continue;
    const handling = own(table, key);
    const reason = handling === undefined ? `${key} is not translated` : typeof handling === 'string' ? undefined : handling(service, value);
    if (reason !== undefined) warn(reason, `${prefix}.${key}`);
  }
}

/**
 * `isJobLike` comes from the chosen workload: a service made a Job or CronJob through options
 * has run-once semantics too, so its restart keys are honoured.
 */
export function reportUntranslatedServiceKeys(service: Service, runsOnce: boolean, warn: Warn): void {
  const effective = runsOnce && !isJob(service) ? { ...service, deploy: { ...service.deploy, mode: 'replicated-job' as const } } : service;
  const prefix = `services.${service.name}`;
  checkKeys(effective, SERVICE_KEYS, service.raw, prefix, warn);
  const deploy = service.raw['deploy'];
  if (!isMapping(deploy)) return;
  checkKeys(effective, DEPLOY_KEYS, deploy, `${prefix}.deploy`, warn);
  const update = deploy['update_config'];
  if (isMapping(update)) checkKeys(effective, UPDATE_CONFIG_KEYS, update, `${prefix}.deploy.update_config`, warn);
  const restart = deploy['restart_policy'];
  if (isMapping(restart)) checkKeys(effective, RESTART_POLICY_KEYS, restart, `${prefix}.deploy.restart_policy`, warn);
}

const NETWORK_KEYS: Readonly<Record<string, string | undefined>> = {
  name: undefined,
  external: undefined,
  internal: undefined,
  driver: undefined,
  labels: 'network labels are not translated',
  driver_opts: 'network driver_opts are not translated: the cluster network plugin decides',
  ipam: 'ipam is not translated: the cluster assigns pod addresses',
  enable_ipv6: 'enable_ipv6 is not translated: the cluster decides the IP families',
  enable_ipv4: 'enable_ipv4 is not translated: the cluster decides the IP families',
  attachable: 'attachable is not translated: every pod can join the namespace network',
};

const VOLUME_KEYS: Readonly<Record<string, string | undefined>> = {
  name: undefined,
  external: undefined,
  labels: undefined,
  driver: undefined,
  driver_opts: 'volume driver_opts are not translated; choose a storage class with x-kubernetes.storageClass',
};

/** Top-level secrets and configs: their payload becomes a Secret or ConfigMap. */
const FILE_OBJECT_KEYS: Readonly<Record<string, string | undefined>> = {
  name: undefined,
  file: undefined,
  environment: undefined,
  content: undefined,
  external: undefined,
  labels: 'labels of secrets and configs are not translated',
  driver: 'secret and config drivers are not translated: Kubernetes stores the payload',
  driver_opts: 'secret and config driver_opts are not translated',
  template_driver: 'template_driver is not translated: the payload is used as it is',
};

const TOP_LEVEL_SECTIONS: Readonly<Record<string, Readonly<Record<string, string | undefined>>>> = {
  networks: NETWORK_KEYS,
  volumes: VOLUME_KEYS,
  secrets: FILE_OBJECT_KEYS,
  configs: FILE_OBJECT_KEYS,
};

/** `<section>.<name>.<attribute>` for the sections above. */
const TOP_LEVEL_ATTRIBUTE_KEY = new RegExp(`^(?:${Object.keys(TOP_LEVEL_SECTIONS).join('|')})\\.[^.]*\\.[^.]*$`);

/** Warnings for top-level network and volume keys, found through the loader's key locations. */
export function reportUntranslatedProjectKeys(project: ComposeProject, warn: Warn): void {
  // Large projects have tens of thousands of located keys, nearly all under `services`: only the
  // keys of these sections, down to their attributes, are listed.
  const keys = Object.keys(TOP_LEVEL_SECTIONS)
    .flatMap((section) => locatedKeys(project.locations, `${section}.`, 2))
    .filter((key) => TOP_LEVEL_ATTRIBUTE_KEY.test(key));
  for (const key of keys.sort()) {
    const [section = '', name = '', attribute = ''] = key.split('.');
    const table = TOP_LEVEL_SECTIONS[section];
    if (!table || attribute.startsWith('x-')) continue;
    const reason = Object.hasOwn(table, attribute) ? table[attribute] : `${section}.${name}.${attribute} is not translated`;
    if (reason !== undefined) warn(reason, key);
  }
  for (const [name, network] of Object.entries(project.networks)) {
    if (network.driver !== undefined && !['bridge', 'overlay'].includes(network.driver)) {
      warn(`network driver '${network.driver}' is not translated: pods use the cluster network`, `networks.${name}.driver`);
    }
  }
  for (const [name, volume] of Object.entries(project.volumes)) {
    if (volume.driver !== undefined && volume.driver !== 'local') {
      warn(`volume driver '${volume.driver}' is not translated; choose a storage class with x-kubernetes.storageClass`, `volumes.${name}.driver`);
    }
  }
}
