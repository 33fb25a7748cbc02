import type { Service } from '../../compose/model.ts';
import type * as k8s from '../plan/api-types.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { serviceSpec } from './service.ts';
import type { NamedPort } from './service-ports.ts';
import type { Named } from '../plan/plan.ts';

export interface AliasServicesProps {
  readonly service: Service;
  readonly meta: ServiceObjectMeta;
  readonly ports: readonly NamedPort[];
  /** The service's other names that get a Service of their own (wiring/wiring.ts decides which). */
  readonly aliases: readonly string[];
}

/**
 * The other names a service answers to under compose (network aliases; container_name, hostname
 * and links aliases that other services use) each become one more Service selecting the same pods.
 * Addresses and priorities have no Kubernetes counterpart: untranslated.ts reports them, once.
 */
export function aliasServices(props: AliasServicesProps): Named<k8s.Service>[] {
  const { service, meta, ports } = props;
  // Under `endpoint_mode: dnsrr` every name of the service answers with the pods' addresses.
  const headless = service.deploy.endpointMode === 'dnsrr';
  return props.aliases.map((alias) => ({ apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta, alias), spec: serviceSpec(meta, ports, headless) }));
}
