import { describe, expect, it } from 'vitest';
import { chartOf } from '../robustness/compose-files.ts';

// fbonalair/traefik-crowdsec-bouncer's example routes whoami through the bouncer by Traefik labels
// alone: converted, the labels were pod annotations no proxy reads, and nothing said so.
describe("labels a reverse proxy reads from Docker (Traefik's, caddy-docker-proxy's)", () => {
  const chart = chartOf(`services:
  traefik:
    image: traefik:v3.1
    command: ["--providers.docker=true"]
  whoami:
    image: traefik/whoami:v1.10
    labels:
      - traefik.enable=true
      - traefik.http.routers.whoami.rule=Host(\`whoami.localhost\`)
      - traefik.http.routers.whoami.middlewares=bouncer@docker
  bouncer:
    image: fbonalair/traefik-crowdsec-bouncer:0.5.0
    deploy:
      labels: {traefik.http.middlewares.bouncer.forwardauth.address: "http://bouncer:8080/api/v1/forwardAuth"}
  hidden:
    image: nginx:1.27
    labels: {traefik.enable: "false", traefik.http.routers.x.rule: "Host(\`x\`)"}
  site:
    image: nginx:1.27
    labels: {caddy: example.com, caddy.reverse_proxy: "{{upstreams 80}}"}
  plain:
    image: nginx:1.27
    labels: {traefik.enable: "true", com.example.team: web}
  off:
    image: nginx:1.27
    labels: {Traefik.Enable: "False", traefik.http.routers.off.rule: "Host(\`off\`)"}
  shouted:
    image: nginx:1.27
    labels: {Traefik.HTTP.Routers.shouted.Rule: "Host(\`shouted\`)"}
`);
  const said = chart.warnings.filter((w) => w.message.includes('reads container labels from Docker')).map((w) => [w.key, w.message]);

  it('are said once per service, at the first such label (in the order compose writes them), with what to write instead', () => {
    expect(said).toEqual([
      ['services.bouncer.deploy.labels.traefik.http.middlewares.bouncer.forwardauth.address', expect.stringMatching(/^label 'traefik\.http\.middlewares\.bouncer\.forwardauth\.address' configures Traefik's Docker provider, .* it is a pod annotation no proxy reads/)],
      ['services.shouted.labels.Traefik.HTTP.Routers.shouted.Rule', expect.stringMatching(/^label 'Traefik\.HTTP\.Routers\.shouted\.Rule' configures Traefik's Docker provider/)],
      ['services.site.labels.caddy', expect.stringMatching(/^2 labels \(caddy, …\) configure caddy-docker-proxy, .*write the routes in a Caddyfile the proxy mounts/)],
      ['services.whoami.labels.traefik.http.routers.whoami.rule', expect.stringMatching(/^2 labels \(traefik\.http\.routers\.whoami\.rule, …\) configure Traefik's Docker provider, .*does not exist: write them as Ingresses or as IngressRoutes and Middlewares of Traefik's Kubernetes provider, or set x-kubernetes\.exposure: Ingress$/)],
    ]);
  });

  it('are not said where Traefik is told to leave the container out, nor for traefik.enable alone', () => {
    expect(said.map(([key]) => key).join('\n')).not.toMatch(/services\.(hidden|plain)\./);
  });
});

// mattermost-community/focalboard's docker-compose-db-nginx.yml and sonatype/docker-nexus3's
// postgresql stack route to their app through nginx-proxy by VIRTUAL_HOST and VIRTUAL_PORT alone:
// converted, no proxy read them, and nothing said so (until 2026-12-06).
describe("the environment nginx-proxy reads from Docker (VIRTUAL_HOST, LETSENCRYPT_HOST)", () => {
  const chart = chartOf(`services:
  app:
    image: mattermost/focalboard:7.11.4
    expose: ["8000"]
    environment:
      - VIRTUAL_PORT=8000
      - VIRTUAL_HOST=focalboard.local
  proxy:
    image: nginxproxy/nginx-proxy:1.6
    ports: ["443:443"]
  certified:
    image: nginx:1.27
    environment: {LETSENCRYPT_HOST: example.com}
  unset:
    image: nginx:1.27
    environment: {VIRTUAL_HOST: ""}
`);
  const said = chart.warnings.filter((w) => w.message.includes('through nginx-proxy')).map((w) => [w.key, w.message]);

  it('is said once per service, at the variable, with what to write instead', () => {
    expect(said).toEqual([
      [
        'services.app.environment.VIRTUAL_HOST',
        "VIRTUAL_HOST routes requests to this service through nginx-proxy, which reads containers' environment from Docker; on Kubernetes no proxy reads it, so the route it declares does not exist: write an Ingress, or set x-kubernetes.exposure: Ingress",
      ],
      ['services.certified.environment.LETSENCRYPT_HOST', expect.stringMatching(/^LETSENCRYPT_HOST routes requests to this service through nginx-proxy/)],
    ]);
  });
});
