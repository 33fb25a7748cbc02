/**
 * The ports a reverse proxy's Docker labels (or nginx-proxy's variables) route to: Traefik's
 * `traefik.http.services.<name>.loadbalancer.server.port` (and its `tcp` form, and v1's
 * `traefik.port`), nginx-proxy's `VIRTUAL_PORT`. The file's author says there that the container
 * serves the port, as surely as if a proxy service of the stack named it: element-hq/synapse's
 * contrib/docker compose file publishes 8448 (to be removed when Traefik routes to it, its comment
 * says) and routes Traefik to 8008, where its homeserver.yaml listens. Until 2026-12-07 the Service
 * had 8448 alone and the readiness probe went there, where nothing listens: synapse never became
 * ready. The labels stay annotations no proxy reads on Kubernetes (proxy-labels.ts says so); the port
 * they name is still one the service serves, carried by its Service and probed before a published one.
 */
import type { Service } from '../../../compose/model.ts';

/**
 * A port label of Traefik's Docker provider: v2+ `traefik.{http,tcp}.services.<name>.loadbalancer.server.port`,
 * v1 `traefik.port` / `traefik.<name>.port`. Traefik reads label keys without case (documented in
 * lower case, written `loadBalancer` as its file provider spells it, or `Loadbalancer`):
 * dhjensen/matomo-docker routes Traefik to anubis' 8081 with `….Loadbalancer.server.port=8081`
 * and publishes 8080, where nothing listens; until 2026-12-07 the label was not read, the probe went
 * to 8080 and anubis never became ready.
 */
const TRAEFIK_PORT_LABEL = /^traefik\.(?:(?:http|tcp)\.services\.[^.]+\.loadbalancer\.server\.port|(?:[^.]+\.)?port)$/i;

/** Whether the labels keep the container out of Traefik's routes (`traefik.enable=false`, any case). */
export function traefikDisabled(labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).some(([name, value]) => name.toLowerCase() === 'traefik.enable' && /^(false|f|0)$/i.test(value.trim()));
}

/** `[port, where it is written]`, each port once, in the order compose writes them (labels, then deploy labels, then VIRTUAL_PORT). */
export function proxyLabelPorts(service: Service): Array<readonly [number, string]> {
  const found = new Map<number, string>();
  const add = (value: string | null | undefined, source: string): void => {
    if (value === undefined || value === null || !/^\d{1,5}$/.test(value.trim())) return;
    const port = Number(value.trim());
    if (port >= 1 && port <= 65535 && !found.has(port)) found.set(port, source);
  };
  // `traefik.enable=false` keeps the container out of Traefik's routes.
  const traefik = !traefikDisabled(service.labels) && !traefikDisabled(service.deploy.labels);
  for (const labels of [service.labels, service.deploy.labels]) {
    if (!traefik) break;
    for (const name of Object.keys(labels)) if (TRAEFIK_PORT_LABEL.test(name)) add(labels[name], `Traefik's label ${name}`);
  }
  add(service.environment['VIRTUAL_PORT'], "nginx-proxy's VIRTUAL_PORT");
  return [...found];
}
