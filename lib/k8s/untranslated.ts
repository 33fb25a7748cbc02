import { locatedKeys } from '../compose/locations.ts';
import type { ComposeProject, FileObject, Network, Service, Volume } from '../compose/model.ts';
import { parseShortPort, parseShortVolume } from '../compose/normalize/short-syntax.ts';
import type { Warn } from './plan/context.ts';
import { isTmpfsVolume } from './storage/tmpfs-volumes.ts';
import { isBoundVolume } from '../compose/bound-volumes.ts';
import { own } from './plan/own.ts';
import { isLoopbackOnly } from './networking/service-ports.ts';
import { fixedAddressOwners } from './networking/fixed-addresses.ts';
import { hookReason } from './workload/pod/lifecycle-hooks.ts';
import { preStartReason } from './workload/pod/pre-start-hooks.ts';
import { modelsReason } from './workload/service-models.ts';

/**
 * What the conversion does with one key of the Compose schema. Every key path of the schema the
 * loader validates against (lib/compose/schema/schema.ts) has exactly one decision in COMPOSE_KEYS, and
 * test/k8s/translate/compose-keys.test.ts proves each: a translated key changes the manifests, a
 * reported key gets a warning at its own `file:line:column`.
 * - `rule` without `reason`: the rule translates every value.
 * - `reason` without `rule`: never translated; reported here, with its sub-keys (they need no
 *   decision of their own).
 * - `rule` and `reason`: translated for some values; `reason` says why the others are not
 *   (undefined: this value is translated, or is what Kubernetes does anyway).
 * - `reportedBy`: the named rule reads the key and reports it itself (for the values `reason`
 *   leaves to it), with its sub-keys.
 */
export interface KeyDecision {
  readonly rule?: string;
  readonly reason?: (value: unknown, owner: KeyOwner) => string | undefined;
  readonly reportedBy?: string;
}

/** What a key belongs to: its service, or its top-level network, volume, secret or config. */
export interface KeyOwner {
  readonly service?: Service;
  /** The project of a service's key: what its value may name (another service's address). */
  readonly project?: ComposeProject;
  readonly network?: Network;
  readonly volume?: Volume;
  readonly fileObject?: FileObject;
}

const translated = (rule: string): KeyDecision => ({ rule });
const reported = (reason: string): KeyDecision => ({ reason: () => reason });
const reportedBy = (rule: string): KeyDecision => ({ reportedBy: rule });
const translatedUnless = (rule: string, reason: (value: unknown, owner: KeyOwner) => string | undefined): KeyDecision => ({ rule, reason });

const RESTART_REASONS: Readonly<Record<string, string>> = {
  no: "restart: no — Kubernetes restarts a Deployment's containers always; use x-kubernetes.workload Job for run-once services",
  'on-failure': 'restart: on-failure — Kubernetes restarts the containers of long-running workloads always',
  'unless-stopped': 'restart: unless-stopped — Kubernetes restarts containers always; stop a workload by scaling it to 0',
};

/**
 * `dns:` is not translated (pods use the cluster DNS); where it names the fixed address of a service
 * of the project, that service is named: Mailu's admin resolves through the stack's own unbound
 * (`dns: 192.168.203.254`, resolver's ipv4_address), which it silently lost (until 2026-12-07). A
 * pod's nameserver is an address, and a Service's is assigned by the cluster.
 */
function dnsReason(value: unknown, project: ComposeProject | undefined): string {
  const owners = project === undefined ? new Map<string, readonly string[]>() : fixedAddressOwners(project);
  const addresses = (Array.isArray(value) ? value : [value]).filter((address): address is string => typeof address === 'string');
  const servers = [...new Set(addresses.flatMap((address) => owners.get(address) ?? []))].sort().map((service) => `'${service}'`);
  if (servers.length === 0) return 'dns is not translated: pods use the cluster DNS';
  return `dns is not translated: pods use the cluster DNS, not service ${servers.join(', ')}, whose fixed address it names (a pod's nameserver is an address, and a Service's is assigned by the cluster: set the pod's dnsPolicy: None and dnsConfig with it once assigned)`;
}

/**
 * Why `stop_signal` is not translated, and what stops the container instead. The container runtime
 * sends the image's STOPSIGNAL (SIGTERM when it sets none); compose's override would be
 * `lifecycle.stopSignal`, which the API server drops unless its alpha gate is on, as no managed
 * cluster has it. Said until 2026-12-07 as "Kubernetes sends SIGTERM", which an image's own
 * STOPSIGNAL (nginx's SIGQUIT) belies.
 */
