import type * as k8s from '../plan/api-types.ts';
import type { Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import type { DeviceAccess } from '../workload/devices.ts';
import { DEFAULT_PROFILE, runtimePathsFor, type ImageProfile } from '../workload/image-profiles.ts';
import { imageIdentity, runScripts } from './image-user.ts';
import { dnsLabel } from '../names/object-names.ts';
import type { PodSecurityLevel } from '../options/options.ts';
import { BASELINE_CAPABILITIES, capabilityName, podSecurityLevel, SAFE_SYSCTLS, UNPRIVILEGED_PORTS } from './pod-security-level.ts';
import { PING_GROUP_RANGE, pingSockets } from './ping-sockets.ts';
import { configurationTexts } from '../networking/wiring/wiring.ts';
import { noOpSign } from '../workload/run-once/one-shot.ts';
import { exitingShellSign } from '../workload/run-once/exiting-shell.ts';
import { groupsFor, identityFor } from './security-identity.ts';
import { securityOptions, type SecurityOptions } from './security-options.ts';
import { DATA_TARGET } from '../storage/bind-kinds.ts';
import { isBelow } from '../../container-paths.ts';
import { voidCapabilities, voidCapabilitiesMessage } from './void-capabilities.ts';

export interface SecuritySettings {
  readonly podSecurityContext: k8s.PodSecurityContext;
  readonly containerSecurityContext: k8s.SecurityContext;
  /** emptyDirs the image needs to write to when its root file system is read-only. */
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** The strictest Pod Security Standard level these settings meet. */
  readonly level: PodSecurityLevel;
  /**
   * Environment defaults the image needs under these settings (e.g. PGDATA in a subdirectory
   * the non-root user owns); never a variable compose sets itself.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** Arguments the image needs under these settings (mysqld's --datadir below a claim's root), after compose's command. */
  readonly arguments: readonly string[];
  /**
   * Polaris danger checks these settings fail because the compose file (or an explicit opt-in)
   * asks for it, each with the reason: written as explained exemptions on the workload.
   */
  readonly polarisExemptions: Readonly<Record<string, string>>;
}

/** Capabilities Polaris reports as dangerousCapabilities. */
const DANGEROUS_CAPABILITIES: readonly string[] = ['ALL', 'NET_ADMIN', 'SYS_ADMIN'];

/**
 * Hardened security settings that still let the service's image run: no privilege escalation,
 * every capability dropped, the runtime's seccomp profile, a non-root user (the one the image
 * switches to itself, from its profile) unless compose asks otherwise. `devices` (from
 * `devicesFor`) adds its supplemental groups and lowers the level for privileged or hostPath access.
 */
export function securityFor(context: ServiceContext, devices?: DeviceAccess): SecuritySettings {
  const { service } = context;
  const overrides = context.options.securityContext ?? {};
  const privileged = service.privileged || devices?.privileged === true;
  const { image, known } = imageIdentity(context, privileged);
  const profile = known ?? DEFAULT_PROFILE;

  const identity = identityFor(context, known, privileged);
  const runAsUser = overrides.runAsUser ?? identity.runAsUser;
  const runAsGroup = overrides.runAsGroup ?? identity.runAsGroup;
  const root = runAsUser === 0;
  const imageNeedsRoot = root && known?.rootReason !== undefined && service.user === undefined && overrides.runAsUser === undefined;
  const label = image ?? 'the image built for this service';
  if (imageNeedsRoot) {
    context.warn(
      `${label} runs as root because ${known?.rootReason}; the namespace's Pod Security level is baseline at most: set x-kubernetes securityContext.runAsUser if it can run without`,
      `services.${service.name}.image`,
    );
  }
  const fsGroup = overrides.fsGroup ?? (runAsUser === undefined || root || writesNothing(context) ? undefined : (runAsGroup ?? runAsUser));
  const runAsNonRoot = overrides.runAsNonRoot ?? (runAsUser === undefined ? undefined : !root);
  const readOnly = overrides.readOnlyRootFilesystem ?? service.readOnly;
  const options = securityOptions(context);
  const escalation = escalationFor(context, profile, options, root || privileged, label);
  const unusable = privileged ? [] : voidCapabilities(service, profile, runAsUser, escalation !== undefined);
  if (unusable.length > 0 && runAsUser !== undefined) context.warn(voidCapabilitiesMessage(unusable, runAsUser), `services.${service.name}.cap_add`);

  // Object.assign: V8 builds a literal that starts with a spread and goes on several times slower (issue 7).
  const containerSecurityContext: k8s.SecurityContext = Object.assign(
    privileged
      ? { privileged: true, allowPrivilegeEscalation: true }
      : { allowPrivilegeEscalation: escalation !== undefined, capabilities: capabilities(service, profile, root, unusable) },
    readOnly ? { readOnlyRootFilesystem: true } : {},
    runAsNonRoot !== undefined ? { runAsNonRoot } : {},
    runAsUser !== undefined ? { runAsUser } : {},
    runAsGroup !== undefined ? { runAsGroup } : {},
    options.seccompProfile ? { seccompProfile: options.seccompProfile } : {},
    options.seLinuxOptions ? { seLinuxOptions: options.seLinuxOptions } : {},
  );
  const supplementalGroups = [...new Set([...groupsFor(context), ...(devices?.supplementalGroups ?? [])])].sort((a, b) => a - b);
  const sysctls = sysctlsFor(context, !root && !privileged && (profile.privilegedPorts === true || bindsLowPort(service)));
  const podSecurityContext: k8s.PodSecurityContext = {
    seccompProfile: { type: 'RuntimeDefault' },
    ...(fsGroup !== undefined ? { fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
    ...(supplementalGroups.length > 0 ? { supplementalGroups } : {}),
    ...(sysctls.length > 0 ? { sysctls } : {}),
  };

  const runtimePaths = root || runAsUser === undefined ? [] : runtimePathsFor(profile, [...(service.entrypoint ?? []), ...(service.command ?? [])]);
  const paths = [
    ...runtimePaths,
    ...(profile.ownVolumes ?? []),
    ...(readOnly ? (profile.writablePaths ?? []) : []),
    ...(overrides.writablePaths ?? []),
  ];
  const writable = writableVolumes(service, paths);
  warnEphemeralData(context, writable.volumeMounts, runtimePaths);
  const level = podSecurityLevel({
    securityContext: podSecurityContext,
    containers: [{ name: 'app', securityContext: containerSecurityContext }],
    volumes: [...writable.volumes, ...(devices?.volumes ?? [])],
  });
  const defaultsUnneeded = profileDefaultsUnneeded(service, profile);
  const environment = Object.fromEntries(
    Object.entries(defaultsUnneeded ? {} : (profile.environment ?? {})).filter(([name]) => !Object.hasOwn(service.environment, name)),
  );
  const why: ExemptionReasons = {
    privileged: service.privileged
      ? 'compose sets privileged: true'
      : devices?.privileged ? 'x-kubernetes devices.mode privileged passes the host devices through' : undefined,
    root: imageNeedsRoot ? `${label} must start as root: ${known?.rootReason}` : rootReason(context, runAsUser, privileged),
    escalation,
  };
  const polarisExemptions = exemptionsFor(context, containerSecurityContext, why);
  const { volumes, volumeMounts } = writable;
  const extraArguments = dataDirectoryArguments(context, profile);
  return { podSecurityContext, containerSecurityContext, volumes, volumeMounts, level, environment, arguments: extraArguments, polarisExemptions };
}

/**
 * Whether the image's own defaults hold its data where the service mounts a volume, so that the
 * profile's `environment` is not added: a volume at one of its `environmentUnneededAt` folders
 * (postgres 18's /var/lib/postgresql), or one below such a folder where none holds the paths that
 * environment names. docusealco/docuseal's (s256 fork) postgres:18 mounts ./pg_data at the image's
 * own PGDATA, /var/lib/postgresql/18/docker: PGDATA=/var/lib/postgresql/data/pgdata moved the cluster
 * out of the claim into the container's files, lost at every restart (until 2026-12-07).
 */
function profileDefaultsUnneeded(service: Service, profile: ImageProfile): boolean {
  const folders = profile.environmentUnneededAt ?? [];
  if (folders.length === 0) return false;
  if (service.volumes.some((volume) => folders.includes(volume.target))) return true;
  const paths = Object.values(profile.environment ?? {}).filter((value) => value.startsWith('/'));
  const holdsPaths = service.volumes.some((volume) => paths.some((path) => path === volume.target || isBelow(path, volume.target)));
  return !holdsPaths && service.volumes.some((volume) => folders.some((folder) => isBelow(volume.target, folder)));
}

/**
 * Why the container may gain privileges at exec, if it may: compose allows it, or a non-root image
 * gains its file capabilities that way (Docker sets no no_new_privs unless compose asks), said once.
 */
function escalationFor(context: ServiceContext, profile: ImageProfile, options: SecurityOptions, rootOrPrivileged: boolean, label: string): string | undefined {
  if (options.allowPrivilegeEscalation) return 'compose sets security_opt no-new-privileges:false';
  const reason = profile.escalationReason;
  if (reason === undefined || rootOrPrivileged || options.noNewPrivileges) return undefined;
  context.warn(
    `${label} runs with allowPrivilegeEscalation: ${reason}, which the kernel grants at exec only without no_new_privs, as Docker runs it; the namespace's Pod Security level is baseline at most`,
    `services.${context.service.name}.image`,
  );
  return `${label} gains file capabilities at exec: ${reason}`;
}

/**
 * The profile's data directory option, when compose mounts a volume where the image keeps its data
 * and runs the image's entrypoint with no command, or with options only (the entrypoint runs the
 * server with them), none of them the data directory's: said once.
 */
function dataDirectoryArguments(context: ServiceContext, profile: ImageProfile): readonly string[] {
  const { service } = context;
  const data = profile.dataDirectoryOption;
  if (data === undefined || service.entrypoint !== undefined) return [];
  if (!service.volumes.some((mount) => mount.type !== 'tmpfs' && mount.target.replace(/\/+$/, '') === data.volume)) return [];
  const command = service.command ?? [];
  // The options follow the server's own name or stand alone, where the entrypoint puts it first.
  const options = command[0] !== undefined && !command[0].startsWith('-') && command[0] === data.server ? command.slice(1) : command;
  if (!options.every((word) => word.startsWith('-')) || options.some((word) => word === data.option || word.startsWith(`${data.option}=`))) return [];
  context.warn(
    `${data.option}=${data.directory}: the server refuses to initialize a data directory that holds anything, and a new claim's root on a managed cluster's disk holds lost+found; its data lives below the volume's root (data copied from Docker's volume goes there too)`,
    `services.${service.name}.volumes`,
  );
  return [`${data.option}=${data.directory}`];
}

interface ExemptionReasons {
  readonly privileged: string | undefined;
  readonly root: string | undefined;
  readonly escalation: string | undefined;
}

/** Why the container may run as root, when compose or the options decide it. */
function rootReason(context: ServiceContext, runAsUser: number | undefined, privileged: boolean): string | undefined {
  const { service } = context;
  const overrides = context.options.securityContext ?? {};
  if (overrides.runAsUser === 0 || overrides.runAsNonRoot === false) return 'x-kubernetes securityContext runs it as root';
  if (runAsUser === 0 && service.user !== undefined) return `compose sets user '${service.user}', which is root`;
  if (runAsUser === undefined && privileged) return 'a privileged container runs as the image user, as Docker runs it';
  return undefined;
}

/**
 * The Polaris danger checks the final container security context fails, each with the reason
 * compose asked for it; a failure without such a reason stays a visible finding.
 */
function exemptionsFor(context: ServiceContext, security: k8s.SecurityContext, why: ExemptionReasons): Record<string, string> {
  const { service } = context;
  const exemptions: Record<string, string> = {};
  if (security.privileged && why.privileged) {
    exemptions['runAsPrivileged'] = why.privileged;
    exemptions['privilegeEscalationAllowed'] = why.privileged;
    if (service.privileged) {
      context.warn('privileged: true gives the container every host device and capability', `services.${service.name}.privileged`);
    }
  } else if (security.allowPrivilegeEscalation !== false && why.escalation) {
    exemptions['privilegeEscalationAllowed'] = why.escalation;
  }
  if (security.runAsNonRoot !== true && !(security.runAsUser !== undefined && security.runAsUser > 0) && why.root) {
    exemptions['runAsRootAllowed'] = why.root;
  }
  const dangerous = (security.capabilities?.add ?? []).filter((name) => DANGEROUS_CAPABILITIES.includes(name));
  const asked = dangerous.filter((name) => service.capAdd.map(capabilityName).includes(name));
  if (asked.length > 0) {
    exemptions['dangerousCapabilities'] = `compose cap_add asks for ${asked.join(', ')}`;
    context.warn(`cap_add ${asked.join(', ')} gives the container control over the node's network or kernel`, `services.${service.name}.cap_add`);
  }
  return exemptions;
}

/**
 * Everything is dropped; root keeps Docker's defaults that the baseline level allows (its
 * entrypoints chown and switch users), images keep their file capabilities, compose adds its own.
 */
function capabilities(service: Service, profile: ImageProfile, root: boolean, unusable: readonly string[]): k8s.Capabilities {
  const dropped = new Set(service.capDrop.map(capabilityName));
  const defaults = root && !dropped.has('ALL') ? BASELINE_CAPABILITIES.filter((c) => !dropped.has(c)) : [];
  const asked = service.capAdd.map(capabilityName).filter((name) => !unusable.includes(name));
  const add = [...new Set([...defaults, ...(profile.fileCapabilities ?? []), ...asked])].sort();
  return { drop: ['ALL'], ...(add.length > 0 ? { add } : {}) };
}

/**
 * A Job whose command does nothing (`/bin/true`, a lone shell without input): compose v1's data-only
 * container, which writes nothing on the volumes it holds for others. A group of its own on a claim
 * another pod uses is harm without use: zabbix/zabbix-docker's busybox db_data_pgsql shares the
 * database's folder, and at its start the kubelet gave PGDATA its group 1000 and made it
 * group-writable, which PostgreSQL refuses (until 2026-12-07). Without fsGroup the kubelet leaves
 * the claim alone.
 */
function writesNothing(context: ServiceContext): boolean {
  return context.workload === 'Job' && (noOpSign(context.service) !== undefined || exitingShellSign(context.service, context.image) !== undefined);
}

function bindsLowPort(service: Service): boolean {
  return [...service.ports.map((p) => p.target), ...service.expose.map((p) => p.port)].some((port) => port < 1024);
}

function sysctlsFor(context: ServiceContext, lowPorts: boolean): k8s.Sysctl[] {
  const { service } = context;
  const values: Record<string, string> = lowPorts ? { [UNPRIVILEGED_PORTS]: '0' } : {};
  const ping = pingSockets(service, runScripts(context), () => configurationTexts(context.project, service));
  if (ping !== undefined) {
    values[PING_GROUP_RANGE] = ping.value;
    context.warn(
      ping.icmpCheck
        ? `its configuration asks for ICMP checks (ping), whose raw socket needs the NET_RAW capability Docker grants and Pod Security's baseline level forbids: the pod sets ${PING_GROUP_RANGE}=${ping.value}, so that a process that is not root pings through an ICMP datagram socket without it`
        : `runs ping, which opens a raw socket with the NET_RAW capability Docker grants and Pod Security's baseline level forbids: the pod sets ${PING_GROUP_RANGE}=${ping.value}, so that ping uses an ICMP datagram socket without it`,
      ping.key,
    );
  }
  for (const [name, value] of Object.entries(service.sysctls)) {
    if (SAFE_SYSCTLS.includes(name)) values[name] = value;
    else {
      context.warn(
        `sysctl ${name} is not translated: only the safe sysctls run without a kubelet allow-list`,
        `services.${service.name}.sysctls.${name}`,
      );
    }
  }
  return Object.keys(values).sort().map((name) => ({ name, value: values[name] as string }));
}

/**
 * A runtime path where the image keeps its data (MinIO's `/data`, Caddy's certificates in `/data`,
 * VictoriaMetrics' `/victoria-metrics-data`), which Docker keeps with the container or in a volume
 * of the image's own: the emptyDir the converter gives it lasts only as long as the pod, which
 * compose did not choose; said once.
 * Caches, logs and sockets are not data.
 */
function warnEphemeralData(context: ServiceContext, mounts: readonly k8s.VolumeMount[], runtimePaths: readonly string[]): void {
  for (const { mountPath } of mounts) {
    const data = DATA_TARGET.test(mountPath) || /[-_]data(\/|$)/.test(mountPath);
    if (!runtimePaths.some((path) => path.replace(/\/+$/, '') === mountPath) || !data || /(^|\/)(cache|logs?|run)(\/|$)/.test(mountPath)) continue;
    context.warn(
      `${mountPath} gets an emptyDir, writable by the user the pod runs as: the image keeps its data there, which Docker keeps with the container (or in a volume of the image's own), and an emptyDir lasts only as long as the pod; mount a volume at ${mountPath} to keep it`,
      `services.${context.service.name}`,
    );
  }
}

/** emptyDirs for paths no compose volume already covers. */
function writableVolumes(service: Service, paths: readonly string[]): Pick<SecuritySettings, 'volumes' | 'volumeMounts'> {
  const mounted = service.volumes.map((volume) => volume.target.replace(/\/+$/, ''));
  const covered = (path: string) => mounted.some((target) => path === target || path.startsWith(`${target}/`));
  const needed = [...new Set(paths.map((path) => path.replace(/\/+$/, '')))].filter((path) => !covered(path)).sort();
  const names = needed.map((path) => dnsLabel(`writable-${path}`));
  return {
    volumes: names.map((name) => ({ name, emptyDir: {} })),
    volumeMounts: names.map((name, index) => ({ name, mountPath: needed[index] as string })),
  };
}
