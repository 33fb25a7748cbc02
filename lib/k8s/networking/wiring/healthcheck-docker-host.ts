/**
 * A healthcheck that calls its own container through the Docker host: instana/robot-shop's
 * elasticsearch publishes 9200 and checks itself with `curl -f http://host.docker.internal:9200`,
 * which Docker routes back to the container. No pod resolves host.docker.internal (nor reaches the
 * Docker host at 172.17.0.1), so the readiness probe never passed, its Service never had an endpoint,
 * and jaeger, which waits for it to be healthy, never started; the healthcheck was not even among
 * the places the Docker host was reported (until 2026-12-07). Where the port after the address is
 * one the service itself publishes, the check calls the container's own port on localhost instead,
 * as a check that calls the service by its name does (wiring.ts). The Docker host on a port another
 * service publishes is reported where it is written (docker-dns.ts), not rewritten.
 */
import type { Service } from '../../../compose/model.ts';
import { dockerHostPatterns } from '../docker-dns.ts';

let dockerHostPort: RegExp | undefined;

/**
 * The Docker host's addresses docker-dns.ts reports (its names, the bridge's and the networks'
 * gateways), each alone, with the port written after it. Made at first use: docker-dns.ts imports
 * the wiring, which imports this module.
 */
function dockerHostPortPattern(): RegExp {
  dockerHostPort ??= new RegExp(`(?:${dockerHostPatterns().map((pattern) => pattern.source).join('|')}):(?<port>\\d{1,5})(?!\\d)`, 'gi');
  return dockerHostPort;
}

export interface DockerHostSelfCall {
  /** The address as written, with its port: `host.docker.internal:9200`. */
  readonly written: string;
  /** The container's port the published one leads to. */
  readonly target: number;
}

/**
 * The healthcheck word with each call of the Docker host on a port the service itself publishes
 * (TCP) replaced by `localhost:<its container port>`, and the calls replaced.
 */
export function withoutDockerHostSelfCalls(service: Service, word: string): { readonly text: string; readonly calls: readonly DockerHostSelfCall[] } {
  const calls: DockerHostSelfCall[] = [];
  const text = word.replace(dockerHostPortPattern(), (match: string, ...rest: unknown[]) => {
    const port = (rest.at(-1) as { readonly port: string }).port;
    const published = service.ports.find((mapping) => mapping.protocol === 'tcp' && mapping.published === Number(port));
    if (published === undefined) return match;
    calls.push({ written: match, target: published.target });
    return `localhost:${published.target}`;
  });
  return { text, calls };
}