function stopSignalReason(value: unknown): string {
  const signal = typeof value === 'string' || typeof value === 'number' ? ` ${value}` : '';
  return `stop_signal${signal} is not translated: the container runtime stops the container with its image's STOPSIGNAL (SIGTERM if it sets none); Kubernetes' lifecycle.stopSignal needs the ContainerStopSignals feature gate, alpha and off by default through 1.37, without which the API server drops it silently: set STOPSIGNAL in the image, or have a preStop hook send the signal`;
}

function isJob(service: Service | undefined): boolean {
  return service?.deploy.mode === 'replicated-job' || service?.deploy.mode === 'global-job';
}

/** A service's `secrets:` or `configs:` references, mounted as Secret or ConfigMap files. */
function fileReferenceKeys(section: 'secrets' | 'configs'): Record<string, KeyDecision> {
  const owner = (key: string): KeyDecision => reported(`${key} is not translated: a mounted Secret or ConfigMap file belongs to root and the pod's fsGroup`);
  return {
    [section]: translated(section),
    [`${section}[].source`]: translated(section),
    [`${section}[].target`]: translated(section),
    [`${section}[].mode`]: translated(section),
    [`${section}[].uid`]: owner('uid'),
    [`${section}[].gid`]: owner('gid'),
  };
}

/**
 * Options of `tmpfs: /run:size=32M,noexec` an emptyDir cannot have: size is its sizeLimit, the
 * volumes rule reports mode, and `rw` and `exec` are how the kubelet mounts it anyway.
 */
function tmpfsOptionsReason(value: unknown): string | undefined {
  const entries = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  const options = entries.flatMap((entry) => (entry.split(':')[1] ?? '').split(',')).filter((option) => option !== '' && option !== 'rw' && option !== 'exec' && !/^(size|mode)=/.test(option));
  if (options.length === 0) return undefined;
  return `tmpfs options ${[...new Set(options)].join(', ')} are not translated: an emptyDir (medium Memory) is mounted with the kubelet's options`;
}

