/**
 * The domain names the project's web front serves: a service that publishes the host's HTTP or
 * HTTPS port (80, 443) and is given the name whole as a setting of its environment (tacticalrmm's
 * tactical-nginx gets APP_HOST, API_HOST and MESH_HOST, its server names). Clients outside reach the
 * stack by these names, so they are its public names, whatever else answers to them inside compose:
 * tacticalrmm gives nats the alias API_HOST and meshcentral the alias MESH_HOST, so that the
 * containers reach them directly at the names their certificates carry.
 */
import type { ComposeProject } from '../../../compose/model.ts';
import { isLoopbackOnly } from '../service-ports.ts';

/** Where a public name was found: the web front, the host port it publishes and the setting that gives it. */
export interface ServedHost {
  readonly service: string;
  readonly port: number;
  readonly variable: string;
}

/** The host's HTTP and HTTPS ports: what a service publishes there is the stack's web front. */
const WEB_PORTS: readonly number[] = [80, 443];

/** A domain name of two labels or more whose last one is no number (an IPv4 address is no name). */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Every domain name a web front of the project is given whole in its environment, lower-case, with the first place it was found. */
export function servedHosts(project: ComposeProject): Map<string, ServedHost> {
  const hosts = new Map<string, ServedHost>();
  for (const service of Object.values(project.services)) {
    const port = service.ports.find((mapping) => mapping.published !== undefined && WEB_PORTS.includes(mapping.published) && !isLoopbackOnly(mapping))?.published;
    if (port === undefined) continue;
    for (const [variable, value] of Object.entries(service.environment)) {
      const host = value?.trim().toLowerCase();
      if (host !== undefined && DOMAIN.test(host) && !hosts.has(host)) hosts.set(host, { service: service.name, port, variable });
    }
  }
  return hosts;
}
