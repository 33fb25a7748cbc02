import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * Grafana's "play with Mimir" tutorial: three Mimir replicas that find each other through
 * memberlist (`join_members: [mimir-1, mimir-2, mimir-3]` in the shared mimir.yaml, port 7946 by
 * default), behind nginx on 8080. No reference writes 7946, yet the join goes through each Service.
 */
const tutorial = `
services:
  load-balancer:
    image: nginx:1.27
    command: ["sh", "-c", "echo 'upstream backend { server mimir-1:8080; server mimir-2:8080; }' > /tmp/x; nginx -g 'daemon off;'"]
    depends_on: [mimir-1, mimir-2]
  mimir-1:
    image: grafana/mimir:latest
    command: ["-config.file=/etc/mimir.yaml"]
    hostname: mimir-1
  mimir-2:
    image: grafana/mimir:latest
    command: ["-config.file=/etc/mimir.yaml"]
    hostname: mimir-2
`;

const ports = (service: Json): number[] => service.spec.ports.map((port: Json) => port.port);

describe('the usual ports of Grafana Mimir, Loki and Tempo', () => {
  it('put memberlist (7946) and gRPC (9095) on the Service beside HTTP, so replicas joining by bare name reach each other', () => {
    const converted = convertCompose(tutorial);
    expect(ports(converted.object('Service', 'mimir-1'))).toEqual([7946, 8080, 9095]);
    expect(ports(converted.object('Service', 'mimir-2'))).toEqual([7946, 8080, 9095]);
  });

  it('probe readiness on HTTP, the image\'s main port, not on the memberlist port', () => {
    const converted = convertCompose(tutorial);
    const container = converted.object('Deployment', 'mimir-1').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 8080 } });
  });

  it.each([
    ['grafana/loki:3.4.2', [3100, 7946, 9095]],
    ['grafana/tempo:2.7.1', [3200, 7946, 9095]],
  ])('know %s too', (image, expected) => {
    const converted = convertCompose(`services:\n  app:\n    image: ${image}\n`);
    expect(ports(converted.object('Service', 'app'))).toEqual(expected);
  });
});