const SERVICE_KEYS: Readonly<Record<string, KeyDecision>> = {
  image: translated('workload'),
  // Reported as a whole (its sub-keys with it): here when an image is given, by the workload-image
  // rule (the image compose would build is assumed) when not.
  build: {
    reportedBy: 'workload image (a service with only a build)',
    reason: (_value, { service }) => (service?.image === undefined ? undefined : `build is ignored: the image '${service.image}' is run; build and push it yourself`),
  },
  command: translated('workload'),
  entrypoint: translated('workload'),
  working_dir: translated('workload'),
  hostname: translated('workload'),
  tty: translated('workload'),
  stdin_open: translated('workload'),
  stop_grace_period: translated('workload'),
  pull_policy: translated('workload'),
  extra_hosts: translated('workload (hostAliases)'),
  shm_size: translated('workload (/dev/shm emptyDir)'),
  labels: translated('workload (annotations); kompose.* labels: their x-kubernetes equivalents or a warning (kompose/kompose-labels.ts, docs/kompose-labels.md)'),
  label_file: reported('label_file is not translated: the loader does not read it; move its labels into labels'),
  scale: translated('workload (replicas)'),
  restart: translatedUnless('workload (Job restartPolicy)', (value, { service }) => (isJob(service) ? undefined : own(RESTART_REASONS, String(value).split(':')[0] ?? ''))),
  ports: translated('services'),
  'ports[].target': translated('services'),
  'ports[].published': translated('services (exposure)'),
  'ports[].host_ip': translatedUnless('services (loopback ports are not exposed)', (value) => hostIpReason(String(value))),
  'ports[].protocol': translated('services'),
  'ports[].app_protocol': translated('services (appProtocol)'),
  'ports[].name': reported('port names are not translated: Kubernetes names ports after their protocol and number (tcp-8080)'),
  'ports[].mode': reported('port mode is not translated: Kubernetes routes published ports through Services, never to one node'),
  expose: translated('services'),
  profiles: translated('loader'),
  environment: translated('environment'),
  env_file: translated('environment'),
  'env_file[].path': translated('environment'),
  'env_file[].required': translated('environment'),
  'env_file[].format': translated('environment'),
  ...fileReferenceKeys('secrets'),
  ...fileReferenceKeys('configs'),
  volumes: translated('volumes'),
  'volumes[].type': translated('volumes'),
  'volumes[].source': translated('volumes'),
  'volumes[].target': translated('volumes'),
  'volumes[].read_only': translated('volumes'),
  'volumes[].consistency': reported('consistency is not translated: it only tunes Docker Desktop file sharing'),
  'volumes[].bind': translated('volumes'),
  'volumes[].bind.create_host_path': reported('bind.create_host_path is not translated: a host path becomes a ConfigMap, a Secret or a new claim'),
  'volumes[].bind.propagation': reportedBy('storage/mount-propagation.ts (mountPropagation on a claim or hostPath; said where it cannot be carried)'),
  'volumes[].bind.selinux': reported(selinuxReason('bind.selinux')),
  'volumes[].volume': translated('volumes'),
  'volumes[].volume.nocopy': translatedUnless('volumes', (value) =>
    value === true ? undefined : 'volume.nocopy: false is not translated: Kubernetes never copies the image\'s files into a claim',
  ),
  'volumes[].volume.subpath': translated('volumes (subPath)'),
  'volumes[].volume.labels': reported('volume.labels are not translated: Kubernetes claims carry the chart\'s labels'),
  'volumes[].tmpfs': translated('volumes'),
  'volumes[].tmpfs.size': translated('volumes (sizeLimit)'),
  'volumes[].tmpfs.mode': reported('tmpfs.mode is not translated: an emptyDir\'s mode is fixed; the pod\'s fsGroup owns it'),
  'volumes[].image': reported('image volumes are not translated: Kubernetes 1.27 has no image volumes; copy the files in with an init container'),
  tmpfs: translatedUnless('volumes (memory-backed emptyDirs; size → sizeLimit)', (value) => tmpfsOptionsReason(value)),
  volumes_from: translated('workload/volumes-from (the same mounts; start order as depends_on)'),
  healthcheck: translated('probes'),
  'healthcheck.test': translated('probes'),
  'healthcheck.interval': translated('probes (periodSeconds)'),
  'healthcheck.timeout': translated('probes (timeoutSeconds)'),
  'healthcheck.retries': translated('probes (failureThreshold)'),
  'healthcheck.start_period': translated('probes (startupProbe)'),
  'healthcheck.start_interval': translated('probes (startupProbe periodSeconds)'),
  'healthcheck.disable': translated('probes'),
  depends_on: translated('dependencies'),
  'depends_on.*.condition': translated('dependencies'),
  'depends_on.*.required': translated('dependencies'),
  'depends_on.*.restart': translated('restart-with'),
  links: translated('networking (an alias Service per alias) and dependencies (start order, as the depends_on compose adds for each link)'),
  external_links: reported('external_links are not translated; use an ExternalName Service'),
  networks: translated('network policies'),
  'networks.*.aliases': translated('services (alias Services)'),
  'networks.*.ipv4_address': reported('ipv4_address is not translated: the cluster assigns pod addresses; reach the pod through its Service'),
  'networks.*.ipv6_address': reported('ipv6_address is not translated: the cluster assigns pod addresses; reach the pod through its Service'),
  'networks.*.link_local_ips': reported('link_local_ips are not translated: the cluster assigns pod addresses'),
  'networks.*.mac_address': reported('mac_address is not translated: the cluster network plugin assigns interfaces'),
  'networks.*.driver_opts': reported('driver_opts of a service network are not translated: the cluster network plugin decides'),
  'networks.*.priority': reported('network priority is not translated: a pod has one network interface'),
  'networks.*.gw_priority': reported('gw_priority is not translated: a pod has one network interface'),
  'networks.*.interface_name': reported('interface_name is not translated: a pod has one network interface'),
  network_mode: translatedUnless('workload (service:<name>: a container of that service\'s pod, workload/shared-pods.ts)', (value) =>
    String(value).startsWith('service:') ? undefined : 'network_mode is not translated: pods have their own network namespace'),
  mac_address: reported('mac_address is not translated: the cluster network plugin assigns interfaces'),
  dns: { reason: (value, owner) => dnsReason(value, owner.project) },
  dns_search: reported('dns_search is not translated: pods use the cluster DNS'),
  dns_opt: reported('dns_opt is not translated: pods use the cluster DNS'),
  user: translated('security'),
  group_add: translated('security'),
  cap_add: translated('security'),
  cap_drop: translated('security'),
  privileged: translated('security'),
  read_only: translated('security'),
  security_opt: translated('security'),
  sysctls: translated('security'),
  devices: translated('devices'),
  'devices[].source': translated('devices'),
  'devices[].target': reported('devices[].target is not translated: the device plugin mounts the device at its own path'),
  'devices[].permissions': reported('devices[].permissions are not translated: the device plugin decides the access'),
  mem_limit: translated('resources'),
  mem_reservation: translated('resources'),
  cpus: translated('resources'),
  cpu_quota: translated('resources'),
  memswap_limit: reported('memswap_limit is not translated: Kubernetes nodes run without swap'),
  mem_swappiness: reported('mem_swappiness is not translated: Kubernetes nodes run without swap'),
  cpu_count: reported('cpu_count is not translated; use cpus'),
  cpu_percent: reported('cpu_percent is not translated; use cpus'),
  cpu_period: reported('cpu_period is not translated; use cpus'),
  cpu_rt_period: reported('cpu_rt_period is not translated: Kubernetes has no real-time CPU scheduling'),
  cpu_rt_runtime: reported('cpu_rt_runtime is not translated: Kubernetes has no real-time CPU scheduling'),
  cpu_shares: reported('cpu_shares is not translated; use deploy.resources.reservations.cpus'),
  cpuset: reported('cpuset is not translated; use the static CPU manager policy on the nodes'),
  pids_limit: reported('pids_limit is not translated: the kubelet sets the pod PID limit'),
  oom_score_adj: reported('oom_score_adj is not translated: Kubernetes sets it from the QoS class'),
  oom_kill_disable: reported('oom_kill_disable is not translated'),
  blkio_config: reported('blkio_config is not translated'),
  device_cgroup_rules: reported('device_cgroup_rules are not translated; use the devices option'),
  gpus: translated('resources (GPU requests, as deploy.resources.reservations.devices)'),
  // Used as a host name by another service: a Service of that name, or the references rewritten.
  container_name: reportedBy('wiring (unused container names)'),
  logging: reported('logging is not translated: the cluster collects container output'),
  ulimits: reported('ulimits are not translated: Kubernetes has no per-pod ulimits'),
  // Kubernetes 1.33 added lifecycle.stopSignal, behind the ContainerStopSignals feature gate, still
  // alpha and off in 1.37: the API server admits it and drops it without a word (test/cluster/stop-signal.test.ts).
  stop_signal: { reason: (value) => stopSignalReason(value) },
  init: translated('workload (shareProcessNamespace: the pod\'s pause process is PID 1 and reaps zombies, as Docker\'s init does)'),
  ipc: reported('ipc is not translated: pods do not share IPC namespaces (with service:<name>, start order is kept as depends_on)'),
  pid: reported('pid is not translated: a pod has its own process namespace, shared only among its own containers (with service:<name>, start order is kept as depends_on)'),
  uts: reported('uts is not translated: a pod has its own host name, set by hostname (with service:<name>, start order is kept as depends_on)'),
  userns_mode: reported('userns_mode is not translated: user namespaces are chosen by the cluster (pod hostUsers)'),
  cgroup_parent: reported('cgroup_parent is not translated: the kubelet places pods in its own cgroups'),
  isolation: reported('isolation is not translated'),
  runtime: reported('runtime is not translated; use a RuntimeClass'),
  storage_opt: reported('storage_opt is not translated'),
  platform: translated('workload (nodeSelector)'),
  domainname: reported('domainname is not translated'),
  annotations: reported('annotations (container annotations) are not translated'),
  attach: reported('attach is not translated: Kubernetes keeps every container\'s output (kubectl logs)'),
  develop: reported('develop (watch) is a development feature and is not translated'),
  extends: translated('loader'),
  'extends.service': translated('loader'),
  'extends.file': translated('loader'),
  // Hooks with their keys: the reason names what a handler or an init container cannot take.
  post_start: { ...translatedUnless('workload (lifecycle postStart, workload/pod/lifecycle-hooks.ts)', (_value, { service }) => (service ? hookReason('post_start', service) : undefined)), reportedBy: 'workload/pod/lifecycle-hooks.ts' },
  pre_stop: { ...translatedUnless('workload (lifecycle preStop, workload/pod/lifecycle-hooks.ts)', (_value, { service }) => (service ? hookReason('pre_stop', service) : undefined)), reportedBy: 'workload/pod/lifecycle-hooks.ts' },
  provider: reportedBy('workload/provider-services.ts (a provider service runs no container: left out, its dependents do not wait)'),
  // The variables compose gives the container for each model, named: workload/service-models.ts.
  models: { reason: (_value, { service }) => (service === undefined ? undefined : modelsReason(service)) ?? 'models are not translated' },
  use_api_socket: translatedUnless('workload (pods have no Docker API, as false asks)', (value) => (value === false ? undefined : 'use_api_socket is not translated: pods have no Docker API')),
  cgroup: translatedUnless("workload (each container has a cgroup namespace of its own, as private asks)", (value) => (value === 'private' ? undefined : "cgroup: host is not translated: a pod never joins the node's cgroup namespace")),
  umask: reported("umask is not translated: Kubernetes sets no umask; set it in the image's entrypoint (umask 0022 && exec …)"),
  pull_refresh_after: reported('pull_refresh_after is not translated: the kubelet pulls as imagePullPolicy (pull_policy) says'),
  pre_start: { ...translatedUnless('workload (init containers after the dependency waits, workload/pod/pre-start-hooks.ts)', (_value, { service }) => (service ? preStartReason(service) : undefined)), reportedBy: 'workload/pod/pre-start-hooks.ts' },
  credential_spec: reported('credential_spec is not translated'),
  deploy: translated('workload'),
  'deploy.mode': translated('workload'),
  'deploy.replicas': translated('workload'),
  'deploy.labels': translated('workload (annotations)'),
  'deploy.endpoint_mode': translated('services'),
  'deploy.rollback_config': reported('rollback_config is not translated: roll back with kubectl rollout undo'),
  'deploy.update_config': translated('workload'),
  'deploy.update_config.parallelism': translated('workload'),
  'deploy.update_config.delay': translated('workload (minReadySeconds)'),
  'deploy.update_config.order': translated('workload'),
  'deploy.update_config.failure_action': reported('update_config.failure_action is not translated: a failed rollout stops; roll back with kubectl'),
  'deploy.update_config.monitor': reported('update_config.monitor is not translated'),
  'deploy.update_config.max_failure_ratio': reported('update_config.max_failure_ratio is not translated'),
  'deploy.restart_policy': translated('workload'),
  'deploy.restart_policy.condition': translatedUnless('workload (Job restartPolicy)', (value, { service }) =>
    isJob(service) || value === 'any' ? undefined : `deploy.restart_policy.condition ${String(value)} — Kubernetes restarts the containers of long-running workloads always`,
  ),
  'deploy.restart_policy.max_attempts': translatedUnless('workload (Job backoffLimit)', (_value, { service }) =>
    isJob(service) ? undefined : 'deploy.restart_policy.max_attempts only applies to Jobs',
  ),
  'deploy.restart_policy.delay': reported('deploy.restart_policy.delay is not translated: Kubernetes backs off exponentially'),
  'deploy.restart_policy.window': reported('deploy.restart_policy.window is not translated'),
  'deploy.placement': translated('placement'),
  'deploy.placement.constraints': translated('placement'),
  'deploy.placement.preferences': translated('placement'),
  'deploy.placement.preferences[].spread': translated('placement'),
  'deploy.placement.max_replicas_per_node': translated('placement'),
  'deploy.resources': translated('resources'),
  'deploy.resources.limits': translated('resources'),
  'deploy.resources.limits.cpus': translated('resources'),
  'deploy.resources.limits.memory': translated('resources'),
  'deploy.resources.limits.pids': reportedBy('resources'),
  'deploy.resources.reservations': translated('resources'),
  'deploy.resources.reservations.cpus': translated('resources'),
  'deploy.resources.reservations.memory': translated('resources'),
  'deploy.resources.reservations.pids': reportedBy('resources'),
  'deploy.resources.reservations.devices': translated('devices (GPU)'),
  'deploy.resources.reservations.devices[].capabilities': translated('devices (GPU)'),
  'deploy.resources.reservations.devices[].count': translated('devices (GPU)'),
  'deploy.resources.reservations.devices[].device_ids': translated('devices (GPU)'),
  'deploy.resources.reservations.devices[].driver': translated('devices (GPU)'),
  'deploy.resources.reservations.devices[].options': reported('options of a device reservation are not translated: the device plugin decides'),
  'deploy.resources.reservations.generic_resources': reported(
    'generic_resources (Swarm node resources) are not translated: Kubernetes schedules on extended resources that a device plugin advertises; request one with deploy.resources.reservations.devices or x-kubernetes.resources',
  ),
};


