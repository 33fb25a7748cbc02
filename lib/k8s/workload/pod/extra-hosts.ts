import type * as k8s from '../../plan/api-types.ts';
import { refuseSecretIn } from '../../config-and-secrets/sensitive.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** `extra_hosts` → the pod's `hostAliases`, one per address; entries without a fixed address are reported. */
export function hostAliases(context: ServiceContext): k8s.HostAlias[] | undefined {
  const { service, warn } = context;
  const byIp = new Map<string, string[]>();
  service.extraHosts.forEach((entry, index) => {
    refuseSecretIn(context, `extra_hosts.${index}`, entry, 'a host alias');
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
