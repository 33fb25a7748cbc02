import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * firezone's relay listens on and advertises its own fixed address (LISTEN_IP4_ADDR and
 * PUBLIC_IP4_ADDR, both its ipv4_address), and parses them as IPv4 addresses: rewritten to its
 * Service name 'relay', they stopped it at start. Each is the pod's own address instead.
 */
const stack = (extra = ''): string => `services:
  relay:
    image: ghcr.io/firezone/relay:1.4.5
    environment:
      PUBLIC_IP4_ADDR: 172.28.0.101
      LISTEN_IP4_ADDR: 172.28.0.101
      PORTAL_WS_URL: "ws://172.28.0.101:8081/"
    ports: ["3478/udp"]
    networks:
      app:
        ipv4_address: 172.28.0.101
  client:
    image: ghcr.io/firezone/client:1.4.5
    environment:
      RELAY_ADDR: 172.28.0.101
    networks: [app]
${extra}networks:
  app:
    ipam:
      config:
        - subnet: 172.28.0.0/16
`;

const env = (converted: ReturnType<typeof convertCompose>, name: string) => converted.object('Deployment', name).spec.template.spec.containers[0].env;

describe("a service's own fixed address in its environment", () => {
  it("is the pod's own address where a variable holds it whole, said at each; a longer value and another service's setting still name its Service", () => {
    const converted = convertCompose(stack());
    expect(env(converted, 'relay')).toEqual([
      { name: 'LISTEN_IP4_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'PORTAL_WS_URL', value: 'ws://relay:8081/' },
      { name: 'PUBLIC_IP4_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(env(converted, 'client')).toEqual([{ name: 'RELAY_ADDR', value: 'relay' }]);
    const messages = converted.warnings.map((warning) => warning.message);
    const said = converted.warnings.filter((warning) => warning.message.includes('own fixed address'));
    expect(said.map((warning) => warning.key).sort()).toEqual(['services.relay.environment.LISTEN_IP4_ADDR', 'services.relay.environment.PUBLIC_IP4_ADDR']);
    expect(new Set(said.map((warning) => warning.message))).toEqual(
      new Set(["'172.28.0.101' is the service's own fixed address: the variable is the pod's own address (status.podIP), as the cluster assigns pod addresses"]),
    );
    expect(messages.join('\n')).not.toMatch(/PUBLIC_IP4_ADDR\), the fixed address compose gives/);
  });

  it('yields to x-kubernetes.fieldEnvironment', () => {
    const converted = convertCompose(stack().replace('    ports: ["3478/udp"]\n', '    ports: ["3478/udp"]\n    x-kubernetes:\n      fieldEnvironment:\n        PUBLIC_IP4_ADDR: status.hostIP\n'));
    expect(env(converted, 'relay')).toEqual(expect.arrayContaining([{ name: 'PUBLIC_IP4_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]));
  });
});
