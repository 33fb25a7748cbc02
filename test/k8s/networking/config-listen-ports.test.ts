import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * A proxy that publishes several ports is probed on the one its configuration listens on.
 * LemmyNet/lemmy's docker/docker-compose.yml: nginx publishes 1236 and 8536, and its nginx.conf
 * (mounted as a template) listens on both.
 */
const lemmy = (conf: string, environment = ''): ReturnType<typeof convertCompose> =>
  convertCompose(`services:
  proxy:
    image: nginx:1-alpine
    ports: ["1236:1236", "8536:8536"]
    volumes: ["./nginx.conf:/etc/nginx/templates/lemmy.conf.template:ro"]
${environment}`, { 'nginx.conf': conf });

const probe = (converted: ReturnType<typeof convertCompose>): unknown => converted.object('Deployment', 'proxy').spec.template.spec.containers[0].readinessProbe;

describe('the ports a service\'s configuration listens on', () => {
  it("give a proxy publishing several ports a readiness probe on the first its nginx.conf listens on", () => {
    const converted = lemmy('server {\n    # this is the port inside docker\n    listen 1236;\n    listen 8536;\n    location / { return 200; }\n}\n');
    expect(probe(converted)).toEqual({ tcpSocket: { port: 1236 } });
    expect(converted.warningsAt('services.proxy')).toContain(
      'services.proxy: readiness probe on port 1236 of 1236, 8536, the first its configuration files listen on (1236, 8536; add a healthcheck to decide)',
    );
  });

  it('read addresses, IPv6 brackets and options, and skip commented-out lines and loopback listeners', () => {
    expect(probe(lemmy('server {\n  # listen 1236;\n  listen 127.0.0.1:1236;\n  listen [::]:8536 default_server;\n}\n'))).toEqual({ tcpSocket: { port: 8536 } });
  });

  it("take a template's port from the service's environment, as nginx's templates substitute it", () => {
    expect(probe(lemmy('server {\n  listen ${LISTEN_PORT};\n}\n', '    environment: {LISTEN_PORT: "8536"}\n'))).toEqual({ tcpSocket: { port: 8536 } });
    expect(probe(lemmy('server {\n  listen ${LISTEN_PORT};\n}\n'))).toBeUndefined();
  });

  it("read HAProxy's bind lines", () => {
    const converted = convertCompose(`services:
  haproxy:
    image: haproxy:3.0
    ports: ["15672:15672", "5672:5672"]
    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
`, { 'haproxy.cfg': 'frontend amqp\n    bind *:5672\n    default_backend rabbits\nfrontend admin\n    bind :15672\n' });
    expect(converted.object('Deployment', 'haproxy').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 5672 } });
  });

  // langgenius/dify: nginx mounts https.conf.template (`listen ${NGINX_SSL_PORT} ssl;`), pasted into
  // the server only with NGINX_HTTPS_ENABLED=true, before conf.d's `listen ${NGINX_PORT};`: the probe
  // went to 443, where nothing listened (until 2026-12-07).
  it('put TLS listeners after the plain ones, whatever the order of the files', () => {
    const converted = convertCompose(`services:
  nginx:
    image: nginx:latest
    ports: ["80:80", "443:443"]
    environment: {NGINX_PORT: "80", NGINX_SSL_PORT: "443"}
    volumes:
      - ./nginx/https.conf.template:/etc/nginx/https.conf.template
      - ./nginx/conf.d:/etc/nginx/conf.d
`, {
      'nginx/https.conf.template': 'listen ${NGINX_SSL_PORT} ssl;\nssl_certificate /etc/ssl/dify.crt;\n',
      'nginx/conf.d/default.conf.template': 'server {\n    listen ${NGINX_PORT};\n    location / { proxy_pass http://web:3000; }\n}\n',
    });
    expect(converted.object('Deployment', 'nginx').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 80 } });
    expect(converted.warningsAt('services.nginx')).toContain(
      'services.nginx: readiness probe on port 80 of 80, 443, the first its configuration files listen on (80, 443; add a healthcheck to decide)',
    );
    // HAProxy's `ssl` and Apache's `https` too; a TLS port alone is still probed.
    expect(probe(lemmy('frontend web\n    bind :8536 ssl crt /etc/ssl/site.pem\n    bind :1236\n'))).toEqual({ tcpSocket: { port: 1236 } });
    expect(probe(lemmy('Listen 8536 https\nListen 1236\n'))).toEqual({ tcpSocket: { port: 1236 } });
    expect(probe(lemmy('server {\n  listen 8536 ssl;\n}\n'))).toEqual({ tcpSocket: { port: 8536 } });
  });

  it('choose nothing among ports no configuration file names', () => {
    expect(probe(lemmy('server {\n  listen 9999;\n}\n'))).toBeUndefined();
  });
});
