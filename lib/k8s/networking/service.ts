import type * as k8s from '../plan/api-types.ts';
import { derivedName } from '../names/names.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { apiProtocol, type NamedPort } from './service-ports.ts';
import type { Named } from '../plan/plan.ts';

export function servicePort(port: NamedPort, number: number = port.port): k8s.ServicePort {
  return {
    name: port.name,
    port: number,
    targetPort: port.name,
    protocol: apiProtocol(port.protocol),
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
  };
}

/** A Service spec selecting the service's pods: headless when it has no port to list. */
export function serviceSpec(meta: ServiceObjectMeta, ports: readonly NamedPort[], headless = false): NonNullable<k8s.Service['spec']> {
  if (ports.length === 0) return { clusterIP: 'None', selector: { ...meta.selector } };
  return {
    type: 'ClusterIP',
    ...(headless ? { clusterIP: 'None' } : {}),
    selector: { ...meta.selector },
    ports: ports.map((port) => servicePort(port)),
  };
}

/** Name of the Service of a cluster member's ready pods alone, which what waits for it to be healthy dials (wiring/cluster-members.ts). */
export function readyServiceName(name: string): string {
  return derivedName(name, 'ready');
}

/** The spec of a Service whose endpoints list its pods whatever their readiness. */
export function publishingNotReady(spec: NonNullable<k8s.Service['spec']>): NonNullable<k8s.Service['spec']> {
  return Object.assign({}, spec, { publishNotReadyAddresses: true });
}

/** Name of the headless Service that governs a StatefulSet. */
export function headlessServiceName(name: string): string {
  return derivedName(name, 'headless');
}

export interface ClusterServicesProps {
  readonly meta: ServiceObjectMeta;
  readonly ports: readonly NamedPort[];
  /** A StatefulSet also gets a headless governing Service for its pods' stable DNS names. */
  readonly governing: boolean;
  /** compose `deploy.endpoint_mode: dnsrr`: clients resolve pod addresses directly. */
  readonly dnsRoundRobin: boolean;
  /** The pods have an address of their own that others may reach by the service's name. */
  readonly served: boolean;
  /** A cluster member: its Service answers with its pods whatever their readiness (wiring/cluster-members.ts). */
  readonly publishNotReady: boolean;
  /** Some service waits for the member to be healthy: a `-ready` Service of its ready pods alone. */
  readonly readyService: boolean;
}

/**
 * The Service named exactly as the compose service, so containers reach each other by the names
 * they use under compose: ClusterIP with every known port, or headless without ports when no port
 * is known (DNS then answers with the ready pods' addresses, and every port works, as in compose);
 * plus the headless governing Service of a StatefulSet.
 */
export function clusterServices(props: ClusterServicesProps): Named<k8s.Service>[] {
  const { meta, ports } = props;
  const services: Named<k8s.Service>[] = [];
  if (props.served) {
    const spec = serviceSpec(meta, ports, props.dnsRoundRobin);
    services.push({ apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta), spec: props.publishNotReady ? publishingNotReady(spec) : spec });
    if (props.readyService) services.push({ apiVersion: 'v1', kind: 'Service', metadata: objectMeta(meta, readyServiceName(meta.name)), spec: serviceSpec(meta, ports, props.dnsRoundRobin) });
  }
  if (props.governing) {
    services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(meta, headlessServiceName(meta.name)),
      spec: {
        clusterIP: 'None',
        selector: { ...meta.selector },
        ...(ports.length > 0 ? { ports: ports.map((port) => servicePort(port)) } : {}),
      },
    });
  }
  return services;
}
