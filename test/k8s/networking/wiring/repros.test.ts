/**
 * Issue 12's conversions that exited 0 and would not work once applied: every name a service is
 * reached by resolves, on the ports the others use, and probes address the container itself.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../../../lib/compose/load.ts';
import type { ImageFacts } from '../../../../lib/images/facts.ts';
import type * as k8s from '../../../../lib/k8s/plan/api-types.ts';
import { translate } from '../../../../lib/k8s/translate.ts';
import { planManifests, type TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { convertCompose } from '../../support/compose-text.ts';
import { IMAGE_REFERENCES_COMPOSE, IMAGE_REFERENCES_FILES } from '../../../support/image-references-stack.ts';
import { find, plan, podOf } from '../../names/support.ts';

const serviceSpec = (translation: TranslationPlan, name: string): k8s.Service['spec'] => find<k8s.Service>(translation, 'Service', name).spec;
const servicePorts = (translation: TranslationPlan, name: string): number[] | undefined => serviceSpec(translation, name)?.ports?.map((port) => port.port);
const env = (translation: TranslationPlan, service: string, variable: string): string | undefined =>
  podOf(translation, service).containers[0]?.env?.find((entry) => entry.name === variable)?.value;
const warnings = (translation: TranslationPlan): string[] => translation.warnings.map((w) => `${w.key}: ${w.message}`);

describe('every service is reachable by its compose name', () => {
  test('a service without ports gets a Service with the ports its healthcheck and the others use', () => {
    const translation = plan(project(`services:
  api:
    image: x/api:1
    healthcheck: {test: [CMD, wget, -q, --spider, "http://localhost:9999/h"]}
  proxy:
    image: nginx:1.27
    environment: {UPSTREAM: "http://api:9999"}
`));
    expect(servicePorts(translation, 'api')).toEqual([9999]);
    expect(podOf(translation, 'api').containers[0]?.ports).toEqual([{ name: 'tcp-9999', containerPort: 9999, protocol: 'TCP' }]);
    expect(warnings(translation)).toContain("services.api: the Service carries port 9999 (healthcheck, used by proxy) that compose does not declare, so that the others reach 'api' on it (declare expose: to change)");
    expect(translation.wiring['proxy']?.references).toEqual([
      { key: 'services.proxy.environment.UPSTREAM', name: 'api', service: 'api', resolvesAs: 'api', port: 9999, outcome: 'resolves' },
    ]);
  });

  test('a healthcheck that tests the answer of its own URL gives its port, and a service_healthy dependant waits on it', () => {
    // SonarSource/docker-sonarqube's sq-dce-postgres: the search nodes declare no port and check
    // `curl … "http://$SONAR_CLUSTER_NODE_NAME:9001/…" | grep -q …`; the app depends on them being
    // healthy, and was not made to wait at all ("no TCP port of it is known", until 2026-12-07).
    const translation = plan(project(`services:
  search:
    image: example/search:1.0
    hostname: search
    environment: {NODE_NAME: search}
    healthcheck:
      test: curl -sf "http://$$NODE_NAME:9001/_cluster/health" | grep -q '"status":"green"'
  app:
    image: example/app:1.0
    depends_on:
      search: {condition: service_healthy}
`));
    expect(servicePorts(translation, 'search')).toEqual([9001]);
    expect(warnings(translation)).toContain("services.search: the Service carries port 9001 (healthcheck) that compose does not declare, so that the others reach 'search' on it (declare expose: to change)");
    expect(podOf(translation, 'app').initContainers?.map((container) => container.command?.at(-1))).toEqual([
      'until nc -z -w 2 search 9001; do echo waiting for search:9001; sleep 2; done',
    ]);
    expect(warnings(translation).join('\n')).not.toContain('is not waited for');
  });

  test("a healthcheck of the site's public name (a loopback address) gives the port the service listens on", () => {
    // opf/openproject-docker-compose: OPENPROJECT_HOST__NAME=localhost:8080 names the site; web listens
    // on 8080 for the proxy, which was not made to wait for it ("no TCP port", until 2026-12-07).
    const translation = plan(project(`services:
  web:
    image: openproject/openproject:14
    environment: {OPENPROJECT_HOST__NAME: "localhost:8080"}
    healthcheck: {test: [CMD, curl, -f, "http://localhost:8080/health_checks/default"]}
  proxy:
    image: caddy:2
    depends_on: [web]
`));
    expect(servicePorts(translation, 'web')).toEqual([8080]);
    expect(podOf(translation, 'proxy').initContainers?.map((container) => container.command?.at(-1))).toEqual([
      'until nc -z -w 2 web 8080; do echo waiting for web:8080; sleep 2; done',
    ]);
  });

  test('a healthcheck port the service binds to the loopback address is no port the others reach', () => {
    // tailscale's healthz (TS_LOCAL_ADDR_PORT=127.0.0.1:41234) answers inside the pod only: a Service port for it reaches nothing.
    const translation = plan(project(`services:
  tailscale:
    image: tailscale/tailscale:v1.80.0
    environment: {TS_LOCAL_ADDR_PORT: "127.0.0.1:41234", TS_ENABLE_HEALTH_CHECK: "true"}
    healthcheck: {test: [CMD, wget, --spider, -q, "http://127.0.0.1:41234/healthz"]}
`));
    expect(serviceSpec(translation, 'tailscale')).toEqual({ clusterIP: 'None', selector: expect.any(Object) });
    expect(warnings(translation).join('\n')).not.toContain('carries port 41234');
  });

  test('a service whose port nothing tells gets a headless Service: DNS answers with its pods, on every port', () => {
    const translation = plan(project(`services:
  broker:
    image: example/broker:1
  app:
    image: example/app:1
    environment: {BROKER_HOST: broker}
`));
    expect(serviceSpec(translation, 'broker')).toEqual({ clusterIP: 'None', selector: expect.any(Object) });
  });

  test('ports a configuration file uses reach the Service (an API gateway and its upstreams)', () => {
    const file = project(`services:
  gateway:
    image: nginx:1.27
    configs: [{source: site, target: /etc/nginx/conf.d/default.conf}]
  users:
    image: x/users:1
  orders:
    image: x/orders:1
configs:
  site:
    content: |
      server { location /users { proxy_pass http://users:8081; } location /orders { proxy_pass http://orders:8082/; } }
`);
    const translation = plan(file);
    expect(servicePorts(translation, 'users')).toEqual([8081]);
    expect(servicePorts(translation, 'orders')).toEqual([8082]);
  });
});

describe('an nginx upstream group is no host', () => {
  test("LemmyNet/lemmy's proxy: `proxy_pass http://lemmy` names the upstream group, so lemmy keeps its one port and is waited for on it", () => {
    // Until 2026-12-06 each `http://<upstream>` counted as the service's port 80: lemmy and
    // lemmy-ui got readiness probes on 80, where nothing listens, and their dependents waited on
    // lemmy:80 and lemmy-ui:80 forever.
    const translation = plan(project(`services:
  proxy:
    image: nginx:1-alpine
    ports: ["1236:1236"]
    volumes: ["./nginx.conf:/etc/nginx/templates/lemmy.conf.template:ro"]
    depends_on: [lemmy, lemmy-ui]
  lemmy:
    image: dessalines/lemmy:0.19.3
  lemmy-ui:
    image: dessalines/lemmy-ui:0.19.3
    environment: [LEMMY_UI_LEMMY_INTERNAL_HOST=lemmy:8536]
    depends_on: [lemmy]
`, { 'nginx.conf': [
      'upstream lemmy {',
      '    server lemmy:8536;',
      '}',
      'upstream lemmy-ui {',
      '    server lemmy-ui:1234;',
      '}',
      'map $http_accept $accept_proxpass {',
      '    default "http://lemmy-ui";',
      '    "application/activity+json" "http://lemmy";',
      '}',
      'server {',
      '    listen 1236;',
      '    location / { proxy_pass $accept_proxpass; }',
      '    location ~ ^/(api|pictrs) { proxy_pass "http://lemmy"; }',
      '}',
      '',
    ].join('\n') }));
    expect(servicePorts(translation, 'lemmy')).toEqual([8536]);
    expect(servicePorts(translation, 'lemmy-ui')).toEqual([1234]);
    expect(podOf(translation, 'lemmy').containers[0]?.readinessProbe).toEqual({ tcpSocket: { port: 8536 } });
    expect(podOf(translation, 'lemmy-ui').containers[0]?.readinessProbe).toEqual({ tcpSocket: { port: 1234 } });
    const waits = (service: string) => podOf(translation, service).initContainers?.map((container) => container.command?.at(-1));
    expect(waits('proxy')?.join('\n')).toContain('nc -z -w 2 lemmy-ui 1234');
    expect(waits('lemmy-ui')?.join('\n')).toContain('nc -z -w 2 lemmy 8536');
    expect(warnings(translation).join('\n')).not.toMatch(/carries ports? 80\b/);
  });
});

describe("a configuration file's commented-out lines are no settings", () => {
  test("Joxit/docker-registry-ui's read-only-auth: a `# proxy_pass` line adds no port to the Service, nor a wait or probe on it; the live line is used", () => {
    // Until 2026-12-06 a commented-out `# proxy_pass http://registry:9999;` counted as a call:
    // registry's Service carried 9999, where nothing listens.
    const translation = plan(project(`services:
  registry:
    image: registry:2.8.3
  ui:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
    depends_on: [registry]
`, { 'nginx.conf': [
      'server {',
      '    listen 80;',
      '#    proxy_pass http://registry:9999;',
      '    // upstream registry:9998',
      '    location /v2 { proxy_pass http://registry:5000; }',
      '}',
      '',
    ].join('\n') }));
    expect(servicePorts(translation, 'registry')).toEqual([5000]);
    const waits = podOf(translation, 'ui').initContainers?.map((container) => container.command?.at(-1)).join('\n');
    expect(waits).toContain('nc -z -w 2 registry 5000');
    expect(waits).not.toMatch(/999[89]/);
    expect(warnings(translation).join('\n')).not.toMatch(/999[89]/);
  });
});

describe('names Kubernetes cannot hold are rewritten where they are used', () => {
  test('db_postgres → db-postgres in URLs, host:port, bare values, commands and configuration files; users and databases stay', () => {
    const file = project(`services:
  db_postgres:
    image: postgres:16
    environment: {POSTGRES_USER: db_postgres, POSTGRES_DB: db_postgres}
  app:
    image: x/app:1
    environment:
      DB_HOST: db_postgres
      DATABASE_URL: "postgres://app@db_postgres:5432/app"
      DB_USER: db_postgres
    command: [wait-for-it, "db_postgres:5432", --, serve, --db-host, db_postgres]
    configs: [{source: settings, target: /app/settings.ini}]
configs:
  settings:
    content: "host = db_postgres\\nname = db_postgres\\nnote = db_postgres_backup\\n"
`);
    const translation = plan(file);
    expect(env(translation, 'app', 'DB_HOST')).toBe('db-postgres');
    expect(env(translation, 'app', 'DATABASE_URL')).toBe('postgres://app@db-postgres:5432/app');
    expect(env(translation, 'app', 'DB_USER')).toBe('db_postgres');
    expect(env(translation, 'db-postgres', 'POSTGRES_USER')).toBe('db_postgres');
    expect(podOf(translation, 'app').containers[0]?.args).toEqual(['wait-for-it', 'db-postgres:5432', '--', 'serve', '--db-host', 'db-postgres']);
    const settings = Object.values(find<k8s.ConfigMap>(translation, 'ConfigMap', 'settings').data ?? {})[0];
    expect(settings).toBe('host = db-postgres\nname = db_postgres\nnote = db_postgres_backup\n');
    const messages = warnings(translation);
    expect(messages).toContain("services.app.environment.DB_HOST: 'db_postgres' is written 'db-postgres' here: that is the name of the Service of service 'db_postgres', as Kubernetes names are DNS labels");
    expect(messages.filter((message) => message.startsWith('services.app.configs.0:'))).toHaveLength(1);
    expect(messages.some((message) => message.includes("still reach 'db_postgres'"))).toBe(false);
  });

  test('a container_name, hostname or links alias the others use resolves: its own Service, or rewritten when it is no DNS label', () => {
    const translation = plan(project(`services:
  cache:
    image: redis:7
    container_name: Redis_Cache
    hostname: cachehost
  app:
    image: x/app:1
    links: ["cache:kv"]
    environment: {REDIS_URL: "redis://Redis_Cache:6379/0", CACHE_HOST: cachehost, KV: "kv:6379"}
  idle:
    image: x/idle:1
    container_name: idle-box
`));
    expect(env(translation, 'app', 'REDIS_URL')).toBe('redis://cache:6379/0');
    expect(serviceSpec(translation, 'cachehost')?.selector).toEqual(serviceSpec(translation, 'cache')?.selector);
    expect(servicePorts(translation, 'kv')).toEqual([6379]);
    // Nobody uses idle-box: no Service for it.
    expect(translation.entries.some((entry) => entry.manifest.kind === 'Service' && entry.manifest.metadata.name === 'idle-box')).toBe(false);
  });

  test("a links alias gets its Service though no reference to it is seen: the linking image's own configuration uses it (marquez's db:postgres)", () => {
    // MarquezProject/marquez: app links "db:postgres" and its image connects to postgres:5432, which
    // no file of the project says; until 2026-12-06 no Service answered to 'postgres'.
    const translation = plan(project(`services:
  app:
    image: marquezproject/marquez:0.50.0
    links: ["db:postgres", "cache"]
    depends_on: [db]
  db:
    image: postgres:12.1
    ports: ["5432:5432"]
  cache:
    image: redis:7
    container_name: unused-box
`));
    expect(serviceSpec(translation, 'postgres')?.selector).toEqual(serviceSpec(translation, 'db')?.selector);
    expect(servicePorts(translation, 'postgres')).toEqual([5432]);
    // A container_name nobody uses still names nothing.
    expect(translation.entries.some((entry) => entry.manifest.kind === 'Service' && entry.manifest.metadata.name === 'unused-box')).toBe(false);
  });

  test("a service's static ipv4_address is rewritten to its Service's name where the others use it", () => {
    // pedrolamas/docker-iot-stack: zigbee2mqtt's configuration.yaml reaches the broker at mqtt://10.0.0.6,
    // mosquitto's ipv4_address, which no pod has on Kubernetes (until 2026-12-06 it was left as written).
    const file = project(
      `services:
  mosquitto:
    image: eclipse-mosquitto:2
    networks: {backbone: {ipv4_address: 10.0.0.6}}
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:2.1.0
    environment: {MQTT_SERVER: "mqtt://10.0.0.6:1883", NTP_SERVER: 10.0.0.99}
    volumes: ["./z2m/configuration.yaml:/app/data/configuration.yaml:ro"]
    networks: {backbone: {ipv4_address: 10.0.0.7}}
networks:
  backbone:
    ipam: {config: [{subnet: 10.0.0.0/27}]}
`,
      { 'z2m/configuration.yaml': 'mqtt:\n  server: mqtt://10.0.0.6\n' },
    );
    const translation = plan(file);
    expect(env(translation, 'zigbee2mqtt', 'MQTT_SERVER')).toBe('mqtt://mosquitto:1883');
    expect(env(translation, 'zigbee2mqtt', 'NTP_SERVER')).toBe('10.0.0.99');
    const configuration = Object.values(find<k8s.ConfigMap>(translation, 'ConfigMap', 'zigbee2mqtt-app-data-configuration-yaml').data ?? {})[0];
    expect(configuration).toBe('mqtt:\n  server: mqtt://mosquitto\n');
    expect(servicePorts(translation, 'mosquitto')).toEqual([1883]);
    expect(warnings(translation)).toContain(
      "services.zigbee2mqtt.environment.MQTT_SERVER: '10.0.0.6' is written 'mosquitto' here: that is the name of the Service of service 'mosquitto' (its static address '10.0.0.6'), as the cluster assigns pod addresses",
    );
  });

  test('a compose file shipped in a mounted folder names no host: its ipv4_address lines are not references', () => {
    // pedrolamas/docker-iot-stack's code-server mounts the project, compose file included.
    const file = project(
      `services:
  mosquitto:
    image: eclipse-mosquitto:2
    networks: {backbone: {ipv4_address: 10.0.0.6}}
  editor:
    image: codercom/code-server:4.96.4
    volumes: ["./stack:/home/coder/project"]
    networks: [backbone]
networks:
  backbone: {}
`,
      { 'stack/docker-compose.yml': 'services:\n  mosquitto:\n    networks:\n      backbone:\n        ipv4_address: 10.0.0.6\n', 'stack/notes.txt': 'x\n' },
    );
    const translation = plan(file);
    expect(translation.wiring['editor']?.references ?? []).toEqual([]);
    expect(warnings(translation).join('\n')).not.toContain("refers to '10.0.0.6'");
  });

  test('a reference inside a Secret is reported, not rewritten, and its value never printed', () => {
    const file = project(`services:
  db_main:
    image: postgres:16
  app:
    image: x/app:1
    secrets: [dsn]
secrets:
  dsn: {file: ./dsn.txt}
`, { 'dsn.txt': 'postgres://app:Very-Secret-9@db_main:5432/app' });
    const translation = plan(file);
    const message = warnings(translation).find((text) => text.includes("refers to 'db_main'"));
    expect(message).toMatch(/^services\.app\.secrets\.0: .*Secret 'dsn'.* 'db-main' on Kubernetes; the converter cannot change it there/);
    expect(message).not.toContain('Very-Secret-9');
  });
});

test('a reference inside a binary file is reported, not rewritten', () => {
  const file = project(`services:
  db_main:
    image: postgres:16
  app:
    image: x/app:1
    volumes: ["./app.db:/etc/app.db:ro"]
`);
  writeFileSync(join(dirname(file), 'app.db'), Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('host=db_main:5432'), Buffer.from([0xc3, 0x28])]));
  const translation = plan(file);
  expect(warnings(translation).find((text) => text.includes("refers to 'db_main'"))).toMatch(/^services\.app\.volumes\.0: the binary file 'app\.db' of ConfigMap '[a-z-]+' refers to 'db_main'/);
});

test.each([
  ['dropped where the image carries it', 'COPY . /app'],
  ['kept where the image copies it elsewhere', 'COPY . /usr/share/nginx/html'],
])('the source code a service mounts is not read for calls: %s, its Dockerfile names images, not services', (_what, copy) => {
  const file = project(
    `services:
  web:
    build: {context: ./web}
    volumes: ["./web:/app"]
  nginx:
    image: nginx:1.27
`,
    { 'web/Dockerfile': `FROM nginx:1.27-alpine\n${copy}\n`, 'web/main.js': 'fetch("/api")\n' },
  );
  const translation = plan(file);
  expect(translation.wiring['web']?.references ?? []).toEqual([]);
  expect(servicePorts(translation, 'nginx') ?? []).not.toContain(1);
});

describe('probes address the container itself', () => {
  test('a healthcheck that calls its own service by name calls localhost', () => {
    const translation = plan(project(`services:
  storage:
    image: x/storage:1
    healthcheck: {test: [CMD, wget, -q, --spider, "http://storage:5000/status"]}
  kafka:
    image: x/kafka:1
    container_name: kafka-broker
    healthcheck: {test: "nc -z kafka-broker 9092 || exit 1"}
  db:
    image: postgres:16
    healthcheck: {test: [CMD, pg_isready, -U, db, -d, db, -h, db]}
`));
    expect(podOf(translation, 'storage').containers[0]?.readinessProbe?.httpGet).toEqual({ path: '/status', port: 5000, scheme: 'HTTP' });
    expect(podOf(translation, 'kafka').containers[0]?.readinessProbe?.tcpSocket).toEqual({ port: 9092 });
    expect(podOf(translation, 'db').containers[0]?.readinessProbe?.exec?.command).toEqual(['pg_isready', '-U', 'db', '-d', 'db', '-h', 'localhost']);
  });

  test('a synthesized readiness probe uses a port the service serves, not the first one it finds', () => {
    const translation = plan(project(`services:
  mail:
    image: x/app:1
    ports: ["25:25", "80:80"]
  multi:
    image: x/multi:1
    expose: ["7000", "7001"]
`));
    expect(podOf(translation, 'mail').containers[0]?.readinessProbe).toEqual({ tcpSocket: { port: 80 } });
    expect(podOf(translation, 'multi').containers[0]?.readinessProbe).toBeUndefined();
    // Both are choices compose did not make: each said once.
    expect(warnings(translation)).toEqual(expect.arrayContaining([
      'services.mail: readiness probe on port 80 of 25, 80, the one it most likely serves (add a healthcheck to decide)',
      'services.multi: no readiness probe: which of ports 7000, 7001 the service answers on is not known (add a healthcheck)',
    ]));
  });
});

describe('a host and its port in two variables', () => {
  test('the port beside the host is one the Service carries and its readiness probe tries', () => {
    // PeerTube's PEERTUBE_SMTP_HOSTNAME=postfix with PEERTUBE_SMTP_PORT=25; a mail catcher publishing
    // only its UI, a database on another port than its image's.
    const translation = plan(project(`services:
  app:
    image: x/app:1
    environment: {SMTP_HOSTNAME: mail, SMTP_PORT: "1025", DB_HOST: db, DB_PORT: "5433"}
  mail:
    image: x/mailcatcher:1
    ports: ["8025:8025"]
  db:
    image: postgres:16
    command: [postgres, -p, "5433"]
`));
    expect(servicePorts(translation, 'mail')).toEqual([1025, 8025]);
    // `-p 5433` moves it off postgres' usual 5432 (server-port-settings.ts), where nothing listens.
    expect(servicePorts(translation, 'db')).toEqual([5433]);
    expect(podOf(translation, 'db').containers[0]?.readinessProbe).toEqual({ tcpSocket: { port: 5433 } });
    expect(warnings(translation)).toContain("services.mail: the Service carries port 1025 (used by app) that compose does not declare, so that the others reach 'mail' on it (declare expose: to change)");
  });
});

describe('a service that calls itself by name', () => {
  test('gets that name as its pod hostname, so the name is its own address (Kafka listeners), as in compose', () => {
    const translation = plan(project(`services:
  broker:
    image: confluentinc/cp-kafka:7.6.0
    environment: {KAFKA_LISTENERS: "PLAINTEXT://broker:29092,CONTROLLER://broker:29093", KAFKA_PROCESS_ROLES: "broker,controller"}
  app:
    image: x/app:1
    environment: {BOOTSTRAP_SERVERS: "broker:29092"}
`));
    expect(podOf(translation, 'broker').hostname).toBe('broker');
    expect(podOf(translation, 'app').hostname).toBeUndefined();
    // 29093 too: the controller listener it gives as its own address is the one the other controllers are sent to.
    expect(servicePorts(translation, 'broker')).toEqual([9092, 29092, 29093]);
  });

  test("in a StatefulSet keeps no hostname, and is told once that the name is its Service's (Weblate's database)", () => {
    // WeblateOrg/docker-compose: the env_file weblate and its database share names the database
    // (POSTGRES_HOST=database); postgres with a volume is a StatefulSet, whose controller names its
    // pod 'database-0'. It was told that its pod's hostname is 'database' and that the hostname
    // 'database', which compose never set, is not the pod's.
    const translation = plan(project(`services:
  database:
    image: postgres:16-alpine
    environment: {POSTGRES_PASSWORD: weblate, POSTGRES_HOST: database}
    volumes: [postgres-data:/var/lib/postgresql/data]
  weblate:
    image: weblate/weblate:5.8
    environment: {POSTGRES_HOST: database}
volumes:
  postgres-data: {}
`));
    expect(find<k8s.StatefulSet>(translation, 'StatefulSet', 'database').spec!.template.spec!.hostname).toBeUndefined();
    expect(warnings(translation).filter((warning) => warning.startsWith('services.database:') && warning.includes('hostname'))).toEqual([
      "services.database: 'database' is not the pod's hostname: the service calls itself by that name, but a StatefulSet's controller names its pod 'database-0', so the name is Service 'database', which reaches the pod but is no address the program can bind to or advertise as its own (set x-kubernetes.workload: Deployment to make it the pod's hostname, as in compose)",
    ]);
  });

  test('gets a Service of that name too, when it is its container_name and gives a port: others are sent there', () => {
    // docspell's joex registers DOCSPELL_JOEX_BASE__URL=http://docspell-joex:7878 in the database,
    // where the restserver finds it: only joex's pod resolved the name, so the restserver's calls failed.
    const translation = plan(project(`services:
  joex:
    image: docspell/joex:0.41.0
    container_name: docspell-joex
    environment: {DOCSPELL_JOEX_BASE__URL: "http://docspell-joex:7878"}
    ports: ["7878:7878"]
  restserver:
    image: docspell/restserver:0.41.0
    environment: {DB: "jdbc:postgresql://db:5432/x"}
  db:
    image: postgres:16
`));
    expect(podOf(translation, 'joex').hostname).toBe('docspell-joex');
    expect(servicePorts(translation, 'docspell-joex')).toEqual([7878]);
    expect(serviceSpec(translation, 'docspell-joex')?.selector).toEqual(serviceSpec(translation, 'joex')?.selector);
    expect(warnings(translation).filter((warning) => /names nothing on Kubernetes/.test(warning))).toEqual([]);
  });
});

describe('an address a key ending in ip names', () => {
  // jupyterhub-deploy-docker's basic example binds the hub's API to `c.JupyterHub.hub_ip = "jupyterhub"`,
  // its container_name; `hub_ip` was no host key, so the pod had no such hostname and the name
  // resolved to nothing: the hub could not bind.
  test('is a host: the service that binds to its own container_name gets it as its pod hostname', () => {
    const translation = plan(project(`services:
  hub:
    image: jupyterhub/jupyterhub:5
    container_name: jupyterhub
    volumes: ["./jupyterhub_config.py:/srv/jupyterhub/jupyterhub_config.py:ro"]
`, { 'jupyterhub_config.py': 'c = get_config()\nc.JupyterHub.hub_ip = "jupyterhub"\nc.JupyterHub.hub_port = 8080\n' }));
    expect(podOf(translation, 'hub').hostname).toBe('jupyterhub');
  });

  test("is no host in a word that only ends in 'ip' (ZIP, SKIP)", () => {
    const translation = plan(project(`services:
  app:
    image: x/app:1
    environment: {ZIP: cache, SKIP: cache, CACHE_IP: cache}
  cache:
    image: redis:7
`));
    expect(env(translation, 'app', 'ZIP')).toBe('cache');
    expect(env(translation, 'app', 'SKIP')).toBe('cache');
    expect(translation.warnings.some((warning) => warning.message.includes("'cache'") && warning.key === 'services.app.environment.ZIP')).toBe(false);
  });
});

describe('a replicated service that calls itself by name', () => {
  const sonarqube = (extra: string): string => `services:
  sonarqube:
    image: sonarqube:10.7-datacenter-app
    expose: ["9000"]
    environment: {SONAR_CLUSTER_HOSTS: "sonarqube"}
${extra}`;
  const SAYS_ITSELF = "services.sonarqube: 'sonarqube' is not the pods' hostname: the service calls itself by that name and runs";

  test.each([
    ['deploy.replicas: 3', '    deploy: {replicas: 3}\n', 'Deployment', '3 replicas'],
    ['x-kubernetes replicas', '    x-kubernetes: {replicas: 2}\n', 'Deployment', '2 replicas'],
    ['an autoscaler', '    x-kubernetes: {autoscale: {max: 4, cpu: 80}}\n    deploy: {resources: {reservations: {cpus: "0.5"}}}\n', 'Deployment', 'up to 4 replicas (x-kubernetes.autoscale)'],
    ['deploy.mode: global', '    deploy: {mode: global}\n', 'DaemonSet', 'one pod per node'],
  ])('with %s gets no pod hostname: its headless Service answers the name with every pod, as compose with every replica', (_, extra, kind, replicas) => {
    const result = convertCompose(sonarqube(extra));
    expect(result.object(kind, 'sonarqube').spec.template.spec.hostname).toBeUndefined();
    expect(result.object('Service', 'sonarqube').spec).toMatchObject({ clusterIP: 'None', ports: [expect.objectContaining({ port: 9000 })] });
    expect(result.warningsAt('services.sonarqube').filter((message) => message.includes('calls itself'))).toEqual([
      `${SAYS_ITSELF} ${replicas}, and a hostname would make each pod resolve it to itself alone; Service 'sonarqube' is headless instead, so the name answers with every pod's address, as compose answers with every replica's`,
    ]);
  });

  test('as a Job of several pods gets the headless Service a Job otherwise has not', () => {
    const result = convertCompose(`services:
  worker:
    image: x/worker:1
    deploy: {mode: replicated-job, replicas: 3}
    environment: {PEER_HOSTS: worker}
`);
    expect(result.objects('Job')[0].spec.template.spec.hostname).toBeUndefined();
    // Its pods find each other by the name whatever their readiness, as a cluster's members (cluster-members.ts).
    expect(result.object('Service', 'worker').spec).toEqual({ clusterIP: 'None', selector: expect.any(Object), publishNotReadyAddresses: true });
  });

  test('with endpoint_mode: vip keeps its ClusterIP Service, and says the replicas cannot find each other by the name', () => {
    const result = convertCompose(sonarqube('    deploy: {replicas: 3, endpoint_mode: vip}\n'));
    expect(result.object('Deployment', 'sonarqube').spec.template.spec.hostname).toBeUndefined();
    expect(result.object('Service', 'sonarqube').spec.clusterIP).toBeUndefined();
    expect(result.warningsAt('services.sonarqube').filter((message) => message.includes('calls itself'))).toEqual([
      `${SAYS_ITSELF} 3 replicas, and a hostname would make each pod resolve it to itself alone; deploy.endpoint_mode: vip keeps Service 'sonarqube' a ClusterIP, so the name resolves to one virtual address that sends each connection to one ready pod, and the replicas cannot find each other by it (drop endpoint_mode: vip for a headless Service)`,
    ]);
  });

  test('by a name Kubernetes cannot hold: the name is rewritten to the Service, which is headless all the same', () => {
    const result = convertCompose(`services:
  sonar_node:
    image: x/cluster:1
    expose: ["9000"]
    deploy: {replicas: 3}
    environment: {SONAR_CLUSTER_HOSTS: "sonar_node"}
`);
    const pod = result.object('Deployment', 'sonar-node').spec.template.spec;
    expect(pod.hostname).toBeUndefined();
    expect(pod.containers[0].env).toContainEqual({ name: 'SONAR_CLUSTER_HOSTS', value: 'sonar-node' });
    expect(result.object('Service', 'sonar-node').spec.clusterIP).toBe('None');
  });

  test('with one pod, by a name Kubernetes cannot hold: the name is written as the Service name, which is the pod hostname', () => {
    const result = convertCompose(`services:
  sonar_node:
    image: x/cluster:1
    expose: ["9000"]
    environment: {SONAR_CLUSTER_HOSTS: "sonar_node"}
`);
    const pod = result.object('Deployment', 'sonar-node').spec.template.spec;
    expect(pod.hostname).toBe('sonar-node');
    expect(pod.containers[0].env).toContainEqual({ name: 'SONAR_CLUSTER_HOSTS', value: 'sonar-node' });
  });

  test("with a compose hostname that is no DNS label: wazuh's manager binds to its own name, which must be the pod's address", () => {
    // wazuh-docker's single-node stack: `hostname: wazuh.manager` cannot be the pod's, and until
    // 2026-12-06 the pod kept its own, so WAZUH_CLUSTER_BIND_ADDR=wazuh-manager was the Service's
    // virtual address, which the cluster daemon cannot bind.
    const result = convertCompose(`services:
  wazuh.manager:
    image: wazuh/wazuh-manager:5.0.0
    hostname: wazuh.manager
    ports: ["1516:1516"]
    environment:
      - WAZUH_CLUSTER_NODES=wazuh.manager
      - WAZUH_CLUSTER_BIND_ADDR=wazuh.manager
`);
    const pod = result.object('Deployment', 'wazuh-manager').spec.template.spec;
    expect(pod.hostname).toBe('wazuh-manager');
    expect(pod.containers[0].env).toContainEqual({ name: 'WAZUH_CLUSTER_BIND_ADDR', value: 'wazuh-manager' });
    expect(result.warningsAt('services.wazuh.manager')).toContain(
      "services.wazuh.manager: the pod's hostname is 'wazuh-manager': the service calls itself by that name, which then resolves to the pod's own address, as in compose",
    );
    expect(result.warningsAt('services.wazuh.manager.hostname')).toEqual([]);
  });

  test("whose certificates were issued for a name Kubernetes cannot hold: wazuh's dashboard dials wazuh1-indexer, said once", () => {
    // wazuh-docker's multi-node stack: each indexer presents a certificate for `wazuh1.indexer`, and
    // its clients verify host names; the rewritten name was said, what it does to TLS was not.
    const result = convertCompose(`services:
  wazuh1.indexer:
    image: wazuh/wazuh-indexer:4.9.0
    expose: ["9200"]
    volumes:
      - ./config/wazuh_indexer_ssl_certs/wazuh1.indexer.pem:/usr/share/wazuh-indexer/certs/wazuh1.indexer.pem
  wazuh.dashboard:
    image: wazuh/wazuh-dashboard:4.9.0
    environment:
      - INDEXER_URL=https://wazuh1.indexer:9200
      - OTHER_URL=https://wazuh1.indexer:9200/other
  plain.cache:
    image: redis:7
  worker:
    image: x/worker:1
    environment: {CACHE: "plain.cache:6379"}
`);
    const certificateWarnings = result.warnings.filter((warning) => warning.message.includes('mounts certificates'));
    expect(certificateWarnings.map((warning) => `${warning.key}: ${warning.message}`)).toEqual([
      "services.wazuh1.indexer: 'wazuh1.indexer' is dialled as 'wazuh1-indexer' on Kubernetes, and service 'wazuh1.indexer' mounts certificates (/usr/share/wazuh-indexer/certs/wazuh1.indexer.pem): a client that checks host names rejects a certificate issued for 'wazuh1.indexer' alone; issue it for 'wazuh1-indexer' too (a subject alternative name)",
    ]);
  });

  test('by a network alias: the alias Service is headless too', () => {
    const result = convertCompose(`services:
  node:
    image: x/cluster:1
    expose: ["7000"]
    deploy: {replicas: 3}
    networks: {default: {aliases: [peers]}}
    environment: {SEED_HOSTS: "peers"}
`);
    expect(result.object('Deployment', 'node').spec.template.spec.hostname).toBeUndefined();
    expect(result.object('Service', 'peers').spec.clusterIP).toBe('None');
  });

  // Loki's getting-started stack: read and write both hold the network alias `loki`, which its
  // memberlist joins; compose answers the name with both containers.
  const loki = `services:
  read:
    image: grafana/loki:3.4.2
    command: ["-config.file=/etc/loki/config.yaml", "-memberlist.join=loki:7946"]
    networks: &loki-dns
      loki:
        aliases: [loki]
  write:
    image: grafana/loki:3.4.2
    command: ["-config.file=/etc/loki/config.yaml", "-memberlist.join=loki:7946"]
    networks:
      <<: *loki-dns
  backend:
    image: grafana/loki:3.4.2
    command: ["-config.file=/etc/loki/config.yaml", "-memberlist.join=loki:7946"]
    networks: [loki]
networks:
  loki:
`;

  test('shared by several services: one headless Service selects the pods of all of them, and no holder takes it as its hostname', () => {
    const result = convertCompose(loki);
    const alias = result.object('Service', 'loki').spec;
    expect(alias.clusterIP).toBe('None');
    expect(alias.ports).toBeUndefined();
    expect(alias.selector).toEqual({ 'app.kubernetes.io/instance': 'demo', 'alias.cdk8s-compose.io/loki': 'true' });
    for (const holder of ['read', 'write']) {
      const template = result.object('Deployment', holder).spec.template;
      expect(template.metadata.labels['alias.cdk8s-compose.io/loki']).toBe('true');
      // A hostname `loki` would make each holder resolve the name to itself alone: two rings.
      expect(template.spec.hostname).toBeUndefined();
      expect(template.spec.containers[0].args).toContain('-memberlist.join=loki:7946');
      expect(result.object('Service', holder).spec.ports.map((port: { port: number }) => port.port)).toContain(7946);
    }
    expect(result.object('Deployment', 'backend').spec.template.metadata.labels['alias.cdk8s-compose.io/loki']).toBeUndefined();
    expect(result.warningsAt('services.read.networks')).toEqual([
      "services.read.networks.loki.aliases: network alias 'loki' is shared by services read, write: its Service 'loki' is headless and selects the pods of all of them, so the name answers with every one's address, as compose's DNS answers with every container's (a ClusterIP would send each connection to one of them)",
    ]);
    // Nothing is rewritten, and no holder is said to lose the name.
    expect(result.warningsAt('services.write.networks')).toEqual([]);
  });
});

describe('a -join flag', () => {
  // goshlanguage/containers' consul-vault: `agent -server -join consul_1` kept the compose name, which
  // no Service answers to (consul_1's is consul-1), so the second and third servers never joined.
  test('names the cluster member to join, a host, rewritten to its Service', () => {
    const result = convertCompose(`services:
  consul_1:
    image: hashicorp/consul:1.20
    command: agent -server -bootstrap-expect 1
  consul_2:
    image: hashicorp/consul:1.20
    command: agent -server -join consul_1
  cockroach_2:
    image: cockroachdb/cockroach:v24.2.0
    command: start --insecure --join=consul_1
`);
    const args = (name: string): string[] => result.object('Deployment', name).spec.template.spec.containers[0].args;
    expect(args('consul-2')).toEqual(['agent', '-server', '-join', 'consul-1']);
    expect(args('cockroach-2')).toEqual(['start', '--insecure', '--join=consul-1']);
    expect(result.warningsAt('services.consul_2')).toContainEqual(expect.stringContaining("'consul_1' is written 'consul-1' here"));
  });

  test("makes the joined member's Service headless, as -join dials the cluster's own port, which the stack writes nowhere", () => {
    // Consul's -join dials Serf's 8301: a ClusterIP Service of 8300, 8400, 8500 and 8600 did not pass it.
    const result = convertCompose(`services:
  consul_1:
    image: hashicorp/consul:1.20
    command: agent -server -bootstrap-expect 3
    expose: ["8300", "8500"]
  consul_2:
    image: hashicorp/consul:1.20
    command: agent -server -join consul_1
    expose: ["8300", "8500"]
  consul_3:
    image: hashicorp/consul:1.20
    command: [agent, -server, -retry-join=consul_1]
  agent:
    image: example/other:1
    command: [agent, -join, consul_1]
`);
    expect(result.object('Service', 'consul-1').spec.clusterIP).toBe('None');
    expect(result.warningsAt('services.consul_1')).toContain(
      "services.consul_1: Service 'consul-1' is headless: consul_2, consul_3, of the same image, name it without a port, as the members of a cluster name their seed or coordinator, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)",
    );
    // The joiners are named by nobody: their Services stay ClusterIPs.
    expect(result.object('Service', 'consul-2').spec.clusterIP).toBeUndefined();
  });
});

describe('a -target flag', () => {
  // Tempo's distributed example: each component runs the tempo binary with -target=<its module>.
  const tempo = `services:
  distributor:
    image: grafana/tempo:2.7.1
    command: "-target=distributor -config.file=/etc/tempo.yaml"
    ports: ["3200"]
    deploy: {replicas: 2}
  querier:
    image: grafana/tempo:2.7.1
    command: "-target=querier -config.file=/etc/tempo.yaml"
    ports: ["3200"]
  probe:
    image: x/prober:1
    environment: {PROBE_TARGET: distributor}
`;

  test('selects a module, not a host: no service calls itself by it, so no hostname and no headless Service', () => {
    const result = convertCompose(tempo);
    expect(result.object('Deployment', 'querier').spec.template.spec.hostname).toBeUndefined();
    expect(result.object('Service', 'distributor').spec.clusterIP).toBeUndefined();
    expect(result.warningsAt('services.distributor').filter((warning) => warning.includes('hostname'))).toEqual([]);
    expect(result.warningsAt('services.querier').filter((warning) => warning.includes('hostname'))).toEqual([]);
    const self = result.plan.wiring['querier']?.references.filter((reference) => reference.service === 'querier');
    expect(self).toEqual([]);
  });

  test('while a *_TARGET variable still names a host', () => {
    const references = convertCompose(tempo).plan.wiring['probe']?.references ?? [];
    expect(references.map((reference) => `${reference.name} ${reference.outcome}`)).toEqual(['distributor resolves']);
  });
});

describe('brokers that reach each other on ports compose does not publish', () => {
  test("Kafka KRaft's voters (id@host:port) and advertised listeners get their ports on each broker's Service", () => {
    const broker = (id: number) => `  kafka-${id}:
    image: apache/kafka:3.8.0
    hostname: kafka-${id}
    ports: ["${id}9092:9092"]
    environment:
      KAFKA_NODE_ID: ${id}
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093'
      KAFKA_LISTENERS: 'PLAINTEXT://:19092,CONTROLLER://:9093,PLAINTEXT_HOST://:9092'
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka-${id}:19092,PLAINTEXT_HOST://localhost:${id}9092
`;
    const translation = plan(project(`services:\n${broker(1)}${broker(2)}${broker(3)}`));
    for (const id of [1, 2, 3]) expect(servicePorts(translation, `kafka-${id}`)).toEqual([9092, 9093, 19092]);
  });
});

describe('the members of a cluster, which name each other without a port', () => {
  // apache/pulsar's docker-compose/kitchen-sink: the ZooKeeper ensemble's quorum ports (2888/3888)
  // are in the image's generated zookeeper.conf; the stack writes only the clients' zk1:2181.
  const zookeeper = (id: number) => `  zk${id}:
    image: apachepulsar/pulsar-all:3.3.2
    hostname: zk${id}
    command: bin/pulsar zookeeper
    environment: {ZOOKEEPER_SERVERS: "zk1,zk2,zk3"}
`;
  const broker = `  broker:
    image: apachepulsar/pulsar-all:3.3.2
    command: bin/pulsar broker
    expose: ["6650"]
    environment: {zookeeperServers: "zk1:2181,zk2:2181,zk3:2181"}
`;

  test('get a headless Service, whose name answers with the pod, on every port, as in compose', () => {
    const result = convertCompose(`services:\n${zookeeper(1)}${zookeeper(2)}${zookeeper(3)}${broker}`);
    for (const id of [1, 2, 3]) {
      // Until 2026-12-06 a ClusterIP Service with 2181 alone: the ensemble could not form.
      expect(result.object('Service', `zk${id}`).spec).toMatchObject({ clusterIP: 'None', ports: [expect.objectContaining({ port: 2181 })] });
    }
    expect(result.warningsAt('services.zk1')).toContain(
      "services.zk1: Service 'zk1' is headless: it and zk2, zk3, of the same image, name each other without a port, as the members of a cluster do, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)",
    );
    // The broker names them with a port and none names it: its Service stays a ClusterIP.
    expect(result.object('Service', 'broker').spec.clusterIP).toBeUndefined();
  });

  test("EMQX's nodes, named in each other's seeds as emqx@<alias>, find each other by the rewritten names", () => {
    // emqx/emqx's .ci/docker-compose-file/docker-compose-emqx-cluster.yaml: EMQX_HOST was rewritten to
    // the Service's name, the seeds kept the aliases no Service answers to, and the Erlang
    // distribution port was on no Service: the two nodes could not cluster (until 2026-12-06). Then
    // both became `emqx@emqx1`, a long node name without a dot, which EMQX (always `-name`) refuses
    // to start with; the host is its Service's name in its namespace (node-host-names.test.ts).
    const node = (id: number) => `  emqx${id}:
    image: emqx/emqx:5.8.6
    environment:
      EMQX_HOST: node${id}.emqx.io
      EMQX_CLUSTER__DISCOVERY_STRATEGY: static
      EMQX_CLUSTER__STATIC__SEEDS: "[emqx@node1.emqx.io, emqx@node2.emqx.io]"
    healthcheck: {test: ["CMD", "/opt/emqx/bin/emqx", "ping"]}
    networks: {default: {aliases: [node${id}.emqx.io]}}
`;
    const result = convertCompose(`services:\n${node(1)}${node(2)}`);
    for (const id of [1, 2]) {
      const container = result.object('Deployment', `emqx${id}`).spec.template.spec.containers[0];
      const value = (name: string) => container.env.find((entry: { name: string }) => entry.name === name)?.value;
      expect(value('EMQX_HOST')).toBe(`emqx${id}.demo.svc`);
      expect(value('EMQX_CLUSTER__STATIC__SEEDS')).toBe('[emqx@emqx1.demo.svc, emqx@emqx2.demo.svc]');
      expect(result.object('Service', `emqx${id}`).spec.clusterIP).toBe('None');
    }
  });

  test("ClickHouse replicas, named in each other's config.d <host> elements, get headless Services", () => {
    // ClickHouse/examples' docker-compose-recipes cluster_1S_2R: a replica fetches parts from the
    // other's interserver port 9009 (by its hostname), which no compose file writes; the Services
    // carried only the published 8123 and 9000 (until 2026-12-06), and the <host> elements were no references.
    const config = (replica: number) => `<clickhouse>
    <remote_servers><cluster_1S_2R><shard>
        <replica><host>clickhouse-01</host><port>9000</port></replica>
        <replica><host>clickhouse-02</host><port>9000</port></replica>
    </shard></cluster_1S_2R></remote_servers>
    <macros><replica>0${replica}</replica></macros>
    <display_name>clickhouse-0${replica}</display_name>
</clickhouse>
`;
    const server = (id: number) => `  clickhouse-0${id}:
    image: clickhouse/clickhouse-server:24.8
    hostname: clickhouse-0${id}
    ports: ["${8122 + id}:8123", "${8999 + id}:9000"]
    volumes: ["./fs/clickhouse-0${id}/config.xml:/etc/clickhouse-server/config.d/config.xml"]
`;
    const translation = plan(project(`services:\n${server(1)}${server(2)}`, { 'fs/clickhouse-01/config.xml': config(1), 'fs/clickhouse-02/config.xml': config(2) }));
    for (const id of [1, 2]) {
      expect(serviceSpec(translation, `clickhouse-0${id}`)).toMatchObject({ clusterIP: 'None' });
      expect(servicePorts(translation, `clickhouse-0${id}`)).toEqual([8123, 9000]);
    }
    // <display_name> is no host element: the name there is no reference.
    expect(translation.wiring['clickhouse-01']?.references.map((reference) => reference.name)).toEqual(['clickhouse-01', 'clickhouse-02']);
  });

  test('members no other member names, that register by their own name: a hostname or a name given without a port (apache/nifi)', () => {
    // apache/nifi's nifi-docker cluster: each node gives its own name (NIFI_WEB_HTTP_HOST; a hostname)
    // and registers it through ZooKeeper; the coordinator then reaches each node on the protocol port
    // 8082, written only as a setting. Until 2026-12-06 each node's Service carried 8080 alone.
    const node = (id: number, withHostname: boolean) => `  node${id}.nifi:
    image: apache/nifi:1.28.1
${withHostname ? `    hostname: nifi-${id}\n` : ''}    ports: ["${8079 + id}:8080"]
    environment: [NIFI_WEB_HTTP_HOST=node${id}.nifi, NIFI_CLUSTER_IS_NODE=true, NIFI_CLUSTER_NODE_PROTOCOL_PORT=8082, "NIFI_ZK_CONNECT_STRING=zookeeper:2181"]
`;
    const nifi = convertCompose(`services:\n  zookeeper:\n    image: zookeeper:3.9.2\n    hostname: zookeeper\n    ports: ["2181:2181"]\n${node(1, false)}${node(2, true)}`);
    for (const name of ['node1-nifi', 'node2-nifi']) expect(nifi.object('Service', name).spec, name).toMatchObject({ clusterIP: 'None', ports: [expect.objectContaining({ port: 8080 })] });
    expect(nifi.warningsAt('services.node1.nifi')).toContain(
      "services.node1.nifi: Service 'node1-nifi' is headless: the service gives its own name without a port and it runs the image of node2.nifi, as the members of a cluster do that register with each other by name, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)",
    );
    expect(nifi.warningsAt('services.node2.nifi').filter((w) => w.includes('is headless'))).toEqual([expect.stringContaining("is headless: its hostname is 'nifi-2' and it runs the image of node1.nifi")]);
    // Alone of its image, a service that names itself is no member of anything.
    expect(nifi.object('Service', 'zookeeper').spec.clusterIP).toBeUndefined();
  });

  test('not independent servers of one image that each have a hostname but name nothing (taigaio/taiga-docker)', () => {
    // Taiga runs two RabbitMQ brokers of one image, each with hostname = its name (RabbitMQ's node
    // name), each its own broker: until 2026-12-07 both Services were made headless "as the members
    // of a cluster do". Members register with something: another member (a join host) or a
    // coordinator they all name; these name nothing.
    const taiga = convertCompose(`services:
  async-rabbitmq:
    image: rabbitmq:3.8-management-alpine
    hostname: async-rabbitmq
  events-rabbitmq:
    image: rabbitmq:3.8-management-alpine
    hostname: events-rabbitmq
  back:
    image: example/back:1
    environment: {BROKER_A: "amqp://u:p@async-rabbitmq:5672/x", BROKER_B: "amqp://u:p@events-rabbitmq:5672/x"}
`);
    for (const name of ['async-rabbitmq', 'events-rabbitmq']) expect(taiga.object('Service', name).spec.clusterIP, name).toBeUndefined();
    expect(taiga.warnings.filter((w) => w.message.includes('is headless'))).toEqual([]);
    // Retool's two databases of one image, each told its own name (POSTGRES_HOST) by its env_file.
    const retool = convertCompose(`services:
  postgres:
    image: postgres:16.8
    environment: {POSTGRES_HOST: postgres}
  retooldb-postgres:
    image: postgres:16.8
    environment: {POSTGRES_HOST: retooldb-postgres}
`);
    for (const name of ['postgres', 'retooldb-postgres']) expect(retool.object('Service', name).spec.clusterIP, name).toBeUndefined();
  });

  test('members with hostnames that join another member of their image (serkodev/rabbitmq-cluster-docker)', () => {
    // rabbitmq2 and rabbitmq3 join rabbit@rabbitmq1 (JOIN_CLUSTER_HOST): rabbitmq1 then reaches
    // rabbit@rabbitmq2 on Erlang's distribution port, written nowhere.
    const rabbit = (id: number, join: boolean) => `  rabbitmq${id}:
    image: rabbitmq:3-management
    hostname: rabbitmq${id}
${join ? '    environment: [JOIN_CLUSTER_HOST=rabbitmq1]\n' : ''}`;
    const cluster = convertCompose(`services:\n${rabbit(1, false)}${rabbit(2, true)}${rabbit(3, true)}  haproxy:
    image: haproxy:3.0
    ports: ["5672:5672"]
    command: [sh, -c, "echo rabbitmq1:5672 rabbitmq2:5672 rabbitmq3:5672"]
`);
    for (const name of ['rabbitmq1', 'rabbitmq2', 'rabbitmq3']) expect(cluster.object('Service', name).spec.clusterIP, name).toBe('None');
    expect(cluster.warningsAt('services.rabbitmq2').filter((w) => w.includes('is headless'))).toEqual([expect.stringContaining("is headless: its hostname is 'rabbitmq2' and it runs the image of rabbitmq1, rabbitmq3")]);
  });

  test('not a service that names itself beside others of its image that do not (a web server and its worker)', () => {
    // saleor-platform's api (its own URL in the environment) and worker share an image; SigNoz's
    // clickhouse and its init task too. Neither pair registers with each other.
    const result = convertCompose(`services:
  api:
    image: ghcr.io/saleor/saleor:3.20
    ports: ["8000:8000"]
    environment: {PUBLIC_HOST: api}
  worker:
    image: ghcr.io/saleor/saleor:3.20
    command: celery -A saleor worker
`);
    expect(result.object('Service', 'api').spec.clusterIP).toBeUndefined();
    expect(result.warnings.filter((w) => w.message.includes('is headless'))).toEqual([]);
  });

  test('not a client and its server, nor services of other images', () => {
    const result = convertCompose(`services:
  zk1:
    image: apachepulsar/pulsar-all:3.3.2
    expose: ["2181"]
    environment: {ZOOKEEPER_SERVERS: "zk2"}
  zk2:
    image: zookeeper:3.9.2
    expose: ["2181"]
  app:
    image: x/app:1
    expose: ["80"]
    environment: {ZOOKEEPER_HOST: "zk2"}
`);
    for (const name of ['zk1', 'zk2', 'app']) expect(result.object('Service', name).spec.clusterIP, name).toBeUndefined();
    expect(result.warnings.filter((w) => w.message.includes('is headless'))).toEqual([]);
  });

  test('the seed or coordinator the others of its image name, though it names none of them', () => {
    // apache/flink-playgrounds' operations-playground: the taskmanager registers with
    // JOB_MANAGER_RPC_ADDRESS=jobmanager on RPC port 6123, the image's default, written nowhere;
    // calvinlfer/compose-cassandra-cluster: two nodes gossip with CASSANDRA_SEEDS=cassandra-seed-node on
    // 7000. Until 2026-12-06 the jobmanager's Service carried 8081 alone and the seed's 7199, 9042 and
    // 9160: neither cluster formed.
    const flink = convertCompose(`services:
  jobmanager:
    image: apache/flink:1.12.1-scala_2.11-java8
    command: jobmanager.sh start-foreground
    ports: ["8081:8081"]
    environment: [JOB_MANAGER_RPC_ADDRESS=jobmanager]
  taskmanager:
    image: apache/flink:1.12.1-scala_2.11-java8
    command: taskmanager.sh start-foreground
    depends_on: [jobmanager]
    environment: [JOB_MANAGER_RPC_ADDRESS=jobmanager]
`);
    expect(flink.object('Service', 'jobmanager').spec).toMatchObject({ clusterIP: 'None', ports: [expect.objectContaining({ port: 8081 })] });
    expect(flink.warningsAt('services.jobmanager')).toContain(
      "services.jobmanager: Service 'jobmanager' is headless: taskmanager, of the same image, names it without a port, as the members of a cluster name their seed or coordinator, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)",
    );
    const cassandra = convertCompose(`services:
  cassandra-seed:
    container_name: cassandra-seed-node
    image: cassandra:3.11.0
    ports: ["9042:9042", "7199:7199", "9160:9160"]
  cassandra-node-1:
    image: cassandra:3.11.0
    environment: [CASSANDRA_SEEDS=cassandra-seed-node]
    depends_on: [cassandra-seed]
`);
    for (const name of ['cassandra-seed', 'cassandra-seed-node']) expect(cassandra.object('Service', name).spec.clusterIP, name).toBe('None');
  });

  test('members without any known port are not said to be headless: a Service without ports is so already', () => {
    const result = convertCompose(`services:
  a:
    image: x/member:1
    environment: {PEERS: "a,b"}
  b:
    image: x/member:1
    environment: {PEERS: "a,b"}
`);
    for (const name of ['a', 'b']) expect(result.object('Service', name).spec.clusterIP, name).toBe('None');
    expect(result.warnings.filter((w) => w.message.includes('is headless'))).toEqual([]);
  });
});

describe('network policies', () => {
  test('a published database port stays inside the namespace unless the exposure option exposes it', () => {
    const translation = plan(project(`services:
  db:
    image: postgres:16
    ports: ["5432:5432"]
`));
    const policy = find<k8s.NetworkPolicy>(translation, 'NetworkPolicy', 'db-network');
    expect(policy.spec?.ingress?.every((rule) => rule.from !== undefined)).toBe(true);
  });
});

describe('what the image says', () => {
  test("a port the image EXPOSEs (Dockerfile or lock file) reaches the Service of a service that declares none", () => {
    const file = project(`services:
  api:
    image: x/api:1
`);
    const loaded = loadProject({ files: [file], environment: {} });
    const facts: ImageFacts = { config: { exposedPorts: [{ port: 8080, protocol: 'tcp' }], labels: {} }, source: 'lock', complete: true, file: 'compose.images.lock.json' };
    const translation = translate(loaded, { imageFacts: { services: { api: { facts } } } });
    expect(servicePorts(translation, 'api')).toEqual([8080]);
    expect(translation.wiring['api']?.ports).toEqual([{ port: 8080, protocol: 'tcp', sources: ['image EXPOSE'] }]);
  });
});

describe('image references are no addresses', () => {
  const waitedPorts = (translation: TranslationPlan, service: string): string[] =>
    (podOf(translation, service).initContainers ?? []).map((container) => /nc -z -w 2 (\S+ \d+)/.exec(container.command?.join(' ') ?? '')?.[1] ?? container.name);

  test("a mounted Dockerfile's FROM postgres:11 and a YAML file's image: redis:7 add no port 11 or 7, and the waits use the ports served", () => {
    const translation = plan(project(IMAGE_REFERENCES_COMPOSE, IMAGE_REFERENCES_FILES));
    expect(servicePorts(translation, 'postgres')).toEqual([5432]);
    expect(servicePorts(translation, 'redis')).toEqual([6379]);
    expect(waitedPorts(translation, 'app')).toEqual(['postgres 5432', 'redis 6379']);
    expect(translation.wiring['app']?.references).toEqual([]);
  });

  test('a variable or flag that names an image holds no address, but the registry an image is pulled from is one', () => {
    const translation = plan(project(`services:
  postgres:
    image: postgres:16
  registry:
    image: registry:2
  ci:
    image: x/ci:1
    environment: {BASE_IMAGE: "postgres:11", PRELOAD_IMAGES: "redis:7,postgres:12", APP_IMAGE: "registry:5000/app:1"}
    command: [build, --image, "postgres:11"]
`));
    expect(servicePorts(translation, 'postgres')).toEqual([5432]);
    expect(servicePorts(translation, 'registry')).toEqual([5000]);
    expect(translation.wiring['ci']?.references).toEqual([
      { key: 'services.ci.environment.APP_IMAGE', name: 'registry', service: 'registry', resolvesAs: 'registry', port: 5000, outcome: 'resolves' },
    ]);
  });

  test('an address next to the image keys still counts: a YAML from: key, an nginx server line', () => {
    const translation = plan(project(`services:
  api:
    image: x/api:1
  proxy:
    image: x/proxy:1
    volumes: ["./routes.yml:/etc/routes.yml:ro"]
    configs: [{source: site, target: /etc/nginx/conf.d/default.conf}]
configs:
  site:
    content: "upstream pool { server api:8082; }\\n"
`, { 'routes.yml': 'routes:\n  - from: api:8081\n    image: x/api:1\n' }));
    expect(servicePorts(translation, 'api')).toEqual([8081, 8082]);
  });
});

describe("a service whose name Kubernetes cannot hold (plausible/community-edition's plausible_db)", () => {
  test('is said once, since a default an image keeps still calls it by its compose name; a name differing only in case, or a run-once task, is not', () => {
    const translation = plan(project(`services:
  plausible_db:
    image: postgres:16-alpine
    environment: [POSTGRES_PASSWORD=postgres]
  Cache:
    image: redis:7
  plausible_migrate:
    image: ghcr.io/plausible/community-edition:v2.1.3
    command: [/entrypoint.sh, db, migrate]
    depends_on: [plausible_db]
  plausible:
    image: ghcr.io/plausible/community-edition:v2.1.3
    depends_on:
      plausible_db: {condition: service_started}
      Cache: {condition: service_started}
      plausible_migrate: {condition: service_completed_successfully}
`));
    const said = warnings(translation).filter((message) => message.includes('on Kubernetes, as a Service name is a DNS label'));
    expect(said).toEqual([
      "services.plausible_db: service 'plausible_db' is 'plausible-db' on Kubernetes, as a Service name is a DNS label: the references the stack writes are rewritten, but nothing answers to 'plausible_db' itself, so a default an image keeps inside itself (a built-in URL naming 'plausible_db') reaches nothing; set the variable that names it, or rename the service",
    ]);
  });
});

describe("a name qualified by its network's name (mautic/docker-mautic's rabbitmq-worker)", () => {
  test('db.<network name> and alias.<project>_<network> are written as the Service name, with the reason said', () => {
    const translation = plan(project(`name: shop
services:
  db:
    image: mysql:8.0
    environment: {MYSQL_ROOT_PASSWORD: changeme}
  cache:
    image: redis:7
    networks: {back: {aliases: [kv]}}
  web:
    image: mautic/mautic:5-apache
    networks: [default, back]
    environment:
      MAUTIC_DB_HOST: db.rabbitmq-worker-docker
      REDIS_URL: "redis://kv.shop_back:6379/0"
      SITE: db.example.com
networks:
  default:
    name: rabbitmq-worker-docker
  back: {}
`));
    expect(env(translation, 'web', 'MAUTIC_DB_HOST')).toBe('db');
    expect(env(translation, 'web', 'REDIS_URL')).toBe('redis://cache:6379/0');
    // A domain that is no network's name is no qualified name.
    expect(env(translation, 'web', 'SITE')).toBe('db.example.com');
    expect(warnings(translation)).toContain(
      "services.web.environment.MAUTIC_DB_HOST: 'db.rabbitmq-worker-docker' is written 'db' here: that is the name of the Service of service 'db' (its network-qualified name 'db.rabbitmq-worker-docker'), as Kubernetes reads the part after the service's name as a namespace, not as a network",
    );
  });
});

describe('a value that is spelled like a service is a host only where its variable says so', () => {
  test("OpenSearch's initial cluster-manager nodes are node names: wazuh.indexer stays as node.name writes it", () => {
    const translation = plan(project(`services:
  wazuh.indexer:
    image: wazuh/wazuh-indexer:5.0.0
    environment:
      - node.name=wazuh.indexer
      - cluster.initial_cluster_manager_nodes=wazuh.indexer
      - cluster.initial_master_nodes=wazuh.indexer
      - discovery.seed_hosts=wazuh.indexer
  wazuh.dashboard:
    image: wazuh/wazuh-dashboard:5.0.0
    environment: [OPENSEARCH_HOSTS=https://wazuh.indexer:9200]
`));
    expect(env(translation, 'wazuh-indexer', 'node.name')).toBe('wazuh.indexer');
    expect(env(translation, 'wazuh-indexer', 'cluster.initial_cluster_manager_nodes')).toBe('wazuh.indexer');
    expect(env(translation, 'wazuh-indexer', 'cluster.initial_master_nodes')).toBe('wazuh.indexer');
    expect(env(translation, 'wazuh-indexer', 'discovery.seed_hosts')).toBe('wazuh-indexer');
    expect(env(translation, 'wazuh-dashboard', 'OPENSEARCH_HOSTS')).toBe('https://wazuh-indexer:9200');
  });

  test("the multi-node indexers' opensearch.yml seeds each other by the Services' names, one per line, and keeps their node names", () => {
    // wazuh/wazuh-docker's multi-node: `discovery.seed_hosts:` lists the three indexers as YAML
    // block items; until 2026-12-07 only `network.host` was rewritten, and the nodes seeded
    // 'wazuh2.indexer', which no Service answers to: the cluster never formed.
    const opensearch = (id: number) => `network.host: wazuh${id}.indexer
node.name: wazuh${id}.indexer
cluster.initial_master_nodes:
        - wazuh1.indexer
        - wazuh2.indexer
discovery.seed_hosts:
        - wazuh1.indexer
        - wazuh2.indexer
`;
    const indexer = (id: number) => `  wazuh${id}.indexer:
    image: wazuh/wazuh-indexer:4.9.2
    hostname: wazuh${id}.indexer
    volumes: ["./config/wazuh${id}.indexer.yml:/usr/share/wazuh-indexer/opensearch.yml"]
`;
    const translation = plan(project(`services:\n${indexer(1)}${indexer(2)}`, { 'config/wazuh1.indexer.yml': opensearch(1), 'config/wazuh2.indexer.yml': opensearch(2) }));
    const config = translation.entries.map((entry) => entry.manifest as k8s.ConfigMap).find((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata?.name?.startsWith('wazuh2-indexer'));
    expect(config?.data?.['opensearch.yml']).toBe(`network.host: wazuh2-indexer
node.name: wazuh2.indexer
cluster.initial_master_nodes:
        - wazuh1.indexer
        - wazuh2.indexer
discovery.seed_hosts:
        - wazuh1-indexer
        - wazuh2-indexer
`);
    expect(translation.wiring['wazuh2.indexer']?.references.map((reference) => reference.name)).toEqual(['wazuh2.indexer', 'wazuh1.indexer', 'wazuh2.indexer']);
  });

  test("a site header, a container label, a queue keep 'celery_worker'; a *_HOST variable gets the Service's name", () => {
    const translation = plan(project(`services:
  celery_worker:
    image: python:3.12-slim
    command: ["celery", "-A", "proj", "worker", "-Q", "celery_worker"]
  app:
    image: nginx:1.27
    environment:
      CELERY_QUEUE: celery_worker
      SITE_NAME_HEADER: celery_worker
      CONTAINER_LABEL: celery_worker
      WORKER_HOSTNAME: celery_worker
      FLOWER_BROKERS: "celery_worker,other"
`));
    expect(env(translation, 'app', 'CELERY_QUEUE')).toBe('celery_worker');
    expect(env(translation, 'app', 'SITE_NAME_HEADER')).toBe('celery_worker');
    expect(env(translation, 'app', 'CONTAINER_LABEL')).toBe('celery_worker');
    expect(env(translation, 'app', 'WORKER_HOSTNAME')).toBe('celery-worker');
    expect(env(translation, 'app', 'FLOWER_BROKERS')).toBe('celery-worker,other');
    expect(warnings(translation).filter((message) => message.includes("'celery_worker' is written"))).toEqual([
      "services.app.environment.WORKER_HOSTNAME: 'celery_worker' is written 'celery-worker' here: that is the name of the Service of service 'celery_worker', as Kubernetes names are DNS labels",
      "services.app.environment.FLOWER_BROKERS: 'celery_worker' is written 'celery-worker' here: that is the name of the Service of service 'celery_worker', as Kubernetes names are DNS labels",
    ]);
  });

  test("an image's version tag is no port: a mounted CI file's `redis:7` and a script's `docker run postgres:11`", () => {
    const translation = plan(project(`services:
  runner:
    image: gitlab/gitlab-runner:v17.0.0
    volumes: ["./ci.yml:/etc/ci/ci.yml:ro", "./run.sh:/scripts/run.sh:ro"]
    environment: {CACHE_ADDR: "redis:6379"}
  redis:
    image: redis:7
  postgres:
    image: postgres:16
`, {
      'ci.yml': 'test:\n  image: ruby:3.3\n  services:\n    - redis:7\n    - name: postgres:11\n      alias: db\n',
      'run.sh': '#!/bin/sh\ndocker run -d --name pg postgres:11\n',
    }));
    expect(servicePorts(translation, 'redis')).toEqual([6379]);
    expect(servicePorts(translation, 'postgres')).toEqual([5432]);
    expect(warnings(translation).join('\n')).not.toMatch(/used by runner\b.*\b(7|11)\b|\b(7|11) \(used by runner\)/);
  });

  // `REDIS: redis_cache` kept the compose name, which no Service answers to.
  test("a variable named after the server it holds is a host (REDIS=redis_cache); a driver or a database name is not", () => {
    const translation = plan(project(`services:
  redis_cache:
    image: redis:7
  app:
    image: nginx:1.27
    environment:
      REDIS: redis_cache
      APP_REDIS_CACHE: redis_cache
      QUEUE_DRIVER: redis_cache
      DB: redis_cache
`));
    expect(env(translation, 'app', 'REDIS')).toBe('redis-cache');
    expect(env(translation, 'app', 'APP_REDIS_CACHE')).toBe('redis-cache');
    expect(env(translation, 'app', 'QUEUE_DRIVER')).toBe('redis_cache');
    expect(env(translation, 'app', 'DB')).toBe('redis_cache');
  });

  test("in a shipped configuration file, a name alone is a host only as the value of a host key: a type: keeps 'search_db'", () => {
    const translation = plan(project(`services:
  search_db:
    image: x/search:1
  kibana:
    image: x/kibana:1
    volumes: ["./kibana.yml:/etc/kibana.yml:ro"]
`, { 'kibana.yml': 'monitoring:\n  type: search_db\n  label: "search_db"\n  hosts: search_db\n' }));
    const configMaps = planManifests(translation).filter((manifest) => manifest.kind === 'ConfigMap') as unknown as k8s.ConfigMap[];
    expect(configMaps.flatMap((configMap) => Object.values(configMap.data ?? {}))).toEqual(['monitoring:\n  type: search_db\n  label: "search_db"\n  hosts: search-db\n']);
  });

  test('a service whose header, label or provider setting is spelled like itself does not call itself: no pod hostname', () => {
    const translation = plan(project(`services:
  frontend:
    image: frappe/erpnext:v15
    environment: {FRAPPE_SITE_NAME_HEADER: frontend}
  healer:
    image: example/healer:1.2.0
    environment: {HEALER_CONTAINER_LABEL: healer}
  signoz:
    image: signoz/signoz:v0.80.0
    environment: {SIGNOZ_ALERTMANAGER_PROVIDER: signoz}
`));
    for (const service of ['frontend', 'healer', 'signoz']) expect(podOf(translation, service).hostname).toBeUndefined();
    expect(warnings(translation).filter((message) => message.includes("pod's hostname"))).toEqual([]);
  });
});

describe('a task that runs a server image serves nothing of the image', () => {
  // SigNoz's init-clickhouse: the clickhouse image running a download script before the database starts.
  const compose = `services:
  init-clickhouse:
    image: clickhouse/clickhouse-server:25.5
    command: ["bash", "-c", "wget -O /scripts/histogramQuantile https://example.org/hq && chmod +x /scripts/histogramQuantile"]
    restart: on-failure
  clickhouse:
    image: clickhouse/clickhouse-server:25.5
    depends_on:
      init-clickhouse: {condition: service_completed_successfully}
`;

  test('its Job gets neither the image usual ports nor a readiness probe on them, nor a Service', () => {
    const converted = convertCompose(compose);
    const [job] = converted.objects('Job');
    const container = job.spec.template.spec.containers[0];
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(converted.objects('Service').map((service: { metadata: { name: string } }) => service.metadata.name)).toEqual(['clickhouse']);
    expect(converted.object('Service', 'clickhouse').spec.ports.map((port: { port: number }) => port.port)).toEqual([8123, 9000]);
  });
});

describe('a database that listens on no TCP address (element-docker-demo)', () => {
  // db-synapse serves synapse on its Unix socket, in a volume both mount; TCP is turned off at initdb.
  const compose = (settings: string) => `services:
  db-synapse:
    image: postgres:16-alpine
    healthcheck: {test: [CMD, pg_isready, -U, postgres]}
${settings}
    volumes: [db_sock:/var/run/postgresql]
  synapse:
    image: ghcr.io/element-hq/synapse:v1.120.0
    depends_on: {db-synapse: {condition: service_healthy}}
    volumes: [db_sock:/var/run/postgresql]
volumes:
  db_sock:
`;

  test.each([
    ['POSTGRES_INITDB_ARGS', "    environment: {POSTGRES_INITDB_ARGS: \"--encoding=UTF8 --locale=C -c listen_addresses=''\"}"],
    ['its command', "    command: [postgres, -c, \"listen_addresses=\"]"],
  ])('(set in %s) gets no guessed port 5432, which its dependent would wait on forever', (_where, settings) => {
    const converted = convertCompose(compose(settings));
    expect(converted.object('Service', 'db-synapse').spec.ports).toBeUndefined();
    const synapse = converted.object('Deployment', 'synapse');
    // No port to wait on: the wait is for the headless Service's name, which answers once db-synapse is ready (healthy).
    expect((synapse.spec.template.spec.initContainers ?? []).map((init: { command: string[] }) => init.command.join(' '))).toEqual([
      'sh -c while nc -z -w 2 db-synapse 1 2>&1 | grep -q "bad address"; do echo waiting for db-synapse; sleep 2; done',
    ]);
    expect(converted.warningsAt('services.db-synapse').filter((message) => message.includes('5432'))).toEqual([]);
  });

  test('a postgres that listens on TCP still gets its usual port, and its dependent waits on it', () => {
    const converted = convertCompose(compose("    environment: {POSTGRES_INITDB_ARGS: '--encoding=UTF8 --locale=C'}"));
    expect(converted.object('Service', 'db-synapse').spec.ports.map((port: { port: number }) => port.port)).toEqual([5432]);
    expect(converted.object('Deployment', 'synapse').spec.template.spec.initContainers.map((init: { name: string }) => init.name)).toEqual(['wait-for-db-synapse']);
  });
});

describe("a periodic script in a server's image", () => {
  // A daily pg_dump in postgres:16: the script replaces the server, so nothing listens on 5432.
  const compose = (script: string) => `services:
  db:
    image: postgres:16
  pg-backup:
    image: postgres:16
    entrypoint: ["sh", "-c", ${JSON.stringify(script)}]
`;
  const workload = (converted: ReturnType<typeof convertCompose>, name: string) =>
    converted.objects('Deployment').concat(converted.objects('StatefulSet')).find((object: { metadata: { name: string } }) => object.metadata.name === name);

  test("gets no Service port and no readiness probe from the image's usual port", () => {
    const converted = convertCompose(compose('while true; do pg_dump -h db -U postgres postgres > /backup/dump.sql; sleep 86400; done'));
    expect(converted.object('Service', 'pg-backup').spec.ports).toBeUndefined();
    expect(workload(converted, 'pg-backup').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(converted.warningsAt('services.pg-backup').filter((message) => message.includes('5432'))).toEqual([]);
  });

  test.each([
    ['waits, then starts something', 'until pg_isready -h db; do sleep 1; done; /usr/local/bin/start.sh'],
    ['hands over to the server', 'while ! test -f /ready; do sleep 1; done; exec docker-entrypoint.sh postgres'],
  ])('that %s keeps the usual port', (_what, script) => {
    const converted = convertCompose(compose(script));
    expect(converted.object('Service', 'pg-backup').spec.ports.map((port: { port: number }) => port.port)).toEqual([5432]);
  });
});

describe('one network alias on separate networks', () => {
  test('names a different service on each, so it is no shared Service of both', () => {
    const result = convertCompose(`services:
  db-a:
    image: postgres:16
    networks: {front: {aliases: [db]}}
  db-b:
    image: postgres:16
    networks: {back: {aliases: [db]}}
networks:
  front:
  back:
`);
    expect(result.object('Service', 'db').spec.selector).toEqual({ 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/name': 'db-a' });
    expect(result.objects('StatefulSet').concat(result.objects('Deployment')).map((workload) => workload.spec.template.metadata.labels['alias.cdk8s-compose.io/db'])).toEqual([undefined, undefined]);
  });
});

test("a host and its port written as two keys of one mapping in a mounted file: Envoy's address and port_value reach the Service on that port", () => {
  // bigcapital's docker-compose.prod.yml: the proxy's docker/envoy/envoy.yaml sends '/' to webapp:80,
  // a port compose does not declare for webapp; its Service carried none, and nothing waited for it.
  const file = project(
    `services:
  proxy:
    image: envoyproxy/envoy:v1.30-latest
    depends_on: [server, webapp]
    ports: ["80:80"]
    volumes: ["./docker/envoy/envoy.yaml:/etc/envoy/envoy.yaml"]
  webapp:
    image: bigcapitalhq/webapp:latest
  server:
    image: bigcapitalhq/server:latest
    expose: ["3000"]
`,
    {
      'docker/envoy/envoy.yaml': `static_resources:
  clusters:
    - name: dynamic_server
      load_assignment:
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address:
                      address: server
                      port_value: 3000
    - name: webapp
      load_assignment:
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address:
                      address: webapp
                      port_value: 80
`,
    },
  );
  const translation = plan(file);
  expect(servicePorts(translation, 'webapp')).toEqual([80]);
  expect(servicePorts(translation, 'server')).toEqual([3000]);
  expect(podOf(translation, 'proxy').initContainers?.map((container) => container.name)).toEqual(['wait-for-server', 'wait-for-webapp']);
  expect(warnings(translation)).toContain("services.webapp: the Service carries port 80 (used by proxy) that compose does not declare, so that the others reach 'webapp' on it (declare expose: to change)");
});
