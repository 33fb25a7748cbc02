import { describe, expect, it } from 'vitest';
import { convertCompose } from '../../support/compose-text.ts';

/**
 * instana/robot-shop's elasticsearch checks itself through the Docker host on the port it publishes;
 * no pod resolves host.docker.internal, so its readiness never passed and jaeger, waiting for it to
 * be healthy, never started.
 */
const stack = (test: string, ports = '["9200:9200"]'): string => `services:
  elasticsearch:
    image: docker.elastic.co/elasticsearch/elasticsearch:7.17.8
    environment: [discovery.type=single-node]
    ports: ${ports}
    healthcheck:
      test: ${test}
  jaeger:
    image: jaegertracing/all-in-one:1.38
    ports: ["16686:16686"]
    depends_on:
      elasticsearch:
        condition: service_healthy
`;

const probe = (text: string): unknown => convertCompose(text).object('Deployment', 'elasticsearch').spec.template.spec.containers[0].readinessProbe;
const messages = (text: string): string[] => convertCompose(text).warnings.map((warning) => warning.message);

describe('a healthcheck that calls its own published port through the Docker host', () => {
  it('calls the container port on localhost instead, said at the healthcheck', () => {
    const text = stack('["CMD", "curl", "-f", "http://host.docker.internal:9200"]');
    expect(probe(text)).toMatchObject({ httpGet: { path: '/', port: 9200 } });
    expect(messages(text)).toContain(
      "the healthcheck calls 'host.docker.internal:9200', the service's own published port through the Docker host, which no pod resolves: the probe calls localhost:9200, the container's port it leads to",
    );
  });

  it('follows the published port to its container port, in a shell check and at 172.17.0.1 too', () => {
    const text = stack('curl -fs http://172.17.0.1:19200/_cluster/health || exit 1', '["19200:9200"]');
    expect(probe(text)).toMatchObject({ httpGet: { path: '/_cluster/health', port: 9200 } });
    // And at the gateway of a network compose creates, the same machine (docker-dns.ts reports it).
    expect(probe(stack('curl -fs http://172.27.0.1:19200/_cluster/health || exit 1', '["19200:9200"]'))).toMatchObject({ httpGet: { path: '/_cluster/health', port: 9200 } });
  });

  it("is reported, not rewritten, where the port is another service's", () => {
    const text = stack('["CMD", "curl", "-f", "http://host.docker.internal:16686"]');
    expect(JSON.stringify(probe(text))).toContain('host.docker.internal:16686');
    expect(messages(text).join('\n')).toContain(
      "host.docker.internal is Docker's name for the machine the container runs on (Docker Desktop, or extra_hosts: host-gateway), which no pod resolves: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster); its port 16686 is the one service 'jaeger' publishes, which the others reach at jaeger:16686",
    );
  });
});
