import type { Service } from '../../compose/model.ts';
import { nameRecord } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { publishingNotReady, serviceSpec } from './service.ts';
import type { NamedPort } from './service-ports.ts';
import type { Named } from '../plan/plan.ts';

export interface AliasServicesProps {
  readonly service: Service;
  readonly meta: ServiceObjectMeta;
  readonly ports: readonly NamedPort[];
  /** The service's other names that get a Service of their own (wiring/wiring.ts decides which). */
  readonly aliases: readonly string[];
  /** Network aliases the pods of several services hold, with those services (wiring/wiring.ts). */
  readonly shared: ReadonlyMap<string, readonly string[]>;
  /** A cluster member's names answer with its pods whatever their readiness, as its Service does (service.ts). */
  readonly publishNotReady: boolean;
  /** Its names answer with its pods' addresses: `deploy.endpoint_mode: dnsrr`, or others ping it (pinged-services.ts). */
  readonly headless?: boolean;
}

const SHARED_ALIAS_LABEL_PREFIX = 'alias.cdk8s-compose.io/';

/**
 * The other names a service answers to under compose (network aliases; container_name, hostname
 * and links aliases that other services use) each become one more Service selecting the same pods.
 * A network alias several services hold (Loki's `loki` on read and write, which its memberlist
 * joins) selects the pods of all of them by a label each carries (`sharedAliasLabels`), and is
 * headless without ports: compose's DNS answers such a name with every container's address, on
 * every port. Until 2026-12-06 it selected the first holder's pods alone, and each holder that
 * joined it (`-memberlist.join=loki:7946`) took the alias as its hostname, so read and write each
 * resolved `loki` to themselves: two rings.
 * Addresses and priorities have no Kubernetes counterpart: untranslated.ts reports them, once.
 */
export function aliasServices(props: AliasServicesProps): Named<k8s.Service>[] {
  const { service, meta, ports } = props;
  // Under `endpoint_mode: dnsrr` every name of the service answers with the pods' addresses.
  const headless = props.headless ?? service.deploy.endpointMode === 'dnsrr';
  return props.aliases.map((alias) => {
    if (!props.shared.has(alias)) {
      const spec = serviceSpec(meta, ports, headless);
      return { apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta, alias), spec: props.publishNotReady ? publishingNotReady(spec) : spec };
    }
    const selector = { 'app.kubernetes.io/instance': meta.selector['app.kubernetes.io/instance'] ?? '', [sharedAliasLabel(alias)]: 'true' };
    return { apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta, alias), spec: { clusterIP: 'None', selector } };
  });
}

/**
 * The headless Service named for a pod's subdomain (wiring/pod-domain-names.ts): with it,
 * Kubernetes' DNS answers `<hostname>.<subdomain>` with the pod's address, on every port.
 */
export function subdomainService(meta: ServiceObjectMeta, subdomain: string, publishNotReady: boolean): Named<k8s.Service> {
  const spec: NonNullable<k8s.Service['spec']> = { clusterIP: 'None', selector: { ...meta.selector } };
  return { apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta, subdomain), spec: publishNotReady ? publishingNotReady(spec) : spec };
}

/** The labels a service's pods carry for the shared network aliases they answer to. */
export function sharedAliasLabels(service: string, shared: ReadonlyMap<string, readonly string[]>): Record<string, string> {
  const labels = nameRecord<string>();
  for (const [alias, services] of shared) if (services.includes(service)) labels[sharedAliasLabel(alias)] = 'true';
  return labels;
}

/** `alias.cdk8s-compose.io/<alias>`: the alias is a DNS label, at most 63 characters, as a label's name part. */
function sharedAliasLabel(alias: string): string {
  return `${SHARED_ALIAS_LABEL_PREFIX}${alias}`;
}
