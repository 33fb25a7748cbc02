import type * as k8s from '../plan/api-types.ts';
import type { Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import type { DeviceAccess } from './devices.ts';
import type { ContainerEnvironment } from '../config-and-secrets/environment.ts';
import type { FileObjects } from '../config-and-secrets/file-objects.ts';
import type { Placement } from './placement.ts';
import type { ContainerProbes } from './probes.ts';
import type { SecuritySettings } from '../security/security.ts';
import { INT64, inRange } from '../plan/int32.ts';
import { isDns1123Label } from '../names/names.ts';
import { own } from '../plan/own.ts';
import type { PodVolumeSet } from '../storage/pod-volumes.ts';
import { memoryText } from '../plan/quantities.ts';
import { apiProtocol, type NamedPort } from '../networking/service-ports.ts';
import type { ServiceStorage } from '../storage/volumes.ts';

/** What the rule modules decided for one service's pod. */
export interface PodParts {
  readonly environment: ContainerEnvironment;
  readonly storage: ServiceStorage;
  /** Compose `secrets:` and `configs:` of the service. */
  readonly files: FileObjects;
  readonly probes: ContainerProbes;
  readonly initContainers: readonly k8s.Container[];
  readonly resources: k8s.ResourceRequirements;
  readonly security: SecuritySettings;
  readonly placement: Placement;
  readonly devices: DeviceAccess;
}

export interface PodTemplateProps {
  readonly context: ServiceContext;
  /** Kubernetes name of the service, used for the container too. */
  readonly name: string;
  readonly image: string;
  readonly ports: readonly NamedPort[];
  readonly parts: PodParts;
  /** The pod's volumes: the rules' volumes are added here, so that clashing names are settled once. */
  readonly volumes: PodVolumeSet;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Only for Jobs and CronJobs; other workloads always restart. */
  readonly restartPolicy?: 'OnFailure' | 'Never';
}

type PullPolicy = NonNullable<k8s.Container['imagePullPolicy']>;

const PULL_POLICIES: Readonly<Record<string, PullPolicy>> = {
  always: 'Always',
  never: 'Never',
  missing: 'IfNotPresent',
  if_not_present: 'IfNotPresent',
};

const SHM_VOLUME = 'dshm';

function byMountPath(mounts: readonly k8s.VolumeMount[]): k8s.VolumeMount[] {
  const seen = new Map<string, k8s.VolumeMount>();
  for (const mount of mounts) if (!seen.has(mount.mountPath)) seen.set(mount.mountPath, mount);
  return [...seen.values()];
}

/**
 * The environment rule returns command and args escaped for Kubernetes' `$(VAR)` expansion and with
 * secret references; the compose words are used when it leaves them out.
 */
function words(list: readonly string[] | undefined): string[] | undefined {
  return list === undefined || list.length === 0 ? undefined : [...list];
}

function gracePeriodSeconds(context: ServiceContext): number | undefined {
  const { stopGracePeriod, name } = context.service;
  if (stopGracePeriod === undefined) return undefined;
  return inRange(Math.ceil(stopGracePeriod / 1000), `services.${name}.stop_grace_period`, context, INT64, 'seconds');
}

function pullPolicy(context: ServiceContext): PullPolicy | undefined {
  const { service, warn } = context;
  if (service.pullPolicy === undefined) return undefined;
  const policy = own(PULL_POLICIES, service.pullPolicy);
  if (policy) return policy;
  // `build`, `daily`, `weekly`, `every_<duration>`, `refresh` have no Kubernetes equivalent.
  warn(`pull_policy '${service.pullPolicy}' has no Kubernetes equivalent; the image is pulled if not present`, `services.${service.name}.pull_policy`);
  return 'IfNotPresent';
}

function hostAliases(context: ServiceContext): k8s.HostAlias[] | undefined {
  const { service, warn } = context;
  const byIp = new Map<string, string[]>();
  service.extraHosts.forEach((entry, index) => {
    const separator = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    const host = entry.slice(0, separator);
    const ip = entry.slice(separator + 1).replace(/^\[(.*)\]$/, '$1');
    if (separator <= 0 || ip === 'host-gateway' || ip === '') {
      warn(`extra_hosts entry '${entry}' has no fixed address in Kubernetes and is not translated`, `services.${service.name}.extra_hosts.${index}`);
      return;
    }
    byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
  });
  return byIp.size === 0 ? undefined : [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}

function hostname(context: ServiceContext): string | undefined {
  const { service, warn } = context;
  if (service.hostname === undefined) return undefined;
  if (isDns1123Label(service.hostname)) return service.hostname;
  warn(`hostname '${service.hostname}' is not a DNS label, so the pod keeps its own`, `services.${service.name}.hostname`);
  return undefined;
}

/** `shm_size` becomes a memory-backed emptyDir at /dev/shm of that size. */
interface PodVolumes {
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
}

function sharedMemory(service: Service): PodVolumes {
  if (service.shmSize === undefined) return { volumes: [], volumeMounts: [] };
  return {
    volumes: [{ name: SHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: memoryText(service.shmSize) } }],
    volumeMounts: [{ name: SHM_VOLUME, mountPath: '/dev/shm' }],
  };
}

/**
 * `platform: linux/arm64/v8` → nodeSelector `kubernetes.io/os: linux`, `kubernetes.io/arch: arm64`:
 * the image may exist for that platform only. The variant has no well-known node label.
 */
function platformSelector(context: ServiceContext): Record<string, string> {
  const { service, warn } = context;
  if (service.platform === undefined) return {};
  const [os, arch, variant] = service.platform.toLowerCase().split('/');
  if (!os || !arch) {
    warn(`platform '${service.platform}' is not os/arch and is not translated`, `services.${service.name}.platform`);
    return {};
  }
  if (variant) warn(`platform variant '${variant}' has no node label; only ${os}/${arch} is required`, `services.${service.name}.platform`);
  return { 'kubernetes.io/os': os, 'kubernetes.io/arch': arch };
}

/**
 * The environment rule's variables plus the image defaults the security settings need (PGDATA
 * under a non-root user, …); a variable compose sets itself always wins.
 */
function containerEnv(parts: PodParts): k8s.EnvVar[] {
  const own = parts.environment.env;
  const names = new Set(own.map((variable) => variable.name));
  const defaults = Object.entries(parts.security.environment)
    .filter(([name]) => !names.has(name))
    .map(([name, value]) => ({ name, value }));
  return [...own, ...defaults].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length === 0 ? undefined : [...items];
}

function nonEmptyRecord(record: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return Object.keys(record).length === 0 ? undefined : { ...record };
}

/** A pod template whose spec is always there. */
export type PodTemplate = k8s.PodTemplateSpec & { readonly spec: k8s.PodSpec };

export function podTemplate(props: PodTemplateProps): PodTemplate {
  const { context, parts } = props;
  const { service, options } = context;
  const environment = parts.environment;
  const volumeSources: readonly PodVolumes[] = [parts.storage, parts.files, parts.security, parts.devices, sharedMemory(service)];
  const volumeMounts = volumeSources.flatMap((source) => props.volumes.add(source.volumes, source.volumeMounts));
  const container: k8s.Container = {
    name: props.name,
    image: props.image,
    imagePullPolicy: pullPolicy(context),
    command: words(environment.command ?? service.entrypoint),
    args: words(environment.args ?? service.command),
    workingDir: service.workingDir,
    env: nonEmpty(containerEnv(parts)),
    ports: nonEmpty(props.ports.map((port) => ({ name: port.name, containerPort: port.port, protocol: apiProtocol(port.protocol) }))),
    volumeMounts: nonEmpty(byMountPath(volumeMounts)),
    resources: parts.resources,
    securityContext: parts.security.containerSecurityContext,
    ...parts.probes,
    ...(service.tty ? { tty: true } : {}),
    ...(service.stdinOpen ? { stdin: true } : {}),
  };
  const nodeSelector = { ...platformSelector(context), ...parts.placement.nodeSelector, ...options.nodeSelector };
  return {
    metadata: { labels: { ...props.labels }, ...(Object.keys(props.annotations).length > 0 ? { annotations: { ...props.annotations } } : {}) },
    spec: {
      // Kubernetes would inject `<SERVICE>_PORT=tcp://…` variables that compose never sets and that
      // break images reading e.g. REDIS_PORT as a number.
      enableServiceLinks: false,
      automountServiceAccountToken: options.serviceAccountName !== undefined,
      serviceAccountName: options.serviceAccountName,
      terminationGracePeriodSeconds: gracePeriodSeconds(context),
      hostname: hostname(context),
      hostAliases: hostAliases(context),
      restartPolicy: props.restartPolicy,
      securityContext: parts.security.podSecurityContext,
      nodeSelector: nonEmptyRecord(nodeSelector),
      affinity: parts.placement.affinity,
      tolerations: parts.placement.tolerations ? nonEmpty(parts.placement.tolerations) : undefined,
      topologySpreadConstraints: parts.placement.topologySpreadConstraints ? nonEmpty(parts.placement.topologySpreadConstraints) : undefined,
      initContainers: nonEmpty(parts.initContainers),
      containers: [container],
      volumes: nonEmpty(props.volumes.volumes),
    },
  };
}
