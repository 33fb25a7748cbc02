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

  it('is said whichever port the probe takes: one another service connects to decides it (uptrace)', () => {
    // uptrace/uptrace's example: otelcol exports to uptrace:4317, vector posts to uptrace:14318,
    // published for 80. The probe took 4317, and the Service carried 14318 unsaid (until 2026-12-07).
    const converted = convertCompose(`services:
  uptrace:
    image: uptrace/uptrace:2.0.0
    ports: ['14317:4317', '14318:80']
  otelcol:
    image: otel/opentelemetry-collector-contrib:0.123.0
    environment:
      EXPORT_ENDPOINT: http://uptrace:4317
  vector:
    image: timberio/vector:0.28.1-alpine
    environment:
      SINK_URI: http://uptrace:14318/api/v1/vector/logs
`);
    expect(converted.object('Deployment', 'uptrace').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 4317 } });
    expect(converted.warningsAt('services.uptrace').filter((warning: string) => /readiness probe/.test(warning))).toEqual([
      'services.uptrace: readiness probe on port 4317 of 4317, 80, 14318, the one the stack connects to (used by otelcol; compose also declares 80, which no service is seen connecting to; 14318 is the port compose publishes on the host for 80, which the container does not listen on, so a container dialling it reaches nothing, under compose too; add a healthcheck to decide)',
    ]);
  });

  it('is said where the Service carries it: not "so that the others reach" it (ragflow)', () => {
    // infiniflow/ragflow's shared .env gives every service ES_HOST=es01 and ES_PORT=1200, published for
    // es01's 9200: the Service carried 1200 "so that the others reach 'es01' on it" (until 2026-12-07).
    const converted = convertCompose(`services:
  es01:
    image: elasticsearch:8.11.3
    ports: ["1200:9200"]
  app:
    image: x/app:1
    environment:
      ES_HOST: es01
      ES_PORT: "1200"
`);
    expect(converted.warningsAt('services.es01').filter((warning: string) => warning.includes('the Service carries'))).toEqual([
      "services.es01: the Service carries ports 1200 (used by app; only the host side of 1200:9200, where the container does not listen, so it reaches nothing, under compose too), 9300 (the usual port of elasticsearch images) that compose does not declare, so that the others reach 'es01' on them (declare expose: to change)",
    ]);
  });
});
