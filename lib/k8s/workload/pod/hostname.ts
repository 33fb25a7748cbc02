import type { ServiceContext } from '../../plan/context.ts';
import { isDns1123Label } from '../../names/names.ts';

/**
 * `hostname` → the pod's `hostname`, when it is a DNS label; the first label of a dotted name the
 * others reach the service by, kept as the pod's domain name (wiring/pod-domain-names.ts, which
 * leaves it only where compose's hostname is that label or that name).
 */
export function hostname(context: ServiceContext): string | undefined {
  const { service, warn } = context;
  if (context.podDomain) return context.podDomain.hostname;
  if (service.hostname === undefined) return undefined;
  if (isDns1123Label(service.hostname)) return service.hostname;
  warn(`hostname '${service.hostname}' is not a DNS label, so the pod keeps its own`, `services.${service.name}.hostname`);
  return undefined;
}
