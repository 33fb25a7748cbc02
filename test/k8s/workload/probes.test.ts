import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import type { Healthcheck } from '../../../lib/compose/model.ts';
import type { ImageFacts } from '../../../lib/images/facts.ts';
import type { TranslationPlan } from '../../../lib/k8s/plan/plan.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { probesFor } from '../../../lib/k8s/workload/probes.ts';
import { makeService } from '../../support/model.ts';
import { contextFor, plain } from '../support/collecting-context.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

function probes(healthcheck: Partial<Healthcheck> | undefined, service = {}) {
  const check = healthcheck && { test: ['CMD', 'true'], disable: false, ...healthcheck };
  const context = contextFor(makeService('web', { healthcheck: check, ...service }));
  return { result: plain(probesFor(context)) as Record<string, Record<string, unknown>>, warnings: context.warnings };
}

describe('probesFor', () => {
  it('maps interval, timeout and retries exactly onto readiness and liveness', () => {
    const { result, warnings } = probes({ test: ['CMD', 'pg_isready'], interval: 10_000, timeout: 5_000, retries: 5 });
    const expected = { exec: { command: ['pg_isready'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5, successThreshold: 1 };
    expect(result.readinessProbe).toEqual(expected);
    expect(result.livenessProbe).toEqual({ ...expected, initialDelaySeconds: 10 });
    expect(result.startupProbe).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('uses the compose defaults (30s, 30s, 3) for unset fields', () => {
    const { result } = probes({ test: ['CMD', 'true'] });
    expect(result.readinessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 30, failureThreshold: 3 });
  });

  it('runs CMD-SHELL tests under sh -c', () => {
    const script = 'pg_isready -U app -d app';
    const { result } = probes({ test: ['CMD-SHELL', script] });
    expect(result.readinessProbe?.exec).toEqual({ command: ['sh', '-c', script] });
  });

  it('keeps a check of a port the service binds to the loopback address a command, said at the binding', () => {
    // tailscale's healthz listens where TS_LOCAL_ADDR_PORT says; the kubelet's httpGet goes to the
    // pod's address, so the probe never passed and the liveness probe restarted the pod for good.
    const test = ['CMD', 'wget', '--spider', '-q', 'http://127.0.0.1:41234/healthz'];
    const { result, warnings } = probes({ test }, { environment: { TS_ENABLE_HEALTH_CHECK: 'true', TS_LOCAL_ADDR_PORT: '127.0.0.1:41234' } });
    expect(result.readinessProbe?.exec).toEqual({ command: ['wget', '--spider', '-q', 'http://127.0.0.1:41234/healthz'] });
    expect(result.readinessProbe?.httpGet).toBeUndefined();
    expect(warnings).toEqual([{ key: 'services.web.environment.TS_LOCAL_ADDR_PORT', message: expect.stringContaining('TS_LOCAL_ADDR_PORT binds port 41234 to the loopback address (127.0.0.1:41234)') }]);
    const flag = probes({ test }, { command: ['--listen=localhost:41234'] });
    expect(flag.result.readinessProbe?.exec).toBeDefined();
    expect(flag.warnings.map((w) => w.key)).toEqual(['services.web.command']);
    // Another port on the loopback (a client of a pod-mate) leaves the check an httpGet.
    const other = probes({ test }, { environment: { REDIS_URL: 'redis://localhost:6379', SELF: 'postgres://u:pw@localhost:41234/x' } });
    expect(other.result.readinessProbe?.httpGet).toMatchObject({ port: 41234, path: '/healthz' });
  });

  it("keeps a check of the site's public name a command, said as that name, not as a binding", () => {
    // opf/openproject-docker-compose: OPENPROJECT_HOST__NAME=localhost:8080 is the host users type;
    // puma listens on 0.0.0.0:8080, and Rails refuses a request whose Host is not that name (the
    // kubelet's httpGet sends the pod's address). `curl -f http://localhost:8080/…` from inside sends it.
    const test = ['CMD', 'curl', '-f', 'http://localhost:8080/health_checks/default'];
    for (const variable of ['OPENPROJECT_HOST__NAME', 'TAIGA_SITES_DOMAIN', 'FLAGSMITH_DOMAIN', 'LEMMY_UI_LEMMY_EXTERNAL_HOST', 'HOSTNAME', 'SERVER_NAME']) {
      const { result, warnings } = probes({ test }, { environment: { [variable]: 'localhost:8080' } });
      expect(result.readinessProbe?.exec, variable).toEqual({ command: ['curl', '-f', 'http://localhost:8080/health_checks/default'] });
      expect(warnings, variable).toEqual([
        {
          key: `services.web.environment.${variable}`,
          message: `${variable} names the site localhost:8080, the address the healthcheck calls: an httpGet probe would send the pod's address as its Host, which an application that checks the Host header refuses, so the healthcheck stays a command run in the container`,
        },
      ]);
    }
    // A TCP check sends no Host: it becomes a tcpSocket probe.
    const tcp = probes({ test: ['CMD', 'nc', '-z', 'localhost', '8080'] }, { environment: { OPENPROJECT_HOST__NAME: 'localhost:8080' } });
    expect(tcp.result.readinessProbe?.tcpSocket).toEqual({ port: 8080 });
    // A variable named for an address still binds (HEALTH_SERVER_ADDRESS, TS_LOCAL_ADDR_PORT).
    const bound = probes({ test }, { environment: { HEALTH_SERVER_ADDRESS: '127.0.0.1:8080' } });
    expect(bound.warnings.map((w) => w.message)).toEqual([expect.stringContaining('HEALTH_SERVER_ADDRESS binds port 8080 to the loopback address')]);
  });

  it("keeps a check of Caddy's admin API a command: the image binds it to the loopback address", () => {
    // Seafile's caddy.yml checks `curl --fail http://localhost:2019/metrics` on caddy-docker-proxy,
    // whose admin API listens on localhost:2019: as an httpGet to the pod's address it was refused
    // forever, and the liveness probe restarted caddy for good.
    const script = 'curl --fail http://localhost:2019/metrics || exit 1';
    for (const image of ['lucaslorentz/caddy-docker-proxy:2.9-alpine', 'caddy:2.8']) {
      const { result, warnings } = probes({ test: ['CMD-SHELL', script] }, { image });
      expect(result.readinessProbe?.exec).toEqual({ command: ['sh', '-c', script] });
      expect(result.readinessProbe?.httpGet).toBeUndefined();
      expect(warnings).toEqual([{ key: 'services.web.image', message: expect.stringContaining("the image (Caddy's admin API, unless CADDY_ADMIN moves it) binds port 2019 to the loopback address (localhost:2019)") }]);
    }
    // CADDY_ADMIN moves it (here to every address), and another port of the image is an httpGet.
    expect(probes({ test: ['CMD-SHELL', script] }, { image: 'caddy:2.8', environment: { CADDY_ADMIN: '0.0.0.0:2019' } }).result.readinessProbe?.httpGet).toMatchObject({ port: 2019 });
    expect(probes({ test: ['CMD-SHELL', 'curl -f http://localhost:80/health'] }, { image: 'caddy:2.8' }).result.readinessProbe?.httpGet).toMatchObject({ port: 80 });
    expect(probes({ test: ['CMD-SHELL', script] }, { image: 'example/web:1' }).result.readinessProbe?.httpGet).toMatchObject({ port: 2019 });
  });

  it('turns localhost HTTP checks into httpGet probes', () => {
    const { result } = probes({ test: ['CMD-SHELL', 'curl --silent --fail localhost:8000/flask-health-check || exit 1'] });
    expect(result.readinessProbe?.httpGet).toEqual({ path: '/flask-health-check', port: 8000, scheme: 'HTTP' });
    expect(result.livenessProbe?.httpGet).toEqual(result.readinessProbe?.httpGet);
    expect(result.readinessProbe?.exec).toBeUndefined();
  });

  it("keeps an HTTPS check of localhost a command: the kubelet's probe sends no server name for the certificate", () => {
    // api-platform/api-platform's compose.yaml: FrankenPHP (Caddy) holds a certificate for the site
    // `localhost` only; an HTTPS probe of the pod's address failed its handshake, so the pod was never
    // ready and its liveness probe restarted it forever (until 2026-12-07).
    const script = 'curl --insecure --fail https://localhost/docs || exit 1';
    const { result, warnings } = probes({ test: ['CMD-SHELL', script], retries: 5 });
    expect(result.readinessProbe?.exec).toEqual({ command: ['sh', '-c', script] });
    expect(result.livenessProbe?.httpGet).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(probes({ test: ['CMD', 'curl', '-kf', 'https://127.0.0.1:8443/health'] }).result.readinessProbe?.httpGet).toEqual({ path: '/health', port: 8443, scheme: 'HTTPS' });
  });

  it('gives every probe its own headers, though services share the parsed check', () => {
    const test = ['CMD', 'wget', '--header', 'Host: api', '--spider', 'http://localhost:8080/health'];
    const headersOf = () => probesFor(contextFor(makeService('web', { healthcheck: { test, disable: false } }))).readinessProbe?.httpGet?.httpHeaders;
    const [first, second] = [headersOf(), headersOf()];
    expect(first).toEqual([{ name: 'Host', value: 'api' }]);
    expect(second).toEqual(first);
    expect(second?.[0]).not.toBe(first?.[0]);
  });

  it('turns localhost connection checks into tcpSocket probes', () => {
    const { result } = probes({ test: ['CMD', 'nc', '-z', 'localhost', '9092'], retries: 4 });
    expect(result.readinessProbe).toMatchObject({ tcpSocket: { port: 9092 }, failureThreshold: 4 });
    expect(result.livenessProbe?.tcpSocket).toEqual({ port: 9092 });
  });

  it('covers start_period with a startupProbe at start_interval', () => {
    const { result } = probes({ interval: 30_000, retries: 3, startPeriod: 40_000, startInterval: 5_000 });
    expect(result.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 8 + 3, timeoutSeconds: 30 });
    expect(result.livenessProbe).toMatchObject({ periodSeconds: 30, failureThreshold: 3 });
    expect(result.livenessProbe?.initialDelaySeconds).toBeUndefined();
  });

  it('covers start_period at the interval when start_interval is unset', () => {
    const { result } = probes({ interval: 10_000, retries: 2, startPeriod: 45_000 });
    expect(result.startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 5 + 2 });
  });

  it('rounds sub-second and fractional durations up, with a warning', () => {
    const { result, warnings } = probes({ interval: 500, timeout: 1_500 });
    expect(result.readinessProbe).toMatchObject({ periodSeconds: 1, timeoutSeconds: 2 });
    expect(warnings.map((w) => w.key)).toEqual(['services.web.healthcheck.interval', 'services.web.healthcheck.timeout']);
  });

  it('emits no probe for a disabled healthcheck, even with ports', () => {
    const ports = [{ target: 80, protocol: 'tcp' as const, mode: 'ingress' as const }];
    expect(probes({ test: ['NONE'], disable: true }, { ports }).result).toEqual({});
  });

  it('gives a service with ports but no healthcheck a tcpSocket readiness probe on its first TCP port', () => {
    const ports = [
      { target: 53, protocol: 'udp' as const, mode: 'ingress' as const },
      { target: 8080, protocol: 'tcp' as const, mode: 'ingress' as const },
    ];
    expect(probes(undefined, { ports }).result).toEqual({ readinessProbe: { tcpSocket: { port: 8080 } } });
    expect(probes(undefined, { expose: [{ port: 9000, protocol: 'tcp' }] }).result).toEqual({
      readinessProbe: { tcpSocket: { port: 9000 } },
    });
  });

  it('emits nothing for a service without healthcheck or TCP port', () => {
    expect(probes(undefined, { expose: [{ port: 53, protocol: 'udp' }] }).result).toEqual({});
  });

  it('warns when a healthcheck only tunes the image check', () => {
    const { result, warnings } = probes({ test: [], interval: 5_000 }, { expose: [{ port: 80, protocol: 'tcp' }] });
    expect(result).toEqual({ readinessProbe: { tcpSocket: { port: 80 } } });
    expect(warnings[0]?.key).toBe('services.web.healthcheck.test');
  });
});

describe('CMD-SHELL with more than one item after it', () => {
  // Docker prepends the shell to Test[1:] (moby daemon/health.go): `/bin/sh -c pg_isready -d db_prod`
  // runs pg_isready alone, with `-d` and `db_prod` as $0 and $1.
  const converted = convertCompose(`services:
  db:
    image: postgres:17-alpine
    healthcheck:
      test: ["CMD-SHELL", "pg_isready", "-d", "db_prod"]
      interval: 10s
`);

  it('runs as Docker runs it: the first item is the script, the others its positional parameters', () => {
    const container = converted.objects('Deployment').concat(converted.objects('StatefulSet'))[0].spec.template.spec.containers[0];
    expect(container.readinessProbe.exec).toEqual({ command: ['sh', '-c', 'pg_isready', '-d', 'db_prod'] });
    expect(container.livenessProbe.exec).toEqual(container.readinessProbe.exec);
  });

  it('says once, at the test, that only the first item is the command', () => {
    expect(converted.warningsAt('services.db.healthcheck')).toEqual([
      "services.db.healthcheck.test: CMD-SHELL runs only its first item, 'pg_isready', as the shell command, as Docker does; the other items ('-d', 'db_prod') are the shell's $0, $1 (write the test as one string, or use CMD, to run them as arguments)",
    ]);
  });
});

describe('the synthesized readiness port', () => {
  // hatchet's engine publishes its gRPC port 7070; the Dockerfile its targets share EXPOSEs 8080,
  // its API's. The probe went to 8080 (a conventional HTTP port) while caddy waited on 7070: the
  // engine and caddy stayed unready forever.
  const engine = `services:
  hatchet-engine:
    image: x/hatchet:1
    ports: ["7077:7070"]
  caddy:
    image: caddy:2
    depends_on: [hatchet-engine]
`;
  const translated = (exposed: number[]) => {
    const directory = mkdtempSync(join(tmpdir(), 'readiness-port-'));
    try {
      const file = join(directory, 'compose.yaml');
      writeFileSync(file, engine);
      const facts: ImageFacts = { config: { exposedPorts: exposed.map((port) => ({ port, protocol: 'tcp' })), labels: {} }, source: 'dockerfile', complete: true, file: 'Dockerfile' };
      return translate(loadProject({ files: [file], environment: {}, projectName: 'demo' }), { imageFacts: { services: { 'hatchet-engine': { facts } } } });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };
  const pod = (plan: TranslationPlan, name: string): Json =>
    (plan.entries.map((entry) => entry.manifest) as Json[]).find((manifest) => manifest.kind === 'Deployment' && manifest.metadata.name === name).spec.template.spec;

  it('is the port compose declares, not one only the image EXPOSEs, and is the port the dependents wait on', () => {
    const plan = translated([8080]);
    expect(pod(plan, 'hatchet-engine').containers[0].readinessProbe).toEqual({ tcpSocket: { port: 7070 } });
    expect(pod(plan, 'caddy').initContainers[0].command.join(' ')).toContain('nc -z -w 2 hatchet-engine 7070');
    expect(plan.warnings.map((warning) => warning.message)).toContain(
      'readiness probe on port 7070 of 7070, 8080, the one compose declares (it does not declare 8080 (Dockerfile EXPOSE); add a healthcheck to decide)',
    );
  });

  it('is the port the stack connects to, not the one the image usually listens on', () => {
    // minhhungit/mongodb-cluster-docker-compose: `mongod --port 27117`; the probe went to mongo's
    // 27017, where nothing listens, so no config server or shard became ready.
    const cluster = convertCompose(`services:
  config02:
    image: mongo:4.0
    command: mongod --port 27117 --configsvr --replSet configserver
  router:
    image: mongo:4.0
    command: mongos --port 27117 --configdb configserver/config01:27117,config02:27117 --bind_ip_all
    ports: ["27117:27117"]
`);
    expect(cluster.object('Deployment', 'config02').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 27117 } });
    // Its `--port` moves it off mongo's usual 27017 (server-port-settings.ts): the Service carries 27117 alone.
    expect(cluster.warningsAt('services.config02')).toContain(
      "services.config02: the Service carries port 27117 (the port its settings give it: --port 27117 in its command, used by router) that compose does not declare, so that the others reach 'config02' on it (declare expose: to change)",
    );
    // Among several ports compose declares, the one the others use (debezium's schema-registry publishes 8181 and 8081, its listener's).
    const registry = convertCompose(`services:
  schema-registry:
    image: confluentinc/cp-schema-registry:7.0.1
    ports: ["8181:8181", "8081:8081"]
  connect:
    image: quay.io/debezium/connect:2.7
    environment:
      SCHEMA_REGISTRY_URL: http://schema-registry:8081
`);
    expect(registry.object('Deployment', 'schema-registry').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8081 } });
  });

  it("is the port the others connect to, not a published one none of them uses: Lemmy's metrics port", () => {
    // LemmyNet/lemmy docker/docker-compose.yml publishes 10002 (Prometheus, served only when the
    // config enables it); lemmy-ui and the proxy's nginx.conf connect to lemmy:8536. The probe went to
    // 10002, so lemmy never became ready and lemmy-ui, waiting on lemmy:8536, never started.
    const lemmy = convertCompose(`services:
  lemmy:
    image: dessalines/lemmy:0.19.5
    ports: ["10002:10002"]
  lemmy-ui:
    image: dessalines/lemmy-ui:0.19.5
    environment:
      - LEMMY_UI_LEMMY_INTERNAL_HOST=lemmy:8536
    depends_on: [lemmy]
`);
    expect(lemmy.object('Deployment', 'lemmy').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8536 } });
    expect(lemmy.object('Deployment', 'lemmy-ui').spec.template.spec.initContainers[0].command.join(' ')).toContain('nc -z -w 2 lemmy 8536');
    expect(lemmy.warningsAt('services.lemmy')).toContain(
      'services.lemmy: readiness probe on port 8536 of 10002, 8536, the one the stack connects to (used by lemmy-ui; compose also declares 10002, which no service is seen connecting to; add a healthcheck to decide)',
    );
  });

  it("is a data store's usual port, not an exporter port only Prometheus scrapes: sourcegraph's redis-cache", () => {
    // sourcegraph/deploy-sourcegraph-docker: prometheus' targets name redis-cache:9121, an exporter
    // nothing serves in that stack; the frontend reaches redis-cache on 6379 through its image's
    // defaults. The Service carried 9121 alone and the probe waited on it: redis-cache never became
    // ready, and nothing reached it on 6379.
    const stack = (user: string) =>
      convertCompose(`services:
  redis-cache:
    image: index.docker.io/sourcegraph/redis-cache:5.0.5
  scraper:
    image: ${user}
    environment: {TARGET: "redis-cache:9121"}
`);
    const scraped = stack('index.docker.io/sourcegraph/prometheus:5.0.5');
    expect(scraped.object('Service', 'redis-cache').spec.ports.map((port: Json) => port.port)).toEqual([6379, 9121]);
    expect(scraped.object('Deployment', 'redis-cache').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 6379 } });
    expect(scraped.warningsAt('services.redis-cache')).toContain('services.redis-cache: readiness probe on port 6379 of 6379, 9121, the one it most likely serves (add a healthcheck to decide)');
    // A client of another kind that connects to 9121 says the service serves it.
    expect(stack('x/app:1').object('Deployment', 'redis-cache').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 9121 } });
  });

  it("is a well-known image's usual port, added to its Service, when none of the published ports decides: Frigate's 5000", () => {
    // HenkVanHoek/frigate-ha-docker-compose publishes 8971 (the authenticated UI, TLS by default),
    // 8554 and 8555 (go2rtc); Frigate serves its API on 5000, which its image's HEALTHCHECK calls.
    const frigate = convertCompose(`services:
  frigate:
    image: ghcr.io/blakeblackshear/frigate:stable
    ports: ["8971:8971", "8554:8554", "8555:8555/tcp", "8555:8555/udp"]
`);
    expect(frigate.object('Deployment', 'frigate').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 5000 } });
    expect(frigate.warningsAt('services.frigate')).toContain(
      'services.frigate: readiness probe on port 5000 of 8971, 8554, 8555, 5000, the usual port of its image, which compose does not declare (which of 8971, 8554, 8555 answers is not known; add a healthcheck to decide)',
    );
    // An image of no known port keeps no probe, as before.
    const unknown = convertCompose(`services:
  nvr:
    image: example/nvr:1
    ports: ["8971:8971", "8554:8554"]
`);
    expect(unknown.object('Deployment', 'nvr').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
  });

  it('is not a port only the members of its cluster name: a ZooKeeper ensemble keeps its probe on the client port', () => {
    // server.N=zooN:2888:3888 names the quorum port 2888, which only the leader serves: a probe there
    // would keep the followers unready. The members are services of one image, so their uses do not count.
    const servers = 'server.1=zoo1:2888:3888;2181 server.2=zoo2:2888:3888;2181';
    const ensemble = convertCompose(`services:
  zoo1:
    image: zookeeper:3.9
    ports: ["2181:2181"]
    environment: {ZOO_MY_ID: 1, ZOO_SERVERS: "${servers}"}
  zoo2:
    image: zookeeper:3.9
    ports: ["2182:2181"]
    environment: {ZOO_MY_ID: 2, ZOO_SERVERS: "${servers}"}
`);
    for (const name of ['zoo1', 'zoo2']) {
      expect(ensemble.object('Deployment', name).spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 2181 } });
    }
  });

  it("says which ports compose does not declare, each with where it is known from: concourse's web and the TSA port only its worker names", () => {
    // Until 2026-12-06 the warning read "the others are known from used by worker (2222)".
    const concourse = convertCompose(`services:
  web:
    image: concourse/concourse:7.11
    command: web
    ports: ["8080:8080"]
  worker:
    image: concourse/concourse:7.11
    command: worker
    environment: {CONCOURSE_TSA_HOST: "web:2222"}
    depends_on: [web]
`);
    expect(concourse.object('Deployment', 'web').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(concourse.warningsAt('services.web')).toContain(
      'services.web: readiness probe on port 8080 of 8080, 2222, the one compose declares (it does not declare 2222 (used by worker); add a healthcheck to decide)',
    );
  });

  it('is chosen as before among several ports compose declares', () => {
    const none = convertCompose('services:\n  web:\n    image: x/web:1\n    expose: ["80", "9090"]\n');
    expect(none.object('Deployment', 'web').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 80 } });
  });
});
