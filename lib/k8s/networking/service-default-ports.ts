import type { Service } from '../../compose/model.ts';
import { parseImage } from '../workload/image-profiles.ts';
import { commandLine } from '../workload/container-command.ts';
import { own } from '../plan/own.ts';

/**
 * Ports well-known server images listen on. Under compose every container reaches every other on
 * any port, so compose files rarely declare a database's port; on Kubernetes the Service, the
 * probes and the start-order waits need it (see wiring/). By the image's last path component.
 */
export const IMAGE_DEFAULT_PORTS: Readonly<Record<string, readonly number[]>> = {
  cassandra: [9042],
  // ClamAV's clamd (clamav/clamav, appwrite/clamav, mkodockx/docker-clamav): appwrite's clamav is
  // named only in depends_on and its env, so its dependants waited for nothing (until 2026-12-07).
  clamav: [3310],
  clickhouse: [8123, 9000],
  'clickhouse-server': [8123, 9000],
  couchdb: [5984],
  'eclipse-mosquitto': [1883],
  // FoundationDB's server (foundationdb/foundationdb: FDB_PORT, 4500 by default), which its clients
  // find through the cluster file, never by a port written in compose: firecrawl's foundationdb
  // declares none, so its Service had no port and foundationdb-init's wait only a name (rw19wb).
  foundationdb: [4500],
  // Grafana's Mimir, Loki and Tempo: HTTP, gRPC, and memberlist, where their rings gossip. Their
  // configuration joins peers by bare name (Mimir's tutorial: `join_members: [mimir-1, mimir-2,
  // mimir-3]`), so no reference gives 7946, and a Service without it kept each replica out of the
  // others' ring (three rings of one, every write short of replicas), until 2026-12-06. HTTP first:
  // the readiness probe takes the first usual port the service serves.
  'grafana/mimir': [8080, 9095, 7946],
  'grafana/loki': [3100, 9095, 7946],
  'grafana/tempo': [3200, 9095, 7946],
  elasticsearch: [9200, 9300],
  etcd: [2379, 2380],
  // Apache Guacamole's proxy daemon (guacamole/guacd, next-terminal's dushixiang/guacd): the web
  // application reaches it by GUACD_HOSTNAME alone, its port 4822 being guacamole's default, so
  // boschkundendienst's guacamole stack declares none; guacd's Service had no port and guacamole's
  // wait for it none either (until 2026-12-07).
  guacd: [4822],
  // Home Assistant (ghcr.io/home-assistant/home-assistant, homeassistant/home-assistant, linuxserver's
  // homeassistant) and Scrypted (ghcr.io/koush/scrypted: HTTPS, then HTTP), which their install
  // guides run on the host network with no port declared: their Services carried none, so their
  // web interfaces could not be reached nor exposed, and their pods had no readiness probe
  // (HenkVanHoek/frigate-ha-docker-compose, slochewie's hass, koush/scrypted's compose, until 2026-12-07).
  'home-assistant': [8123],
  homeassistant: [8123],
  // ESPHome's dashboard and Homebridge's UI (homebridge-config-ui-x), on the host network in their
  // install guides (mDNS discovery), which declare no port either.
  'esphome/esphome': [6052],
  'homebridge/homebridge': [8581],
  'koush/scrypted': [10443, 11080],
  // Frigate's API and UI without authentication on 5000 (its only UI port before 0.14), which Home
  // Assistant's Frigate integration and other containers use (`http://frigate:5000`); 8971 is the
  // authenticated UI, 8554/8555 go2rtc's RTSP and WebRTC, 1935 RTMP (IMAGE_OTHER_PORTS).
  // HenkVanHoek/frigate-ha-docker-compose publishes 8971, 8554 and 8555: its Service lacked 5000, so
  // the integration's http://frigate:5000 reached nothing (until 2026-12-07).
  'blakeblackshear/frigate': [5000],
  influxdb: [8086],
  // LiveKit's server: its HTTP and WebSocket API (the `port` of livekit.yaml) and WebRTC over TCP
  // (`rtc.tcp_port`). livekit-cli's generated deployment runs it on the host network with no port
  // declared; its Caddy dials localhost:7880 and its egress ws://localhost:7880 (rw18lead).
  'livekit/livekit-server': [7880, 7881],
  kafka: [9092],
  // Kurento Media Server's control WebSocket (ws://…:8888/kurento, its kurento.conf.json's default), which
  // OpenVidu's on-premises compose runs on the host network and dials at ws://localhost:8888/kurento.
  'kurento-media-server': [8888],
  'cp-kafka': [9092],
  keydb: [6379],
  // Keycloak's HTTP port (quay.io/keycloak/keycloak, jboss/keycloak): vaultwarden's SSO test stack
  // declares none, so its setup task's wait and the host-network loopback report had none to use.
  keycloak: [8080],
  mariadb: [3306],
  // MariaDB on Alpine (yobasystems/alpine-mariadb) and jc21/mariadb-aria, built FROM it, the database of
  // Nginx Proxy Manager's documented set-up, which reaches it by DB_MYSQL_HOST alone (port 3306 by
  // default): its Service had no port and the proxy's wait for it none (enavid/docker-service-kit, until 2026-12-07).
  'mariadb-aria': [3306],
  'alpine-mariadb': [3306],
  // itzg/minecraft-server: the game, then RCON, which the image enables by default (ENABLE_RCON,
  // RCON_PORT 25575) and its sidecars use by name alone: itzg/mc-backup's `RCON_HOST: mc` beside a
  // compose file that publishes only 25565 reached a Service without 25575, so no backup could run
  // its save-off/save-all (itzg/docker-mc-backup's example); mc-router's backends, which declare no
  // port at all, had a Service of none and no readiness probe (until 2026-12-07).
  'itzg/minecraft-server': [25565, 25575],
  // Search engines: linkwarden's compose names Meilisearch only in its .env (MEILI_HOST) and in
  // depends_on, so its Service carried no port and linkwarden started without waiting for it
  // (until 2026-12-07); Typesense's API port likewise.
  meilisearch: [7700],
  memcached: [11211],
  minio: [9000],
  mongo: [27017],
  mongodb: [27017],
  mosquitto: [1883],
  'mssql/server': [1433],
  mysql: [3306],
  // n8n's editor, API and webhooks (n8nio/n8n: EXPOSE 5678, N8N_PORT's default). The self-hosted AI
  // starter kit publishes 5678 and 443 (used only with N8N_PROTOCOL=https and N8N_PORT=443): the
  // readiness probe took 443, an HTTP port by convention, where n8n does not listen, so n8n never
  // became ready (n8n-io/self-hosted-ai-starter-kit, rw19wb).
  n8n: [5678],
  nats: [4222],
  neo4j: [7474, 7687],
  // Ollama's API (ollama/ollama: OLLAMA_HOST=0.0.0.0:11434, EXPOSE 11434), which its clients often
  // reach by a base URL kept in an .env or in a UI's settings rather than in compose.
  ollama: [11434],
  // Sonatype Nexus Repository: its UI and repositories on 8081. Stacks publish 5000/5001 beside it
  // for Docker-registry connectors, which listen only once an administrator configures them in
  // Nexus: zhongpei/drone-gitea-nexus publishes 8081, 5000 and 5001, and the readiness probe took
  // 5000 (an HTTP port by convention), where nothing listens, so Nexus never became ready (until 2026-12-07).
  'sonatype/nexus3': [8081],
  opensearch: [9200, 9300],
  pgvector: [5432],
  // The postgres image with an upgrade step (its Dockerfiles start FROM postgres): Mathesar's db
  // declares no port in its repro, so its dependant's service_healthy wait had none (until 2026-12-07).
  'pgautoupgrade/pgautoupgrade': [5432],
  postgis: [5432],
  // pict-rs, Lemmy's image server: lemmy depends on it, and its port 8080 is written nowhere in the stack.
  'asonix/pictrs': [8080],
  postgres: [5432],
  postgresql: [5432],
  // ODK Central's XLSForm converter (ghcr.io/getodk/pyxform-http: gunicorn --bind 0.0.0.0:80), which
  // its service reaches by its built-in default http://pyxform/ alone: its Service had no port and
  // nothing waited for it (getodk/central, until 2026-12-07).
  'pyxform-http': [80],
  // Qdrant: REST first (the readiness probe takes it), then gRPC.
  qdrant: [6333, 6334],
  rabbitmq: [5672],
  redis: [6379],
  // SMTP relays (namshi/smtp and its rebuilds, itsissa/namshi-smtp): ODK Central's service sends mail
  // to mail:25 by its built-in default, so the relay's Service had no port (getodk/central, until 2026-12-07).
  smtp: [25],
  'namshi-smtp': [25],
  // Redis Cluster's nodes: clients on 6379, and the cluster bus on 16379 (the client port + 10000),
  // where the nodes gossip and fail over. bitnami's redis-cluster compose names its six nodes in
  // REDIS_NODES without ports: with no port known, each node's Service carried none, its pod no
  // readiness probe and redis-node-5's waits for the others nothing (until 2026-12-07). By the
  // whole repository: grokzen/redis-cluster runs all its nodes in one container on 7000-7005.
  'bitnami/redis-cluster': [6379, 16379],
  'bitnami/valkey-cluster': [6379, 16379],
  'redis-stack-server': [6379],
  // Sourcegraph's data stores, redis and postgres under names of their own: its frontend reaches
  // redis-cache and redis-store on 6379 through its image's defaults (REDIS_CACHE_ENDPOINT), written
  // nowhere in deploy-sourcegraph-docker, whose prometheus targets name only their exporter port
  // 9121, which nothing serves there: the Services carried 9121 alone and the readiness probes
  // waited on it (until 2026-12-07). Their pure-docker scripts give the ports: 6379/TCP and 5432/TCP.
  'sourcegraph/redis-cache': [6379],
  'sourcegraph/redis-store': [6379],
  'sourcegraph/postgres-12-alpine': [5432],
  'sourcegraph/codeintel-db': [5432],
  'sourcegraph/codeinsights-db': [5432],
  timescaledb: [5432],
  typesense: [8108],
  'timescaledb-ha': [5432],
  valkey: [6379],
  zookeeper: [2181],
  'cp-zookeeper': [2181],
};