const UNSPECIFIED_ADDRESSES = new Set(['', '0.0.0.0', '::', '[::]']);

/** A port published on one host address other than loopback is exposed on every address. */
function hostIpReason(hostIp: string): string | undefined {
  if (UNSPECIFIED_ADDRESSES.has(hostIp) || isLoopbackOnly({ target: 0, protocol: 'tcp', mode: 'ingress', hostIp })) return undefined;
  return `host_ip ${hostIp} is not translated: a published port leaves the cluster on every address of its Service (LoadBalancer, NodePort or Ingress)`;
}

function selinuxReason(where: string): string {
  return `${where} is not translated: Kubernetes relabels a pod's volumes for the pod's SELinux context itself (securityContext.seLinuxOptions)`;
}

const NETWORK_KEYS: Readonly<Record<string, KeyDecision>> = {
  name: reported('network name is not used: pods join a network through the label of its compose key'),
  external: {
    reason: (value) =>
      value === true
        ? "an external network is not translated: the network policies admit only this namespace's pods on it; admit other namespaces with a NetworkPolicy of your own"
        : undefined,
  },
  internal: translated('network policies (no internet egress)'),
  driver: translatedUnless('network policies', (value) =>
    value === 'bridge' || value === 'overlay' ? undefined : `network driver '${String(value)}' is not translated: pods use the cluster network`,
  ),
  labels: reported('network labels are not translated'),
  driver_opts: reported('network driver_opts are not translated: the cluster network plugin decides'),
  ipam: reported('ipam is not translated: the cluster assigns pod addresses'),
  enable_ipv6: reported('enable_ipv6 is not translated: the cluster decides the IP families'),
  enable_ipv4: reported('enable_ipv4 is not translated: the cluster decides the IP families'),
  attachable: reported('attachable is not translated: every pod can join the namespace network'),
};

