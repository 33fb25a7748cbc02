import type { Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import type * as k8s from '../plan/api-types.ts';
import { isDns1035Label } from '../names/names.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { servicePort } from './service.ts';
import type { NamedPort } from './service-ports.ts';
import type { Named } from '../plan/plan.ts';

export interface AliasServicesProps {
  readonly service: Service;
  readonly meta: ServiceObjectMeta;
  readonly ports: readonly NamedPort[];
  /** Kubernetes names of every compose service: an alias may not take one of them. */
  readonly names: Readonly<Record<string, string>>;
  readonly warn: Warn;
}

/**
 * Compose network aliases are extra DNS names of a service; each becomes one more ClusterIP
 * Service selecting the same pods. Addresses and priorities have no Kubernetes counterpart.
 */
export function aliasServices(props: AliasServicesProps): Named<k8s.Service>[] {
  const { service, meta, ports, warn } = props;
  // Built at the first alias only: most services have none, and a set per service is quadratic (issue 7).
  let names: ReadonlySet<string> | undefined;
  const taken = { has: (alias: string): boolean => (names ??= new Set(Object.values(props.names))).has(alias) };
  const aliases = new Set<string>();
  for (const [network, settings] of Object.entries(service.networks)) {
    const key = `services.${service.name}.networks.${network}`;
    for (const [option, value] of [['ipv4_address', settings.ipv4Address], ['ipv6_address', settings.ipv6Address], ['priority', settings.priority]] as const) {
      if (value !== undefined) warn(`${option} is not translated: the cluster assigns pod addresses`, `${key}.${option}`);
    }
    for (const alias of settings.aliases) {
      if (alias === meta.name || aliases.has(alias)) continue;
      if (!isDns1035Label(alias) || taken.has(alias)) {
        const why = taken.has(alias) ? 'it is the name of a service' : 'it is not a DNS label';
        warn(`network alias '${alias}' is not translated: ${why}`, `${key}.aliases`);
        continue;
      }
      if (ports.length === 0) {
        warn(`network alias '${alias}' is not translated: the service declares no port to serve under it`, `${key}.aliases`);
        continue;
      }
      aliases.add(alias);
    }
  }
  return [...aliases].sort().map((alias) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(meta, alias),
    spec: { type: 'ClusterIP', selector: { ...meta.selector }, ports: ports.map((port) => servicePort(port)) },
  }));
}
