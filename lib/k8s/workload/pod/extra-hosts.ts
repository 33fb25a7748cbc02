import { isIP } from 'node:net';
import type * as k8s from '../../plan/api-types.ts';
import { refuseSecretIn } from '../../config-and-secrets/sensitive.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** What the API server accepts as a host alias's host name: a lowercase DNS subdomain. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `extra_hosts` → the pod's `hostAliases`, one per address. As Docker, spaces around the host and
 * the address do not count (`"in5.localhost:192.168.0.124 "` works there), and the host name is
 * matched without case. Entries without a fixed address, or that the API server would refuse (not
 * an IP address, not a DNS name), are reported instead of making the whole workload invalid.
 */
export function hostAliases(context: ServiceContext): k8s.HostAlias[] | undefined {
  const { service, warn } = context;
  const byIp = new Map<string, string[]>();
  service.extraHosts.forEach((entry, index) => {
    const key = `services.${service.name}.extra_hosts.${index}`;
    refuseSecretIn(context, `extra_hosts.${index}`, entry, 'a host alias');
    const separator = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    const host = entry.slice(0, separator).trim().toLowerCase();
    const ip = entry.slice(separator + 1).trim().replace(/^\[(.*)\]$/, '$1');
    if (separator <= 0 || ip === 'host-gateway' || ip === '') {
      warn(`extra_hosts entry '${entry}' has no fixed address in Kubernetes and is not translated`, key);
      return;
    }
    if (isIP(ip) === 0 || ip.includes('%')) {
      warn(`extra_hosts entry '${entry}' is not translated: '${ip}' is not an IP address`, key);
      return;
    }
    if (!HOST_NAME.test(host)) {
      warn(`extra_hosts entry '${entry}' is not translated: '${host}' is not a host name Kubernetes accepts (letters, digits, '-' and '.')`, key);
      return;
    }
    byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
  });
  return byIp.size === 0 ? undefined : [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}
