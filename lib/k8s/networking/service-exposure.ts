import type * as k8s from '../plan/api-types.ts';
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { locate } from '../plan/locate.ts';
import { derivedName } from '../names/names.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { EXTENSION_KEY } from '../options/options-validation.ts';
import type { IngressOptions, ServiceOptions } from '../options/options.ts';
import { servicePort } from './service.ts';
import { isLoopbackOnly, publishedPorts, type PublishedPort } from './service-ports.ts';
import type { Named } from '../plan/plan.ts';

const NODE_PORT_RANGE = { min: 30000, max: 32767 };

export interface ExposureProps {
  readonly project: ComposeProject;
  readonly service: Service;
  readonly meta: ServiceObjectMeta;
  readonly options: ServiceOptions;
  /** The service's own options (its x-kubernetes and `options.services[name]`), to tell explicit asks from defaults. */
  readonly explicitOptions: ServiceOptions;
  readonly ingress: IngressOptions;
  readonly warn: Warn;
}

/** Name of the LoadBalancer or NodePort Service that exposes published ports outside the cluster. */
export function publicServiceName(name: string): string {
  return derivedName(name, 'public');
}

/**
 * Makes published ports reachable from outside the cluster as the `exposure` option says. Ports
 * published on a loopback address stay inside: under compose only the host itself could reach them.
 */
export function publicExposure(props: ExposureProps): Named<k8s.Service | k8s.Ingress> | undefined {
  const exposure = props.options.exposure ?? 'none';
  const { service, warn } = props;
  reportUnusedServiceOptions(props, exposure);
  if (exposure === 'none') {
    // Written as compose writes them: `514, 514/udp`, not `514, 514` for librenms' syslog-ng (tcp and udp).
    const published = publishedPorts(service).map((port) => `${port.published ?? port.port}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`);
    if (published.length > 0) {
      warn(
        `published port${published.length > 1 ? 's' : ''} ${published.join(', ')} stay${published.length > 1 ? '' : 's'} inside the cluster; set x-kubernetes.exposure (LoadBalancer, NodePort or Ingress) to reach ${published.length > 1 ? 'them' : 'it'} from outside`,
        `services.${service.name}.ports`,
      );
    }
    return undefined;
  }
  service.ports.forEach((mapping, index) => {
    if (isLoopbackOnly(mapping)) {
      warn(
        `port ${mapping.target} is published on ${mapping.hostIp} only, so it is not exposed outside the cluster (exposure ${exposure})`,
        `services.${service.name}.ports.${index}`,
      );
    }
  });
  const ports = publishedPorts(service);
  if (ports.length === 0) {
    reportNothingToExpose(props, exposure);
    return undefined;
  }
  return exposure === 'Ingress' ? ingress(props, ports) : publicService(props, exposure, ports);
}

function optionKey(props: ExposureProps, option: string): string {
  return `services.${props.service.name}.${EXTENSION_KEY}.${option}`;
}

function fail(props: ExposureProps, message: string, option: string): never {
  const key = optionKey(props, option);
  throw new ComposeError(`service '${props.service.name}': ${message}`, locate(props.project, key) ?? props.service.location, key);
}

function reportNothingToExpose(props: ExposureProps, exposure: string): void {
  // A project-wide default applies to every service; only a service's own ask is a mistake.
  if (props.explicitOptions.exposure === undefined) return;
  const message = `exposure ${exposure} needs published ports, but the service publishes none on a non-loopback address`;
  if (exposure === 'Ingress') fail(props, message, 'exposure');
  props.warn(message, optionKey(props, 'exposure'));
}

/** nodePort and externalTrafficPolicy belong to a LoadBalancer or NodePort Service: said once when there is none. */
function reportUnusedServiceOptions(props: ExposureProps, exposure: string): void {
  const { nodePort, externalTrafficPolicy } = props.options;
  if (nodePort !== undefined && exposure !== 'NodePort') {
    props.warn(`nodePort ${nodePort} is unused: it applies with exposure NodePort, not ${exposure}`, optionKey(props, 'nodePort'));
  }
  if (externalTrafficPolicy !== undefined && exposure !== 'NodePort' && exposure !== 'LoadBalancer') {
    props.warn(`externalTrafficPolicy is unused: it applies with exposure LoadBalancer or NodePort, not ${exposure}`, optionKey(props, 'externalTrafficPolicy'));
  }
}

