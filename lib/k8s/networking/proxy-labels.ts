/**
 * Labels a reverse proxy reads from the Docker API to route to a container: Traefik's Docker provider
 * (`traefik.http.routers.<name>.rule`, `…middlewares.<name>.forwardauth.address`) and
 * caddy-docker-proxy's (`caddy`, `caddy.reverse_proxy`). On Kubernetes they become pod annotations,
 * which neither proxy reads there: the routes, and the authentication a forwardAuth middleware puts
 * in front of them, do not exist. Said once per service, at its first such label: fbonalair's
 * traefik-crowdsec-bouncer example routed whoami through the bouncer by labels alone, and the
 * converted stack reached nothing, without a word. nginx-proxy (nginxproxy/nginx-proxy, formerly
 * jwilder/nginx-proxy) routes by the environment it reads from Docker instead: a container's
 * VIRTUAL_HOST (with VIRTUAL_PORT), and acme-companion's LETSENCRYPT_HOST for its certificate.
 */
import type { ServiceContext } from '../plan/context.ts';
import { entryPath } from '../workload/workload-annotations.ts';
import { traefikDisabled } from './wiring/proxy-label-ports.ts';

interface ProxyLabels {
  readonly proxy: string;
  readonly matches: (name: string) => boolean;
  readonly instead: string;
}

const PROXIES: readonly ProxyLabels[] = [
  {
    proxy: "Traefik's Docker provider",
    // Traefik reads label keys without case (`Traefik.HTTP.Routers.…`), as proxy-label-ports.ts says.
    matches: (name) => /^traefik\./i.test(name) && name.toLowerCase() !== 'traefik.enable',
    instead: "write them as Ingresses or as IngressRoutes and Middlewares of Traefik's Kubernetes provider, or set x-kubernetes.exposure: Ingress",
  },
  {
    proxy: 'caddy-docker-proxy',
    matches: (name) => name === 'caddy' || /^caddy(_\d+)?\./.test(name),
    instead: 'write the routes in a Caddyfile the proxy mounts, or set x-kubernetes.exposure: Ingress',
  },
];

/**
 * The variables nginx-proxy and its acme-companion read from a container's environment through the
 * Docker socket: mattermost-community/focalboard's and sonatype/docker-nexus3's stacks route to
 * their app with VIRTUAL_HOST and VIRTUAL_PORT alone, and the converted stacks had no route, without
 * a word (until 2026-12-06). The variables stay in the pod's environment, where nothing reads them.
 */
const NGINX_PROXY_VARIABLES = ['VIRTUAL_HOST', 'LETSENCRYPT_HOST'];

export function reportProxyLabels(context: ServiceContext): void {
  const { service } = context;
  const routed = NGINX_PROXY_VARIABLES.find((name) => service.environment[name] !== undefined && service.environment[name] !== null && service.environment[name] !== '');
  if (routed !== undefined) {
    context.warn(
      `${routed} routes requests to this service through nginx-proxy, which reads containers' environment from Docker; on Kubernetes no proxy reads it, so the route it declares does not exist: write an Ingress, or set x-kubernetes.exposure: Ingress`,
      `services.${service.name}.environment.${routed}`,
    );
  }
  // `traefik.enable=false` (any case, or another of Go's false values) keeps the container out of
  // Traefik's routes: nothing is lost. The same test as the ports the labels route to.
  if (traefikDisabled(service.labels) || traefikDisabled(service.deploy.labels)) return;
  // The label records are keyed by names: they are read as they are, never merged into a new
  // object, which would give every project's label names a hidden class (test/k8s/hidden-classes.test.ts).
  const labelNames = [...Object.keys(service.labels), ...Object.keys(service.deploy.labels)];
  for (const { proxy, matches, instead } of PROXIES) {
    // In the order compose writes them, so the warning stands at the first.
    const names = [...new Set(labelNames.filter(matches))];
    const first = names[0];
    if (first === undefined) continue;
    const field = Object.hasOwn(service.labels, first) ? 'labels' : 'deploy.labels';
    const raw = field === 'labels' ? service.raw['labels'] : (service.raw['deploy'] as Record<string, unknown> | undefined)?.['labels'];
    context.warn(
      `${names.length === 1 ? `label '${first}' configures` : `${names.length} labels (${first}, …) configure`} ${proxy}, which reads container labels from Docker; on Kubernetes ${names.length === 1 ? 'it is a pod annotation' : 'they are pod annotations'} no proxy reads, so what ${names.length === 1 ? 'it declares' : 'they declare'} (routes, and middlewares such as authentication in front of them) does not exist: ${instead}`,
      `services.${service.name}.${entryPath(raw, field, first)}`,
    );
  }
}
