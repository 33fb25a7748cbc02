import type * as k8s from '../plan/api-types.ts';
import type { PodSecurityLevel } from '../options/options.ts';

/**
 * The Pod Security Standards (policy version v1.27) as far as a pod spec decides them, so the
 * namespace can be labelled with the level its pods really meet. AppArmor annotations live in
 * pod metadata and are not seen here.
 */

/** Capabilities the baseline level lets a container add (Docker's defaults without NET_RAW). */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Lets a non-root process bind ports below 1024; a namespaced sysctl every PSS level allows. */
export const UNPRIVILEGED_PORTS = 'net.ipv4.ip_unprivileged_port_start';

/** A compose capability as Kubernetes names it: `net_admin`, `CAP_NET_ADMIN` → `NET_ADMIN`. */
export const capabilityName = (name: string): string => name.toUpperCase().replace(/^CAP_/, '');

/** Sysctls every pod may set: namespaced and isolated from the node. */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports',
];

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardApi', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

export function podSecurityLevel(spec: k8s.PodSpec): PodSecurityLevel {
  if (baselineViolations(spec).length > 0) return 'privileged';
  return meetsRestricted(spec) ? 'restricted' : 'baseline';
}

function containersOf(spec: k8s.PodSpec): k8s.Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

const allowedSeccomp = (profile: k8s.SeccompProfile | undefined): boolean =>
  profile === undefined || profile.type === 'RuntimeDefault' || profile.type === 'Localhost';

const seLinuxAllowed = (options: k8s.SeLinuxOptions | undefined): boolean =>
  !options || (SELINUX_TYPES.has(options.type ?? '') && !options.user && !options.role);

/** What keeps the pod from the baseline level, in the words of its spec; none when it meets it. */
export function baselineViolations(spec: k8s.PodSpec): string[] {
  const pod = spec.securityContext ?? {};
  const containers = containersOf(spec);
  const container = (violates: (context: k8s.SecurityContext, container: k8s.Container) => boolean): boolean =>
    containers.some((each) => violates(each.securityContext ?? {}, each));
  const added = [...new Set(containers.flatMap((each) => each.securityContext?.capabilities?.add ?? []))].filter((capability) => !BASELINE_CAPABILITIES.includes(capability));
  const unsafeSysctls = (pod.sysctls ?? []).map((sysctl) => sysctl.name).filter((name) => !SAFE_SYSCTLS.includes(name));
  const checks: readonly (readonly [boolean, string])[] = [
    [container((context) => context.privileged === true), 'a privileged container'],
    [spec.hostNetwork === true, "the node's network"],
    [spec.hostPID === true, "the node's process namespace"],
    [spec.hostIPC === true, "the node's IPC namespace"],
    [pod.windowsOptions?.hostProcess === true || container((context) => context.windowsOptions?.hostProcess === true), 'a Windows host process'],
    [(spec.volumes ?? []).some((volume) => volume.hostPath), 'hostPath volumes'],
    [!allowedSeccomp(pod.seccompProfile) || container((context) => !allowedSeccomp(context.seccompProfile)), 'seccomp Unconfined'],
    [!seLinuxAllowed(pod.seLinuxOptions) || container((context) => !seLinuxAllowed(context.seLinuxOptions)), 'SELinux options beyond a container type'],
    [container((context) => (context.procMount ?? 'Default') !== 'Default'), 'an unmasked /proc'],
    [added.length > 0, `capabilities ${added.join(', ')}`],
    [unsafeSysctls.length > 0, `sysctls ${unsafeSysctls.join(', ')}`],
    [container((_, each) => (each.ports ?? []).some((port) => port.hostPort)), 'host ports'],
  ];
  return checks.filter(([violated]) => violated).map(([, what]) => what);
}

function meetsRestricted(spec: k8s.PodSpec): boolean {
  const pod = spec.securityContext ?? {};
  const volumesOk = (spec.volumes ?? []).every((volume) =>
    Object.entries(volume).every(([key, value]) => key === 'name' || value === undefined || RESTRICTED_VOLUME_SOURCES.has(key)),
  );
  return (
    volumesOk &&
    pod.runAsNonRoot !== false &&
    pod.runAsUser !== 0 &&
    containersOf(spec).every((container) => {
      const context = container.securityContext ?? {};
      const capabilities = context.capabilities ?? {};
      return (
        context.allowPrivilegeEscalation === false &&
        context.runAsNonRoot !== false &&
        (context.runAsNonRoot === true || pod.runAsNonRoot === true) &&
        context.runAsUser !== 0 &&
        (context.seccompProfile ?? pod.seccompProfile) !== undefined &&
        (capabilities.drop ?? []).includes('ALL') &&
        (capabilities.add ?? []).every((capability) => capability === 'NET_BIND_SERVICE')
      );
    })
  );
}
