import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Sonatype Nexus serves its UI and repositories on 8081; the 5000/5001 a stack publishes beside it are
 * Docker-registry connectors that listen only once configured in Nexus (zhongpei/drone-gitea-nexus).
 */
describe('Sonatype Nexus', () => {
  it('is probed on 8081, not on a registry connector port that may never listen', () => {
    const converted = convertCompose(`services:
  nexus:
    image: sonatype/nexus3
    ports: ["8081:8081", "5000:5000", "5001:5001"]
    volumes: [nexus-data:/nexus-data]
    restart: always
volumes:
  nexus-data:
`);
    const container = converted.object('Deployment', 'nexus').spec.template.spec.containers[0];
    expect(container.readinessProbe.tcpSocket.port).toBe(8081);
    expect(converted.warningsAt('services.nexus').join('\n')).not.toContain('readiness probe on port 5000');
  });

  it('is reached on 8081 by a service that names it without a port', () => {
    const converted = convertCompose(`services:
  nexus:
    image: sonatype/nexus3:3.68.1
  builder:
    image: x/builder:1
    environment: [NEXUS_HOST=nexus]
    depends_on: [nexus]
`);
    expect(converted.object('Service', 'nexus').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([8081]);
  });
});