function publicService(props: ExposureProps, exposure: 'LoadBalancer' | 'NodePort', ports: readonly PublishedPort[]): Named<k8s.Service> {
  const { meta, service, options } = props;
  const explicitNodePort = exposure === 'NodePort' ? options.nodePort : undefined;
  if (explicitNodePort !== undefined && ports.length > 1) {
    props.warn(
      `nodePort ${explicitNodePort} is the node port of the first published port (${ports[0]?.published ?? ports[0]?.port}); the other ${ports.length - 1} keep their own`,
      optionKey(props, 'nodePort'),
    );
  }
  const servicePorts = ports.map((port, index): k8s.ServicePort => {
    const base = servicePort(port, port.published ?? port.port);
    if (index === 0 && explicitNodePort !== undefined) return { ...base, nodePort: explicitNodePort };
    if (exposure !== 'NodePort' || port.published === undefined) return base;
    if (port.published >= NODE_PORT_RANGE.min && port.published <= NODE_PORT_RANGE.max) {
      return { ...base, nodePort: port.published };
    }
    props.warn(
      `published port ${port.published} is outside the NodePort range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}; Kubernetes chooses the node port`,
      `services.${service.name}.ports`,
    );
    return base;
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(meta, publicServiceName(meta.name)),
    spec: {
      type: exposure,
      ...(options.externalTrafficPolicy ? { externalTrafficPolicy: options.externalTrafficPolicy } : {}),
      selector: { ...meta.selector },
      ports: servicePorts,
    },
  };
}

function ingress(props: ExposureProps, ports: readonly PublishedPort[]): Named<k8s.Ingress> {
  const { meta, options, ingress: ingressOptions } = props;
  const wanted = options.ingress?.port;
  const httpPorts = ports.filter((port) => port.protocol === 'tcp');
  const target = wanted === undefined ? httpPorts[0] : httpPorts.find((port) => port.port === wanted);
  if (!target) {
    const message = wanted === undefined
      ? 'exposure Ingress needs a published TCP port'
      : `ingress.port ${wanted} is not one of the published TCP container ports (${httpPorts.map((p) => p.port).join(', ') || 'none'})`;
    fail(props, message, wanted === undefined ? 'exposure' : 'ingress.port');
  }
  const routes = ingressRoutes(props);
  if (routes.every((route) => route.host === undefined)) {
    props.warn(
      'the Ingress has no host, so it matches every host name; set x-kubernetes.ingressOptions.domain or the service\'s ingress.host',
      optionKey(props, 'exposure'),
    );
  }
  const hosts = [...new Set(routes.flatMap((route) => (route.host === undefined ? [] : [route.host])))];
  const secretName = options.ingress?.tlsSecretName ?? ingressOptions.tlsSecretName;
  const className = options.ingress?.className ?? ingressOptions.className;
  const backend = { service: { name: meta.name, port: { number: target.port } } };
  const rules: k8s.IngressRule[] = [];
  for (const route of routes) {
    const path = { path: route.path, pathType: 'Prefix' as const, backend };
    const rule = rules.find((known) => known.host === route.host);
    if (rule) rule.http?.paths.push(path);
    else rules.push({ ...(route.host === undefined ? {} : { host: route.host }), http: { paths: [path] } });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta(meta),
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      rules,
      ...(secretName && hosts.length > 0 ? { tls: [{ hosts, secretName }] } : {}),
    },
  };
}

interface IngressRoute {
  readonly host: string | undefined;
  readonly path: string;
}

/**
 * The host and path pairs of a service's Ingress: `ingress.host` (or `<service>.<domain>` when no
 * host is named at all) with `ingress.path`, then each of `ingress.hosts` with its own path or
 * `ingress.path`; a pair given twice once.
 */
function ingressRoutes(props: ExposureProps): IngressRoute[] {
  const own = props.options.ingress ?? {};
  const path = own.path ?? '/';
  const domain = props.ingress.domain;
  const named = own.hosts ?? [];
  const routes: IngressRoute[] = [];
  if (own.host !== undefined || named.length === 0) routes.push({ host: own.host ?? (domain ? `${props.meta.name}.${domain}` : undefined), path });
  for (const entry of named) {
    const slash = entry.indexOf('/');
    routes.push(slash < 0 ? { host: entry, path } : { host: entry.slice(0, slash), path: entry.slice(slash) });
  }
  return routes.filter((route, index) => routes.findIndex((other) => other.host === route.host && other.path === route.path) === index);
}
