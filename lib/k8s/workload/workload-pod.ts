import { mergedNameRecord } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';
import { ownAddressFields } from './pod/own-address.ts';
import type { DeviceAccess } from './devices.ts';
import type { ContainerEnvironment } from '../config-and-secrets/environment.ts';
import type { FileObjects } from '../config-and-secrets/file-objects.ts';
import type { Placement } from './placement.ts';
import type { ContainerProbes } from './probes.ts';
import type { SecuritySettings } from '../security/security.ts';
import type { PodVolumes, PodVolumeSet } from '../storage/pod-volumes.ts';
import { apiProtocol, type NamedPort } from '../networking/service-ports.ts';
import type { ServiceStorage } from '../storage/volumes.ts';
import { withMountPropagation } from '../storage/mount-propagation.ts';
import { kubernetesCommand } from './container-command.ts';
import { hostAliases } from './pod/extra-hosts.ts';
import { hostname } from './pod/hostname.ts';
import { workingDir } from './pod/working-dir.ts';
import { lifecycleHooks } from './pod/lifecycle-hooks.ts';
import { platformSelector } from './pod/platform.ts';
import { pullPolicy } from './pod/pull-policy.ts';
import { imagePullSecrets } from './pod/image-pull-secrets.ts';
import { withSubPaths } from '../storage/sub-paths.ts';
import { sharedMemory } from './pod/shm-size.ts';
import { sharesProcessNamespace } from './pod/init-process.ts';
import { gracePeriodSeconds } from './pod/stop-grace-period.ts';

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

function byMountPath(mounts: readonly k8s.VolumeMount[]): k8s.VolumeMount[] {
  const seen = new Map<string, k8s.VolumeMount>();
  for (const mount of mounts) if (!seen.has(mount.mountPath)) seen.set(mount.mountPath, mount);
  return [...seen.values()];
}

/**
 * The environment rule's variables plus the image defaults the security settings need (PGDATA
 * under a non-root user, …); a variable compose sets itself always wins.
 */
function containerEnv(parts: PodParts, fields: Readonly<Record<string, string>>): k8s.EnvVar[] {
  const fromFields = Object.entries(fields).map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { fieldPath } } }));
  const own = [...parts.environment.env.filter((variable) => !Object.hasOwn(fields, variable.name)), ...fromFields];
  const names = new Set(own.map((variable) => variable.name));
  const defaults = Object.entries(parts.security.environment)
    .filter(([name]) => !names.has(name))
    .map(([name, value]) => ({ name, value }));
  return [...own, ...defaults].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Compose's command (or none) with the arguments the security settings add after it. */
function withArguments(args: readonly string[] | undefined, added: readonly string[]): readonly string[] | undefined {
  return added.length === 0 ? args : [...(args ?? []), ...added];
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length === 0 ? undefined : [...items];
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
    imagePullPolicy: pullPolicy(context, props.image),
    ...kubernetesCommand(context, environment.command ?? service.entrypoint, withArguments(environment.args ?? service.command, parts.security.arguments)),
    workingDir: workingDir(context),
    env: nonEmpty(containerEnv(parts, mergedNameRecord(ownAddressFields(context), options.fieldEnvironment))),
    ports: nonEmpty(props.ports.map((port) => ({ name: port.name, containerPort: port.port, protocol: apiProtocol(port.protocol) }))),
    volumeMounts: nonEmpty(withMountPropagation(context, withSubPaths(context, byMountPath(volumeMounts)), props.volumes.volumes, parts.security.containerSecurityContext?.privileged === true)),
    resources: parts.resources,
    securityContext: parts.security.containerSecurityContext,
    ...parts.probes,
    lifecycle: lifecycleHooks(service),
    ...(service.tty ? { tty: true } : {}),
    ...(service.stdinOpen ? { stdin: true } : {}),
  };
  const nodeSelector = mergedNameRecord(platformSelector(context), parts.placement.nodeSelector, options.nodeSelector);
  const colocation = parts.storage.colocation;
  const affinity = colocation ? { ...parts.placement.affinity, podAffinity: colocation.affinity } : parts.placement.affinity;
  return {
    metadata: { labels: mergedNameRecord(props.labels, colocation?.labels), ...(Object.keys(props.annotations).length > 0 ? { annotations: mergedNameRecord(props.annotations) } : {}) },
    spec: {
      // Kubernetes would inject `<SERVICE>_PORT=tcp://…` variables that compose never sets and that
      // break images reading e.g. REDIS_PORT as a number.
      enableServiceLinks: false,
      automountServiceAccountToken: options.serviceAccountName !== undefined,
      serviceAccountName: options.serviceAccountName,
      imagePullSecrets: imagePullSecrets(context),
      terminationGracePeriodSeconds: gracePeriodSeconds(context),
      hostname: hostname(context),
      subdomain: context.podDomain?.subdomain,
      shareProcessNamespace: sharesProcessNamespace(context),
      hostAliases: hostAliases(context),
      restartPolicy: props.restartPolicy,
      securityContext: parts.security.podSecurityContext,
      nodeSelector: Object.keys(nodeSelector).length === 0 ? undefined : nodeSelector,
      affinity,
      tolerations: parts.placement.tolerations ? nonEmpty(parts.placement.tolerations) : undefined,
      topologySpreadConstraints: parts.placement.topologySpreadConstraints ? nonEmpty(parts.placement.topologySpreadConstraints) : undefined,
      initContainers: nonEmpty(parts.initContainers),
      containers: [container],
      volumes: nonEmpty(props.volumes.volumes),
    },
  };
}
