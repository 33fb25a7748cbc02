import type { Service } from '../../compose/model.ts';

/**
 * The container port behind a TCP port that is only the host side of a mapping the service
 * publishes to another container port (`8080:3000`: 3000 for 8080), when nothing but the others' use
 * says the container listens there (every one of `sources`, the known port's, is `used by …`; not
 * compose's `ports:`/`expose:`, an EXPOSE, a healthcheck, a proxy's label, which names a container
 * port: dhjensen/matomo-docker's anubis publishes `8081:8080` and listens on 8081, its BIND, where
 * Traefik's label routes); undefined otherwise. Containers reach each other on container ports:
 * under compose too nothing answers on it.
 */
export function hostSideTarget(service: Service, port: number, sources: readonly string[]): number | undefined {
  if (!sources.every((source) => source.startsWith('used by '))) return undefined;
  return service.ports.find((mapping) => mapping.protocol === 'tcp' && mapping.published === port && mapping.target !== port)?.target;
}
