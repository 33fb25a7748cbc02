/**
 * The host names a reverse proxy of the project routes by its Docker labels: Traefik's router rules
 * (`traefik.http.routers.<name>.rule=Host(`cloud.example.com`)`) and caddy-docker-proxy's site
 * addresses (`caddy=cloud.example.com`). Clients outside the stack reach it by these names, so they are
 * the stack's public names, whatever else answers to them inside compose.
 */
import type { ComposeProject } from '../../../compose/model.ts';

/** The arguments of `Host(…)` (Traefik v2 and v3 write them quoted or in backticks, several at once in v2). */
const HOST_MATCHER = /\bHost\(([^)]*)\)/g;
const QUOTED = /[`"']([^`"']+)[`"']/g;

/** Every host name the project's proxy labels route, lower-case. */
export function routedHosts(project: ComposeProject): Set<string> {
  const hosts = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const labels of [service.labels, service.deploy.labels]) {
      for (const [name, value] of Object.entries(labels)) {
        if (/^traefik\.(http|tcp)\.routers\.[^.]+\.rule$/.test(name)) {
          for (const matcher of value.matchAll(HOST_MATCHER)) {
            for (const quoted of (matcher[1] ?? '').matchAll(QUOTED)) hosts.add((quoted[1] ?? '').trim().toLowerCase());
          }
        } else if (name === 'caddy' || /^caddy_\d+$/.test(name)) {
          // A site address may carry a scheme or port (`https://cloud.example.com:443`); a snippet `(name)` routes nothing.
          for (const address of value.split(/[\s,]+/)) {
            const host = /^(?:[a-z]+:\/\/)?([^/:\s]+)/i.exec(address)?.[1];
            if (host !== undefined && !host.startsWith('(')) hosts.add(host.toLowerCase());
          }
        }
      }
    }
  }
  hosts.delete('');
  return hosts;
}
