import { describe, expect, it } from 'vitest';
import { proxyLabelPorts } from '../../../../lib/k8s/networking/wiring/proxy-label-ports.ts';
import { makeService } from '../../../support/model.ts';
import { convertCompose } from '../../support/compose-text.ts';

describe('the ports proxy labels route to', () => {
  it("are read from Traefik's service port labels (v2+ http and tcp, v1) and nginx-proxy's VIRTUAL_PORT, each once", () => {
    const service = makeService('app', {
      labels: {
        'traefik.enable': 'true',
        'traefik.http.routers.app.rule': 'Host(`app.example.com`)',
        'traefik.http.services.app.loadbalancer.server.port': '8008',
        'traefik.tcp.services.app-tcp.loadbalancer.server.port': ' 9000 ',
        'traefik.port': '8008',
        'traefik.http.services.app.loadbalancer.server.scheme': 'http',
      },
      environment: { VIRTUAL_PORT: '3000' },
    });
    expect(proxyLabelPorts(service)).toEqual([
      [8008, "Traefik's label traefik.http.services.app.loadbalancer.server.port"],
      [9000, "Traefik's label traefik.tcp.services.app-tcp.loadbalancer.server.port"],
      [3000, "nginx-proxy's VIRTUAL_PORT"],
    ]);
  });

  it("are read whatever the case of the label's key, as Traefik reads them (loadBalancer, Loadbalancer, TRAEFIK.PORT)", () => {
    const service = makeService('app', {
      labels: {
        'traefik.http.services.app.loadBalancer.server.port': '8081',
        'Traefik.TCP.Services.raw.LoadBalancer.Server.Port': '9000',
        'TRAEFIK.PORT': '7000',
      },
    });
    expect(proxyLabelPorts(service).map(([port]) => port)).toEqual([8081, 9000, 7000]);
    expect(proxyLabelPorts(makeService('app', { labels: { 'Traefik.Enable': 'False', 'traefik.http.services.app.loadBalancer.server.port': '8081' } }))).toEqual([]);
  });

  it("route dhjensen/matomo-docker's anubis to 8081, where BIND listens, not to the published 8080", () => {
    const matomo = convertCompose(`services:
  anubis:
    image: ghcr.io/techarohq/anubis:v1.21.3
    environment:
      - BIND=:8081
      - TARGET=http://web:80
    ports:
      - "127.0.0.1:8081:8080"
    labels:
      - traefik.enable=true
      - traefik.http.routers.anubis.rule=Host(\`matomo.example.org\`)
      - traefik.http.services.anubis.Loadbalancer.server.port=8081
  web:
    image: nginx:1.29.1-alpine
`);
    expect(matomo.object('Deployment', 'anubis').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8081 } });
    expect(matomo.object('Service', 'anubis').spec.ports.map((port: { port: number }) => port.port)).toEqual([8080, 8081]);
  });

  it('are none for a container Traefik leaves out, or values that are no port', () => {
    expect(proxyLabelPorts(makeService('app', { labels: { 'traefik.enable': 'false', 'traefik.http.services.app.loadbalancer.server.port': '8008' } }))).toEqual([]);
    expect(proxyLabelPorts(makeService('app', { labels: { 'traefik.port': '${PORT}', 'traefik.http.services.a.loadbalancer.server.port': '70000' }, environment: { VIRTUAL_PORT: null } }))).toEqual([]);
  });

  it("are carried by the Service and probed before a published port no service uses: element-hq/synapse's contrib/docker stack", () => {
    // The compose file publishes 8448 (its comment says to remove it when Traefik routes to
    // synapse) and routes Traefik to 8008, where homeserver.yaml listens. The probe went to 8448,
    // where nothing listens, and the Service had no 8008: synapse never became ready.
    const synapse = convertCompose(`services:
  synapse:
    image: docker.io/matrixdotorg/synapse:v1.120.0
    ports:
      - 8448:8448/tcp
    labels:
      - traefik.enable=true
      - traefik.http.routers.https-synapse.rule=Host(\`my.matrix.host\`)
      - traefik.http.services.synapse.loadbalancer.server.port=8008
`);
    expect(synapse.object('Deployment', 'synapse').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8008 } });
    expect(synapse.object('Service', 'synapse').spec.ports.map((port: { port: number }) => port.port)).toEqual([8008, 8448]);
    expect(synapse.warningsAt('services.synapse')).toContain(
      "services.synapse: readiness probe on port 8008 of 8448, 8008, the one the stack connects to (routed to by Traefik's label traefik.http.services.synapse.loadbalancer.server.port; compose also declares 8448, which no service is seen connecting to; add a healthcheck to decide)",
    );
    expect(synapse.warningsAt('services.synapse')).toContain(
      "services.synapse: the Service carries port 8008 (routed to by Traefik's label traefik.http.services.synapse.loadbalancer.server.port) that compose does not declare, so that the others reach 'synapse' on it (declare expose: to change)",
    );
  });
});