const VOLUME_KEYS: Readonly<Record<string, KeyDecision>> = {
  external: translated('volumes (existing claim)'),
  'external.name': translated('volumes (existing claim)'),
  name: translatedUnless('volumes (name of an external claim)', (value, { volume }) =>
    volume?.external ? undefined : `volume name '${String(value)}' is not used: the claim is named after the compose key`,
  ),
  labels: reported('volume labels are not translated: Kubernetes claims carry the chart\'s labels'),
  driver: translatedUnless('volumes', (value) =>
    value === 'local' ? undefined : `volume driver '${String(value)}' is not translated; choose a storage class with x-kubernetes.storageClass`,
  ),
  driver_opts: translatedUnless('volumes (tmpfs: a memory-backed emptyDir; a local bind: the directory, mounted as a bind mount is)', (_value, { volume }) =>
    volume !== undefined && (isTmpfsVolume(volume) || isBoundVolume(volume)) ? undefined : 'volume driver_opts are not translated; choose a storage class with x-kubernetes.storageClass',
  ),
};

/** Top-level secrets and configs: their payload becomes a Secret or ConfigMap. */
const FILE_OBJECT_KEYS: Readonly<Record<string, KeyDecision>> = {
  name: translatedUnless('secrets and configs (name of an external object)', (value, { fileObject }) =>
    fileObject?.source.kind === 'external' ? undefined : `name '${String(value)}' is not used: the Secret or ConfigMap is named after the compose key`,
  ),
  file: translated('secrets and configs'),
  environment: translated('secrets and configs'),
  content: translated('secrets and configs'),
  external: translated('secrets and configs'),
  'external.name': translated('secrets and configs'),
  labels: reported('labels of secrets and configs are not translated'),
  template_driver: reported('template_driver is not translated: the payload is used as it is'),
};

