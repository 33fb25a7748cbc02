import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';
import { own } from '../plan/own.ts';

/** What compose `security_opt` asks of the container. */
export interface SecurityOptions {
  readonly allowPrivilegeEscalation: boolean;
  /** compose sets `no-new-privileges:true` itself. */
  readonly noNewPrivileges: boolean;
  readonly seccompProfile?: k8s.SeccompProfile;
  readonly seLinuxOptions?: k8s.SeLinuxOptions;
}

const SELINUX_FIELDS: Readonly<Record<string, keyof k8s.SeLinuxOptions>> = {
  user: 'user', role: 'role', type: 'type', level: 'level',
};

/** `security_opt` entries, `name:value` or `name=value` as Docker accepts both. */
export function securityOptions(context: ServiceContext): SecurityOptions {
  const { service } = context;
  let allowPrivilegeEscalation = false;
  let noNewPrivileges = false;
  let seccompProfile: k8s.SeccompProfile | undefined;
  const seLinux: Record<string, string> = {};
  service.securityOpt.forEach((entry, index) => {
    const key = `services.${service.name}.security_opt.${index}`;
    const [name = '', value = ''] = splitOption(entry);
    if (name === 'no-new-privileges') {
      allowPrivilegeEscalation = value === 'false';
      noNewPrivileges = !allowPrivilegeEscalation;
    } else if (name === 'seccomp' && value === 'unconfined') {
      seccompProfile = { type: 'Unconfined' };
    } else if (name === 'label' && own(SELINUX_FIELDS, splitOption(value)[0] ?? '')) {
      const [field = '', label = ''] = splitOption(value);
      seLinux[SELINUX_FIELDS[field] as string] = label;
    } else {
      const why = name === 'seccomp'
        ? 'a seccomp profile file must be installed on the nodes and named as a Localhost profile; RuntimeDefault applies'
        : name === 'apparmor'
          ? "AppArmor profiles are set per container with an annotation in Kubernetes 1.27; the runtime's default applies"
          : 'it has no Kubernetes equivalent';
      context.warn(`security_opt '${entry}' is not translated: ${why}`, key);
    }
  });
  return {
    allowPrivilegeEscalation,
    noNewPrivileges,
    ...(seccompProfile ? { seccompProfile } : {}),
    ...(Object.keys(seLinux).length > 0 ? { seLinuxOptions: seLinux } : {}),
  };
}

function splitOption(entry: string): [string, string | undefined] {
  const at = entry.search(/[:=]/);
  return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
}