/**
 * Ports a well-known server image serves beside its usual ones, in some of its variants or set-ups:
 * RabbitMQ's management UI (15672, the `-management` images), its TLS, Prometheus and clustering
 * ports; MinIO's console (9001); OpenSearch's performance analyzer (9600). A compose file that
 * publishes only such ports (piggymetrics' `rabbitmq:3-management` publishes 15672, the UI) still runs
 * the server on its usual port, which its clients use (AMQP on 5672): see usualPortsBeside.
 */
export const IMAGE_OTHER_PORTS: Readonly<Record<string, readonly number[]>> = {
  'blakeblackshear/frigate': [1935, 8554, 8555, 8971],
  minio: [9001],
  opensearch: [9600],
  rabbitmq: [4369, 5671, 15671, 15672, 15692, 25672],
};

/**
 * Home Assistant's images built per architecture or board (`homeassistant/armhf-homeassistant`,
 * `ghcr.io/home-assistant/raspberrypi4-homeassistant`): marklagendijk/docker-compose-homeassistant's
 * apache proxies to homeassistant:8123, whose Service carried no port (until 2026-12-07).
 */
const HOME_ASSISTANT_BUILD = /^(homeassistant|home-assistant)\/[a-z0-9-]+-homeassistant$/;

/** The ports a well-known server image listens on; none for other images. */
export function imageDefaultPorts(image: string): readonly number[] {
  const { repository } = parseImage(image);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return own(IMAGE_DEFAULT_PORTS, repository) ?? own(IMAGE_DEFAULT_PORTS, name) ?? (HOME_ASSISTANT_BUILD.test(repository) ? IMAGE_DEFAULT_PORTS['home-assistant'] : undefined) ?? [];
}

