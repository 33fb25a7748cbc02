import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Search engines listen on their usual port (Meilisearch 7700, Typesense 8108) whether or not the
 * compose file says it: linkwarden's names Meilisearch only in its .env and in depends_on.
 */
const stack = (image: string, volume: string): string => `services:
  linkwarden:
    image: ghcr.io/linkwarden/linkwarden:v2.9.3
    ports: ["3000:3000"]
    depends_on: [search]
  search:
    image: ${image}
    volumes: ["search_data:${volume}"]
volumes:
  search_data:
`;

describe('search engine images', () => {
  it.each([
    ['getmeili/meilisearch:v1.12.8', '/meili_data', 7700],
    ['typesense/typesense:27.1', '/data', 8108],
  ])('%s gets its usual port on its Service, its readiness probe and the wait of who depends on it', (image, volume, port) => {
    const converted = convertCompose(stack(image, volume));
    expect(converted.object('Service', 'search').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([port]);
    const search = converted.object('Deployment', 'search');
    expect(search.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port } });
    const waits = converted.object('Deployment', 'linkwarden').spec.template.spec.initContainers.map((init: { name: string; command: string[] }) => [init.name, init.command.join(' ')]);
    expect(waits).toEqual([['wait-for-search', expect.stringContaining(`nc -z -w 2 search ${port}`)]]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/not waited for/);
  });
});
