/**
 * Docker's embedded DNS server (127.0.0.11) does not exist in a pod: nextcloud/docker's fpm
 * examples ship an nginx.conf with `resolver 127.0.0.11 valid=2s;` and `server app:9000 resolve;`,
 * so on Kubernetes nginx finds no upstream and answers 502. Until 2026-12-06 nothing said so.
 */
import { describe, expect, test } from 'vitest';
import { composeFile as project } from '../robustness/compose-files.ts';
import { plan } from '../names/support.ts';

const NGINX = ['http {', '    resolver 127.0.0.11 valid=2s;', '    upstream php-handler {', '        zone backends 64k;', '        server app:9000 resolve;', '    }', '}', ''].join('\n');

const warningsOf = (file: string): string[] => plan(file).warnings.filter((w) => w.message.startsWith('127.0.0.11')).map((w) => w.key ?? '');

describe("Docker's embedded DNS address", () => {
  test('in a bind-mounted nginx.conf, a compose config, the environment and the command: one warning at each', () => {
    const file = project(`services:
  app:
    image: nextcloud:fpm-alpine
  web:
    image: nginx:alpine
    volumes: ["./web/nginx.conf:/etc/nginx/nginx.conf:ro"]
    configs: [{source: extra, target: /etc/nginx/conf.d/extra.conf}]
    environment: {NGINX_RESOLVER: "127.0.0.11"}
    command: [nginx, -g, "daemon off; error_log stderr; resolver 127.0.0.11:53;"]
configs:
  extra:
    content: "resolver 127.0.0.11 ipv6=off;"
`, { 'web/nginx.conf': NGINX });
    expect(warningsOf(file).sort()).toEqual([
      'services.web.command.2',
      'services.web.configs.0',
      'services.web.environment.NGINX_RESOLVER',
      'services.web.volumes.0',
    ]);
    const message = plan(file).warnings.find((w) => w.key === 'services.web.volumes.0')?.message;
    expect(message).toBe(
      "127.0.0.11 is Docker's embedded DNS server, which a pod does not have: a resolver set to it (nginx's `resolver 127.0.0.11`) resolves no name on Kubernetes, so its upstreams are never found; write the cluster DNS Service's address instead (kubectl -n kube-system get service kube-dns)",
    );
  });

  test("host.docker.internal, the machine Docker runs on: genai-stack's OLLAMA_BASE_URL", () => {
    const file = project(`services:
  bot:
    image: x/bot:1
    environment:
      OLLAMA_BASE_URL: "http://host.docker.internal:11434"
      OTHER: "http://my-host.docker.internal.example:80"
      GATEWAY: "gateway.docker.internal"
`);
    const said = plan(file).warnings.filter((w) => /^(host|gateway)\.docker\.internal is/.test(w.message)).map((w) => w.key);
    expect(said.sort()).toEqual(['services.bot.environment.GATEWAY', 'services.bot.environment.OLLAMA_BASE_URL']);
    expect(plan(file).warnings.find((w) => w.key === 'services.bot.environment.OLLAMA_BASE_URL')?.message).toBe(
      "host.docker.internal is Docker's name for the machine the container runs on (Docker Desktop, or extra_hosts: host-gateway), which no pod resolves: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster)",
    );
  });

  test("a commented-out line of a file is no setting: Joxit/docker-registry-ui's `#!    resolver 127.0.0.11;`", () => {
    // Until 2026-12-06 the registry UI's nginx.conf was said to resolve nothing on Kubernetes, by a
    // line nginx skips. A live line after a commented one is still found.
    const commentedOnly = project(`services:
  ui:
    image: joxit/docker-registry-ui:2.5.7
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf"]
    configs: [{source: extra, target: /etc/nginx/conf.d/extra.conf}]
configs:
  extra:
    content: "  # resolver 127.0.0.11;\\n// host.docker.internal\\n"
`, { 'nginx.conf': 'server {\n#!    resolver 127.0.0.11; # This is for docker container name resolver\n    listen 80;\n}\n' });
    expect(warningsOf(commentedOnly)).toEqual([]);
    expect(plan(commentedOnly).warnings.filter((w) => w.message.includes('docker.internal'))).toEqual([]);
    const thenLive = project(`services:
  ui:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf"]
`, { 'nginx.conf': '# resolver 127.0.0.11;\nresolver 127.0.0.11 valid=2s;\n' });
    expect(warningsOf(thenLive)).toEqual(['services.ui.volumes.0']);
  });

  test("172.17.0.1, the Docker host on the default bridge: elestio-examples/glitchtip's EMAIL_URL and pgadmin's servers.json; a port a service publishes names that service", () => {
    // Until 2026-12-06 nothing was said: the mail server and pgadmin's database were addresses no pod reaches.
    const file = project(`services:
  postgres:
    image: postgres:15
    ports: ["172.17.0.1:34948:5432"]
  web:
    image: glitchtip/glitchtip:v4.1
    environment:
      EMAIL_URL: "smtp://172.17.0.1:25/?disable_starttls=true"
      DATABASE_URL: "postgres://postgres@172.17.0.1:34948/glitchtip"
      TRUSTED: "172.17.0.1/16"
      OTHER: "172.17.0.10 172.17.0.1.5"
  pgadmin4:
    image: dpage/pgadmin4:8.12
    volumes: ["./servers.json:/pgadmin4/servers.json"]
`, { 'servers.json': '{"Servers": {"1": {"Host": "172.17.0.1", "Port": 34948}}}\n' });
    const said = plan(file).warnings.filter((w) => w.message.startsWith('172.17.0.1 is'));
    expect(said.map((w) => w.key).sort()).toEqual(['services.pgadmin4.volumes.0', 'services.web.environment.DATABASE_URL', 'services.web.environment.EMAIL_URL']);
    const general =
      "172.17.0.1 is the address of the machine Docker runs on, on Docker's default bridge, which a pod does not reach it at: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster)";
    expect(said.find((w) => w.key === 'services.web.environment.EMAIL_URL')?.message).toBe(general);
    expect(said.find((w) => w.key === 'services.web.environment.DATABASE_URL')?.message).toBe(
      `${general}; its port 34948 is the one service 'postgres' publishes, which the others reach at postgres:5432`,
    );
  });

  test("the gateway of a network compose creates (172.18-31.0.1): mempool's RPC_HOST, its host's bitcoind", () => {
    // mempool/mempool's docker/docker-compose.yml (rw15sc): nothing was said until 2026-12-07.
    const file = project(`services:
  api:
    image: mempool/backend:v3.0.0
    environment:
      RPC_HOST: "172.27.0.1"
      GATEWAY: "172.18.0.1:8332"
      SUBNET: "172.27.0.1/16"
      OTHER: "172.32.0.1 172.16.0.1 172.27.0.10 10.172.27.0.1"
`);
    const said = plan(file).warnings.filter((w) => /^172\.\d+\.0\.1 is the gateway/.test(w.message));
    expect(said.map((w) => w.key).sort()).toEqual(['services.api.environment.GATEWAY', 'services.api.environment.RPC_HOST']);
    expect(said.find((w) => w.key === 'services.api.environment.RPC_HOST')?.message).toMatch(/^172\.27\.0\.1 is the gateway of a network Docker creates .* the address of the machine Docker runs on, which a pod does not reach it at: write the address/);
  });

  test('host.docker.internal with a port a service of the stack publishes names that service', () => {
    const file = project(`services:
  ollama:
    image: ollama/ollama:0.3.14
    ports: ["11434:11434"]
  bot:
    image: x/bot:1
    environment: {OLLAMA_BASE_URL: "http://host.docker.internal:11434"}
`);
    expect(plan(file).warnings.find((w) => w.key === 'services.bot.environment.OLLAMA_BASE_URL')?.message).toMatch(
      /which no pod resolves: write the address of what it should reach instead \(a Service of the stack, or an address outside the cluster\); its port 11434 is the one service 'ollama' publishes, which the others reach at ollama:11434$/,
    );
  });

  test('other addresses that contain it are not it', () => {
    const file = project(`services:
  web:
    image: nginx:alpine
    environment: {A: "127.0.0.110", B: "10.127.0.0.11", C: "127.0.0.1"}
`);
    expect(warningsOf(file)).toEqual([]);
  });
});

