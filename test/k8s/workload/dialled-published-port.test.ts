import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * A port the stack dials that is only the host side of a mapping the service publishes is no port
 * its container listens on. typebot's (twerlo fork) Caddyfile dials `typebot-builder:8080`, and the
 * builder publishes `8080:3000`: the readiness probe went to 8080, where nothing listens, so the
 * builder never became ready and its Service reached it on no port at all.
 */
const stack = (builder: string): ReturnType<typeof convertCompose> =>
  convertCompose(`services:
  builder:
    image: twerlo/typebot-builder:latest
${builder}
  caddy:
    image: caddy:2
    ports: ["80:80"]
    volumes: ["./Caddyfile:/etc/caddy/Caddyfile"]
`, { Caddyfile: 'example.com {\n    reverse_proxy builder:8080\n}\n' });

const probe = (converted: ReturnType<typeof convertCompose>): unknown =>
  converted.object('Deployment', 'builder').spec.template.spec.containers[0].readinessProbe;

describe('a dialled port that is only the host side of a published mapping', () => {
  it('is not probed: the container port compose declares is, and the warning says why', () => {
    const converted = stack('    ports: ["8080:3000"]');
    expect(probe(converted)).toEqual({ tcpSocket: { port: 3000 } });
    expect(converted.warningsAt('services.builder')).toContain(
      'services.builder: readiness probe on port 3000 of 3000, 8080, the one compose declares (it does not declare 8080 (used by caddy); 8080 is the port compose publishes on the host for 3000, which the container does not listen on, so a container dialling it reaches nothing, under compose too; add a healthcheck to decide)',
    );
  });

  it('is probed where the container does listen on it too: compose declares it, or maps it to itself', () => {
    expect(probe(stack('    ports: ["8080:3000"]\n    expose: ["8080"]'))).toEqual({ tcpSocket: { port: 8080 } });
    expect(probe(stack('    ports: ["8080:8080", "3000:3000"]'))).toEqual({ tcpSocket: { port: 8080 } });
  });
});