const SECRET_KEYS: Readonly<Record<string, KeyDecision>> = {
  ...FILE_OBJECT_KEYS,
  driver: reported('secret drivers are not translated: Kubernetes stores the payload'),
  driver_opts: reported('secret driver_opts are not translated'),
};

const TOP_LEVEL_KEYS: Readonly<Record<string, KeyDecision>> = {
  name: translated('project name'),
  version: reportedBy('loader'),
  include: translated('loader'),
  models: reported('models are not translated'),
  jobs: { rule: 'workload/compose-jobs.ts', reportedBy: 'workload/compose-jobs.ts (a job is translated as a service, and its keys reported as a service\'s are)' },
  services: translated('services'),
  networks: translated('network policies'),
  volumes: translated('volumes'),
  secrets: translated('secrets'),
  configs: translated('configs'),
};

function prefixed(prefix: string, keys: Readonly<Record<string, KeyDecision>>): [string, KeyDecision][] {
  return Object.entries(keys).map(([key, decision]) => [`${prefix}.${key}`, decision]);
}

/**
 * Every key path of the Compose schema with its decision: `*` is a name chosen in the file
 * (a service, a network), `[]` an item of a list. Sub-keys of a reported key are not listed.
 */
export const COMPOSE_KEYS: Readonly<Record<string, KeyDecision>> = Object.fromEntries([
  ...Object.entries(TOP_LEVEL_KEYS),
  ...prefixed('services.*', SERVICE_KEYS),
  ...prefixed('networks.*', NETWORK_KEYS),
  ...prefixed('volumes.*', VOLUME_KEYS),
  ...prefixed('secrets.*', SECRET_KEYS),
  ...prefixed('configs.*', FILE_OBJECT_KEYS),
]);