describe("Swarm's tasks.<service> name", () => {
  test("is said where a file or the environment writes it for a service of the project, not for other dotted words", () => {
    // vegasbrianc/prometheus: Prometheus finds every cadvisor task by `tasks.cadvisor` (dns_sd_configs).
    const prometheus = ['scrape_configs:', '  - job_name: cadvisor', '    dns_sd_configs:', "    - names: ['tasks.cadvisor']", '      type: A', '      port: 8080', ''].join('\n');
    const file = project(`services:
  prometheus:
    image: prom/prometheus:v2.36.2
    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml:ro"]
    environment: {CELERY_IMPORTS: "tasks.email", WORKER: "app.tasks.cadvisor"}
  cadvisor:
    image: gcr.io/cadvisor/cadvisor:v0.49.1
    deploy: {mode: global}
`, { 'prometheus.yml': prometheus });
    const said = plan(file).warnings.filter((w) => w.message.includes("Docker Swarm's name"));
    expect(said.map((w) => [w.key, w.message])).toEqual([
      [
        'services.prometheus.volumes.0',
        "tasks.cadvisor is Docker Swarm's name for every task of service 'cadvisor', which nothing answers on Kubernetes: write 'cadvisor', its Service's name, and set deploy.endpoint_mode: dnsrr on 'cadvisor', so that its Service is headless and answers with every pod, as tasks.cadvisor does",
      ],
    ]);
  });

  test("is said for a service that runs in another's pod too", () => {
    const file = project(`services:
  prometheus:
    image: prom/prometheus:v2.36.2
  sidecar:
    image: x/scraper:1
    network_mode: service:prometheus
    environment: {TARGETS: "tasks.cadvisor"}
  cadvisor:
    image: gcr.io/cadvisor/cadvisor:v0.49.1
    deploy: {mode: global}
`);
    expect(plan(file).warnings.filter((w) => w.message.includes("Docker Swarm's name")).map((w) => w.key)).toEqual(['services.sidecar.environment.TARGETS']);
  });
});
