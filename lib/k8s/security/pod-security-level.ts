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
  if (!meetsBaseline(spec)) return 'privileged';
  return meetsRestricted(spec) ? 'restricted' : 'baseline';
}

function containersOf(spec: k8s.PodSpec): k8s.Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

const allowedSeccomp = (profile: k8s.SeccompProfile | undefined): boolean =>
  profile === undefined || profile.type === 'RuntimeDefault' || profile.type === 'Localhost';

function meetsBaseline(spec: k8s.PodSpec): boolean {
  const pod = spec.securityContext ?? {};
  const containers = containersOf(spec);
  const seLinuxOk = (options: k8s.SeLinuxOptions | undefined) =>
    !options || (SELINUX_TYPES.has(options.type ?? '') && !options.user && !options.role);
  return (
    !spec.hostNetwork &&
    !spec.hostPID &&
    !spec.hostIPC &&
    !pod.windowsOptions?.hostProcess &&
    seLinuxOk(pod.seLinuxOptions) &&
    allowedSeccomp(pod.seccompProfile) &&
    (pod.sysctls ?? []).every((sysctl) => SAFE_SYSCTLS.includes(sysctl.name)) &&
    !(spec.volumes ?? []).some((volume) => volume.hostPath) &&
    containers.every((container) => {
      const context = container.securityContext ?? {};
      return (
        !context.privileged &&
        !context.windowsOptions?.hostProcess &&
        (context.procMount ?? 'Default') === 'Default' &&
        seLinuxOk(context.seLinuxOptions) &&
        allowedSeccomp(context.seccompProfile) &&
        (context.capabilities?.add ?? []).every((capability) => BASELINE_CAPABILITIES.includes(capability)) &&
        !(container.ports ?? []).some((port) => port.hostPort)
      );
    })
  );
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