interface KeyNode {
  decision?: KeyDecision;
  readonly children: Map<string, KeyNode>;
}

/** COMPOSE_KEYS as a tree of path segments (`services`, `*`, `ports`, `[]`, `host_ip`). */
function keyTree(): KeyNode {
  const root: KeyNode = { children: new Map() };
  for (const [path, decision] of Object.entries(COMPOSE_KEYS)) {
    const segments = path.replace(/\[\]/g, '.[]').split('.');
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.decision = decision;
  }
  return root;
}

const KEY_TREE = keyTree();

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reports the keys under `value` (the value of the key `key`, whose node is `node`) that are not
 * translated. The content of a translated key without sub-keys in the tree (label names,
 * environment variables) is its rule's to read and is not checked.
 */
function reportBelow(node: KeyNode, value: unknown, key: string, owner: KeyOwner, warn: Warn): void {
  if (node.children.size === 0) return;
  const items = node.children.get('[]');
  if (items && Array.isArray(value)) {
    value.forEach((item, index) => reportBelow(items, item, `${key}.${index}`, owner, warn));
    return;
  }
  if (!isMapping(value)) return;
  const named = node.children.get('*');
  for (const [name, child] of Object.entries(value)) {
    if (name.startsWith('x-')) continue;
    const childKey = `${key}.${name}`;
    const childNode = named ?? node.children.get(name);
    if (!childNode) {
      warn(`${name} is not translated`, childKey);
      continue;
    }
    if (named) {
      reportBelow(named, child, childKey, owner, warn);
      continue;
    }
    const decision = childNode.decision;
    const reason = decision?.reason?.(child, owner);
    if (reason !== undefined) warn(reason, childKey);
    if (decision?.rule !== undefined || decision === undefined) reportBelow(childNode, child, childKey, owner, warn);
  }
}

const SERVICE_NODE = KEY_TREE.children.get('services')?.children.get('*') ?? { children: new Map() };

/**
 * Options in short-syntax strings (`data:/var/lib/data:Z`, `10.0.0.5:80:80`) are the long
 * syntax's keys in another form, and are reported as those keys would be, at the item.
 */
function reportShortSyntaxOptions(service: Service, warn: Warn): void {
  const ports = service.raw['ports'];
  if (Array.isArray(ports)) {
    ports.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const reason = hostIpReason(parseShortPort(item)[0]?.hostIp ?? '');
      if (reason !== undefined) warn(reason, `services.${service.name}.ports.${index}`);
    });
  }
  const volumes = service.raw['volumes'];
  if (!Array.isArray(volumes)) return;
  volumes.forEach((item, index) => {
    if (typeof item !== 'string') return;
    const key = `services.${service.name}.volumes.${index}`;
    const parsed = parseShortVolume(item);
    for (const option of parsed.options) {
      if (option === 'z' || option === 'Z') warn(selinuxReason(`the SELinux option '${option}'`), key);
      else if (option === 'nocopy') continue;
      else if (['cached', 'delegated', 'consistent'].includes(option)) warn(`the consistency option '${option}' is not translated: it only tunes Docker Desktop file sharing`, key);
      // The propagation options, the others the loader accepts, are storage/mount-propagation.ts's on a bind mount.
      else if (parsed.type !== 'bind' && !['ro', 'rw'].includes(option)) warn(`the propagation option '${option}' is not translated: it applies to bind mounts`, key);
    }
  });
}

/**
 * `runsOnce` comes from the chosen workload: a service made a Job or CronJob through options
 * has run-once semantics too, so its restart keys are honoured.
 */
export function reportUntranslatedServiceKeys(project: ComposeProject, service: Service, runsOnce: boolean, warn: Warn): void {
  const effective = runsOnce && !isJob(service) ? { ...service, deploy: { ...service.deploy, mode: 'replicated-job' as const } } : service;
  reportBelow(SERVICE_NODE, service.raw, `services.${service.name}`, { service: effective, project }, warn);
  reportShortSyntaxOptions(service, warn);
}

