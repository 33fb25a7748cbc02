import type { V1Ingress, V1Job } from '@kubernetes/client-node';
import { TeamDashboardInputError } from './errors.ts';
import { SERVICE_PORT } from './names.ts';
import { ownedByJob } from './objects.ts';

/**
 * How users reach the dashboards from outside the cluster: one Ingress per team, host
 * `<dashboard name>.<domain>` (a host rather than a path, so the dashboard's own absolute asset paths
 * keep working), owned by the team's Job like its Service.
 */
export interface DashboardRoute {
  /** DNS domain under which each team gets its host; a wildcard record `*.<domain>` points at the ingress controller. */
  readonly domain: string;
  /** IngressClass of the controller. @default the cluster's default class */
  readonly className?: string;
  /** TLS Secret for `*.<domain>`; the URLs are then https. @default none, http */
  readonly tlsSecretName?: string;
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Checks a route before any request, naming the field that is wrong. */
export function validateRoute(route: DashboardRoute): DashboardRoute {
  if (!DNS_SUBDOMAIN.test(route.domain)) throw new TeamDashboardInputError('route.domain', `'${route.domain}' is not a lowercase DNS domain`);
  for (const field of ['className', 'tlsSecretName'] as const) {
    const value = route[field];
    if (value !== undefined && !OBJECT_NAME.test(value)) throw new TeamDashboardInputError(`route.${field}`, `'${value}' is not a Kubernetes object name`);
  }
  return route;
}

export function routeHost(name: string, route: DashboardRoute): string {
  return `${name}.${route.domain}`;
}

export function routeUrl(name: string, route: DashboardRoute): string {
  return `${route.tlsSecretName === undefined ? 'http' : 'https'}://${routeHost(name, route)}`;
}

/** The team's Ingress, in front of its Service. */
export function dashboardIngress(job: V1Job, route: DashboardRoute): V1Ingress {
  const metadata = ownedByJob(job);
  const name = metadata.name ?? '';
  const host = routeHost(name, route);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata,
    spec: {
      ...(route.className === undefined ? {} : { ingressClassName: route.className }),
      ...(route.tlsSecretName === undefined ? {} : { tls: [{ hosts: [host], secretName: route.tlsSecretName }] }),
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: SERVICE_PORT } } } }] } }],
    },
  };
}
