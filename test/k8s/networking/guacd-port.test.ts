import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Apache Guacamole's web application reaches guacd by GUACD_HOSTNAME alone (its port, 4822, is the
 * default of GUACD_PORT): boschkundendienst's guacamole-docker-compose declares no port of guacd.
 */
const stack = (image: string): string => `services:
  guacd:
    image: ${image}
  guacamole:
    image: guacamole/guacamole:1.5.5
    depends_on: [guacd]
    environment:
      GUACD_HOSTNAME: guacd
    ports: ["8080:8080"]
`;

describe('guacd', () => {
  it.each(['guacamole/guacd:1.5.5', 'dushixiang/guacd:latest'])('%s gets port 4822 on its Service, its readiness probe and the wait of who depends on it', (image) => {
    const converted = convertCompose(stack(image));
    expect(converted.object('Service', 'guacd').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([4822]);
    expect(converted.object('Deployment', 'guacd').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 4822 } });
    const waits = converted.object('Deployment', 'guacamole').spec.template.spec.initContainers.map((init: { name: string; command: string[] }) => [init.name, init.command.join(' ')]);
    expect(waits).toEqual([['wait-for-guacd', expect.stringContaining('nc -z -w 2 guacd 4822')]]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/not waited for/);
  });
});