/**
 * PostgreSQL's `listen_addresses` set to nothing (`-c listen_addresses=''` in the command, or in
 * `POSTGRES_INITDB_ARGS`, which writes it into postgresql.conf): the server listens on its Unix
 * socket only.
 */
const NO_TCP_LISTENER = /(^|\s)listen_addresses\s*=\s*(''|""|(?=\s|$))/;

/**
 * A script that ends in a shell loop that sleeps between runs, and never hands over to a server
 * (no `exec`): the service runs a periodic script in the server's image, not the server — a backup
 * that runs `pg_dump` every day in `postgres:16`. A loop that waits before something else starts
 * (`until nc -z db 5432; do sleep 1; done; start-server`) is followed by that command: not this.
 */
const LOOP = /(^|[\s;&|(])(while|until)(?=\s)/g;
const SLEEP = /(^|[\s;&|(])sleep\s/g;
const DONE = /(^|[\s;&|])done(?=$|[\s;&|)'"])/g;
const HANDS_OVER = /(^|[\s;&|(])exec\s/;

/** Each word after the one before it, found by one forward search each: linear in the script. */
export function isPeriodicScript(script: string): boolean {
  let from = 0;
  for (const word of [LOOP, SLEEP, DONE]) {
    word.lastIndex = from;
    const match = word.exec(script);
    if (match === null) return false;
    from = match.index + match[0].length;
  }
  return /^[\s;'"]*$/.test(script.slice(from)) && !HANDS_OVER.test(script);
}

/**
 * The usual ports of the service's image, unless its own settings turn its TCP listener off, or it
 * runs a periodic script instead of the server (a daily `pg_dump` loop in `postgres:16` got 5432 and a
 * readiness probe there that nothing answers, until 2026-12-07):
 * element-docker-demo's db-synapse and db-mas serve synapse and MAS on a socket in a shared volume
 * (`listen_addresses=''`), and a guessed 5432, where nothing listens, held synapse and MAS in their
 * wait for the database forever (until 2026-12-06).
 */
export function usualServicePorts(service: Service, baseImage?: string): readonly number[] {
  const image = usualPortsImage(service, baseImage);
  if (image === undefined) return [];
  const ports = imageDefaultPorts(image);
  if (ports.length === 0) return ports;
  if (isPeriodicScript(commandLine(service))) return [];
  const settings = [...(service.entrypoint ?? []), ...(service.command ?? []), ...Object.values(service.environment)];
  return settings.some((word) => word !== null && NO_TCP_LISTENER.test(word)) ? [] : ports;
}

/**
 * The image whose usual ports the service has: its own, or, where its own name is none the
 * converter knows, the image its Dockerfile starts from (`baseImage`). bgruening/docker-galaxy-stable
 * builds its database as andreassko/galaxy-postgres `FROM postgres`: with no port known, its Service
 * had none, and galaxy-server's depends_on postgres waited for nothing (until 2026-12-07).
 */
export function usualPortsImage(service: Service, baseImage?: string): string | undefined {
  if (service.image !== undefined && imageDefaultPorts(service.image).length > 0) return service.image;
  if (baseImage !== undefined && baseImage !== 'scratch' && imageDefaultPorts(baseImage).length > 0) return baseImage;
  return service.image;
}

/**
 * Whether a service of a well-known server image still serves its usual ports beside the ones compose
 * declares (`ports`, `expose`, a healthcheck's, an EXPOSE): when every declared port is one the image
 * is known to serve (its usual ones and IMAGE_OTHER_PORTS), the server runs its usual set-up, so it
 * listens on all its usual ports, and the others reach it there under compose, where every port of a
 * container is open to its network. piggymetrics' `rabbitmq:3-management` publishes only 15672, its
 * management UI: its Service carried that port alone, so the services' AMQP connections to
 * rabbitmq:5672 were refused (until 2026-12-07); an Elasticsearch publishing 9200 serves its transport
 * port 9300 too. A port the image is not known to serve (redis on 6380) says the set-up is the
 * project's own, and nothing is added. No declared port at all: the usual ports, as before.
 */
export function usualPortsBeside(image: string, declared: readonly number[]): boolean {
  const usual = imageDefaultPorts(image);
  if (usual.length === 0) return false;
  const { repository } = parseImage(image);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const other = own(IMAGE_OTHER_PORTS, repository) ?? own(IMAGE_OTHER_PORTS, name) ?? [];
  return declared.every((port) => usual.includes(port) || other.includes(port));
}