const TOP_LEVEL_SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

interface SectionAttributeKey {
  readonly key: string;
  readonly section: string;
  readonly name: string;
  readonly attribute: string;
  readonly sub: string | undefined;
}

/**
 * The located `<section>.<name>.<attribute>[.<sub-key>]` keys of one section. A name may hold dots
 * (nextcloud's `vhost.d` volume), so a key is split after the longest name the section declares
 * that it starts with: split at every dot, `volumes.vhost.d` read as attribute `d` of a volume
 * `vhost`, a warning that named no key, and the attributes of `vhost.d` went unchecked (until
 * 2026-12-06).
 */
function sectionAttributeKeys(project: ComposeProject, section: (typeof TOP_LEVEL_SECTIONS)[number]): SectionAttributeKey[] {
  const declared = project[section];
  let nameDots = 0;
  for (const name of Object.keys(declared)) nameDots = Math.max(nameDots, name.split('.').length - 1);
  const keys: SectionAttributeKey[] = [];
  for (const key of locatedKeys(project.locations, `${section}.`, 3 + nameDots)) {
    const rest = key.slice(section.length + 1);
    if (Object.hasOwn(declared, rest)) continue;
    const name = longestDeclaredPrefix(declared, rest) ?? rest.split('.')[0] ?? '';
    const [attribute = '', sub, ...deeper] = rest.slice(name.length + 1).split('.');
    if (attribute === '' || deeper.length > 0 || !rest.startsWith(`${name}.`)) continue;
    keys.push({ key, section, name, attribute, sub });
  }
  return keys;
}

/** The longest name `declared` holds that `path` starts with, followed by a dot: one look-up per dot of the path, not one per name. */
function longestDeclaredPrefix(declared: object, path: string): string | undefined {
  for (let dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
    const prefix = path.slice(0, dot);
    if (Object.hasOwn(declared, prefix)) return prefix;
  }
  return undefined;
}

function ownerOf(project: ComposeProject, section: string, name: string): KeyOwner {
  const network = section === 'networks' ? own(project.networks, name) : undefined;
  const volume = section === 'volumes' ? own(project.volumes, name) : undefined;
  const fileObject = section === 'secrets' ? own(project.secrets, name) : section === 'configs' ? own(project.configs, name) : undefined;
  return { ...(network ? { network } : {}), ...(volume ? { volume } : {}), ...(fileObject ? { fileObject } : {}) };
}

/** The normalized value where the model keeps one (a driver), so reasons see what the loader saw. */
function valueOf(owner: KeyOwner, attribute: string): unknown {
  const entry = owner.network ?? owner.volume;
  if (attribute === 'driver') return entry?.driver;
  if (attribute === 'name') return (entry ?? owner.fileObject)?.name;
  if (attribute === 'external') return entry?.external;
  return undefined;
}

/** Warnings for top-level keys, found through the loader's key locations. */
export function reportUntranslatedProjectKeys(project: ComposeProject, warn: Warn): void {
  for (const key of locatedKeys(project.locations, '', 0).sort()) {
    const reason = own(TOP_LEVEL_KEYS, key)?.reason?.(undefined, {});
    if (reason !== undefined) warn(reason, key);
  }
  // Large projects have tens of thousands of located keys, nearly all under `services`: only the
  // keys of these sections, down to their attributes' sub-keys, are listed.
  const keys = TOP_LEVEL_SECTIONS.flatMap((section) => sectionAttributeKeys(project, section));
  for (const { key, section, name, attribute, sub } of keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (attribute.startsWith('x-')) continue;
    const decision = own(COMPOSE_KEYS, `${section}.*.${attribute}`);
    if (sub !== undefined) {
      // A sub-key is decided only when its attribute is translated and lists it (`external.name`).
      if (decision?.rule === undefined) continue;
      const subDecision = own(COMPOSE_KEYS, `${section}.*.${attribute}.${sub}`);
      const reason = subDecision?.reason?.(undefined, {});
      if (reason !== undefined) warn(reason, key);
      continue;
    }
    const owner = ownerOf(project, section, name);
    const reason = decision === undefined ? `${section}.${name}.${attribute} is not translated` : decision.reason?.(valueOf(owner, attribute), owner);
    if (reason !== undefined) warn(reason, key);
  }
}
