/**
 * What we know about images that start as root (and switch users themselves) or write to fixed
 * paths, so that they can run under a non-root, hardened security context instead.
 */

import { own } from '../plan/own.ts';

export interface ImageProfile {
  /** The user the image's process ends up running as; `0` only for images that must start as root. */
  readonly uid: number;
  /** Unset when only the image's /etc/passwd knows it (the runtime then takes the user's group from there). */
  readonly gid?: number;
  /** Why the image must run as root; set only when `uid` is 0. */
  readonly rootReason?: string;
  /** User names of the image, for compose `user: <name>`. */
  readonly users?: Readonly<Record<string, number>>;
  /** Paths the image writes to that its user cannot write when it does not start as root. */
  readonly runtimePaths?: readonly string[];
  /**
   * The command-line flag that moves a runtime path elsewhere (`storageDataPath` for vmstorage's
   * `/vmstorage-data`): a command that sets it makes the image write there instead, so the path
   * needs no emptyDir and keeps no data.
   */
  readonly runtimePathFlags?: Readonly<Record<string, string>>;
  /** Further paths it writes to, which need an emptyDir only when the root file system is read-only. */
  readonly writablePaths?: readonly string[];
  /**
   * Paths it declares as VOLUME that must lie on a volume of their own whatever its user: Docker
   * gives each an anonymous volume, for which an emptyDir stands in where compose mounts none.
   */
  readonly ownVolumes?: readonly string[];
  /** Directories of the image's own files that its user owns (rabbitmq's /etc/rabbitmq): a command may write there without root. */
  readonly ownedPaths?: readonly string[];
  /** It listens on ports below 1024 by default. */
  readonly privilegedPorts?: boolean;
  /** Capabilities its binaries carry as file capabilities: exec fails unless they stay in the bounding set. */
  readonly fileCapabilities?: readonly string[];
  /**
   * Why its non-root process needs the file capabilities it gains at exec: the kernel grants none
   * under no_new_privs (allowPrivilegeEscalation: false), which Docker does not set.
   */
  readonly escalationReason?: string;
  /** Environment defaults that let it run with the above (only used when compose does not set them). */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The option that moves its data directory below a volume mounted where it keeps its data: it
   * refuses to initialize a directory that holds anything, and a new claim's root on a managed
   * cluster's ext4 disk holds lost+found. Added to its arguments unless compose sets an entrypoint,
   * or a command that sets the option or runs another program than `server`.
   */
  readonly dataDirectoryOption?: { readonly server: string; readonly volume: string; readonly option: string; readonly directory: string };
  /** Mount targets at which the image's own defaults already work: with one of them, `environment` is not added. */
  readonly environmentUnneededAt?: readonly string[];
  /** What differs in tags that contain a key, e.g. `alpine` or `rootless`. */
  readonly tags?: Readonly<Record<string, Partial<ImageProfile>>>;
}

/** Images without a profile run as this user and group (the first regular uid on Debian and Alpine). */
export const DEFAULT_PROFILE: ImageProfile = { uid: 1000, gid: 1000 };

const postgres = (id: number): ImageProfile => ({
  uid: id,
  gid: id,
  users: { postgres: id },
  writablePaths: ['/var/run/postgresql', '/tmp'],
  // initdb needs a directory it owns; a volume's root belongs to root (and may hold lost+found).
  environment: { PGDATA: '/var/lib/postgresql/data/pgdata' },
  // Since 18 the image keeps PGDATA in a major-version directory below its VOLUME /var/lib/postgresql
  // (/var/lib/postgresql/18/docker), which a volume mounted there holds already: moving it to
  // data/pgdata there (inngest's postgres:18.1) put a new, empty cluster beside the data copied in.
  environmentUnneededAt: ['/var/lib/postgresql'],
});

/** Apache Flink's and Apache Spark's official images, each published under two names. */
const flinkUser: ImageProfile = { uid: 9999, gid: 9999, users: { flink: 9999 } };
const sparkUser: ImageProfile = { uid: 185, gid: 185, users: { spark: 185 } };

const headscale: ImageProfile = { uid: 65532, gid: 65532, users: { nonroot: 65532 }, runtimePaths: ['/var/run/headscale', '/var/lib/headscale'] };

const mysql: ImageProfile = { uid: 999, gid: 999, users: { mysql: 999 }, writablePaths: ['/var/run/mysqld', '/tmp'] };
/**
 * MySQL's `--initialize` aborts on a data directory that holds anything ("--initialize specified but
 * the data directory has files in it", docker-library/mysql#186 and #986 on GKE and AKS): a claim's
 * lost+found. Its entrypoint reads `--datadir` from the arguments, and one that starts with `-` runs
 * mysqld with them. MariaDB's installer takes such a directory.
 */
const oracleMysql: ImageProfile = { ...mysql, dataDirectoryOption: { server: 'mysqld', volume: '/var/lib/mysql', option: '--datadir', directory: '/var/lib/mysql/data' } };
const elastic: ImageProfile = { uid: 1000, gid: 1000, users: { elasticsearch: 1000, logstash: 1000, kibana: 1000 } };
const mosquitto: ImageProfile = {
  uid: 1883, gid: 1883, users: { mosquitto: 1883 }, writablePaths: ['/mosquitto/data', '/mosquitto/log'],
};
/**
 * VictoriaMetrics' images set no USER and no WORKDIR: their static binaries run as any user, but
 * create their data directory relative to the working directory, /, unless a flag moves it, and exit
 * when they cannot (vmagent of VictoriaMetrics' own compose-vm-single.yml, as uid 1000, until
 * 2026-12-06). An emptyDir there lets them; a volume the service mounts at that path takes its place.
 * The flag (`-storageDataPath=/storage` in VictoriaMetrics' compose-vm-cluster.yml) moves the data
 * where compose mounts its volume: the directory in / is then never written.
 */
const victoriaMetrics = (dataDirectory: string, flag: string): ImageProfile => ({
  uid: 1000, gid: 1000, runtimePaths: [`/${dataDirectory}`], runtimePathFlags: { [`/${dataDirectory}`]: flag },
});
const needsRoot = (reason: string): ImageProfile => ({ uid: 0, gid: 0, rootReason: reason });
/** The official nginx image: its master starts as root in Docker, but nginx 101 can run it with these paths writable. */
const nginxProfile: ImageProfile = {
  uid: 101,
  gid: 101,
  users: { nginx: 101 },
  runtimePaths: ['/var/cache/nginx', '/var/run'],
  writablePaths: ['/tmp'],
  privilegedPorts: true,
};
const gitea: ImageProfile = {
  ...needsRoot('its s6 init starts as root (the -rootless tags run as uid 1000)'),
  tags: { rootless: { uid: 1000, gid: 1000, users: { git: 1000 }, rootReason: undefined } },
};
/** linuxserver.io images keep all their state in /config, the homelab's `/opt/appdata/<app>:/config`. */
const s6: ImageProfile = { ...needsRoot('its s6-overlay init starts as root and switches to PUID/PGID itself'), writablePaths: ['/config'] };
const homeAssistant: ImageProfile = { ...needsRoot('its s6-overlay init starts as root'), writablePaths: ['/config'] };
/**
 * docker-jitsi-meet's images are built FROM jitsi/base, whose ENTRYPOINT is s6-overlay's /init: its
 * cont-init scripts write the configuration into /config from templates and start each daemon as its
 * own user (prosody, jicofo, jvb, nginx). As uid 1000 /init cannot start: web, prosody, jicofo and jvb
 * of the project's docker-compose.yml all ran as uid 1000 (until 2026-12-07).
 */
const jitsi: ImageProfile = { ...needsRoot('its s6-overlay init (/init) starts as root, writes /config and starts each daemon as its own user'), writablePaths: ['/config'] };

const onlyoffice = needsRoot('its run-document-server.sh chowns and starts the PostgreSQL, RabbitMQ, Redis and nginx it bundles, each as its own user');

/**
 * The php image's Alpine variants (and nextcloud's and wordpress's, built on them) create www-data
 * as uid and gid 82, Alpine's number for it, where Debian's is 33: nextcloud:fpm-alpine and
 * akaunting's php:8.1-fpm-alpine build ran as 33, a user those images do not have (until 2026-12-06).
 */
const alpineWwwData: Partial<ImageProfile> = { uid: 82, gid: 82, users: { 'www-data': 82 } };

/** By repository (registry and `library/` removed, no tag). */
const PROFILES: Readonly<Record<string, ImageProfile>> = {
  postgres: { ...postgres(999), tags: { alpine: postgres(70) } },
  'timescale/timescaledb': postgres(70),
  'timescale/timescaledb-ha': { ...postgres(1000), users: { postgres: 1000 } },
  // OpenRemote's PostgreSQL is built as timescaledb-ha is: its postgres user is uid 1000
  // (openremote/postgresql's Dockerfile), not the official image's 999 its name would give.
  'openremote/postgresql': { ...postgres(1000), users: { postgres: 1000 } },
  // The pgvector project's image is the official Debian postgres image with the extension added
  // (LibreChat's vectordb): as uid 1000 without PGDATA below the volume's root, initdb failed.
  'pgvector/pgvector': postgres(999),
  redis: { uid: 999, gid: 999, users: { redis: 999 }, writablePaths: ['/data', '/tmp'], tags: { alpine: { gid: 1000 } } },
  // Valkey's images are built from Redis's templates: valkey (999, group 999; 1000 on Alpine) owns /data.
  // As uid 1000 its RDB save failed and Valkey then refused writes (the OpenTelemetry demo's
  // valkey-cart, `user: valkey`, until 2026-12-07).
  'valkey/valkey': { uid: 999, gid: 999, users: { valkey: 999 }, writablePaths: ['/data', '/tmp'], tags: { alpine: { gid: 1000 } } },
  'eclipse-mosquitto': mosquitto,
  nginx: nginxProfile,
  // Excalidraw's image is its build served by nginx:1.27-alpine, with nothing else of its own
  // (excalidraw/excalidraw's Dockerfile; rw18vd).
  'excalidraw/excalidraw': nginxProfile,
  'nginxinc/nginx-unprivileged': { uid: 101, gid: 101, users: { nginx: 101 }, writablePaths: ['/tmp'] },
  'grafana/grafana': {
    uid: 472, gid: 472, users: { grafana: 472 }, writablePaths: ['/var/lib/grafana', '/var/log/grafana', '/tmp'],
  },
  'grafana/grafana-oss': { uid: 472, gid: 472, users: { grafana: 472 }, writablePaths: ['/var/lib/grafana', '/tmp'] },
  mysql: oracleMysql,
  'mysql/mysql-server': oracleMysql,
  mariadb: mysql,
  // Debezium's tutorial databases are the official images with sample data (debezium/debezium-examples'
  // end-to-end-demo, rw18va): as uid 1000 they could not initialize their data folders.
  'debezium/example-mysql': oracleMysql,
  'debezium/example-postgres': postgres(999),
  mongo: { uid: 999, gid: 999, users: { mongodb: 999 }, writablePaths: ['/data/db', '/data/configdb', '/tmp'] },
  'mailhog/mailhog': { uid: 1000, gid: 1000, users: { mailhog: 1000 } },
  'prom/prometheus': { uid: 65534, gid: 65534, users: { nobody: 65534 }, writablePaths: ['/prometheus'] },
  'prom/alertmanager': { uid: 65534, gid: 65534, users: { nobody: 65534 }, writablePaths: ['/alertmanager'] },
  // Its Dockerfile gives /etc/rabbitmq to rabbitmq: zulip's command appends its credentials to rabbitmq.conf as that user.
  rabbitmq: { uid: 999, gid: 999, users: { rabbitmq: 999 }, writablePaths: ['/var/lib/rabbitmq', '/tmp'], ownedPaths: ['/etc/rabbitmq'] },
  memcached: { uid: 11211, gid: 11211, users: { memcache: 11211 } },
  elasticsearch: elastic,
  'elasticsearch/elasticsearch': elastic,
  logstash: elastic,
  'logstash/logstash': elastic,
  kibana: elastic,
  'kibana/kibana': elastic,
  node: { uid: 1000, gid: 1000, users: { node: 1000 } },
  wordpress: { uid: 33, gid: 33, users: { 'www-data': 33 }, privilegedPorts: true, tags: { alpine: alpineWwwData } },
  nextcloud: { uid: 33, gid: 33, users: { 'www-data': 33 }, privilegedPorts: true, tags: { alpine: alpineWwwData } },
  // Its entrypoint copies Matomo into an empty /var/www/html and chowns it to www-data under `set -e`:
  // as the default uid 1000 the chown failed and the container exited (matomo-org/docker's nginx example).
  matomo: { uid: 33, gid: 33, users: { 'www-data': 33 }, privilegedPorts: true, tags: { alpine: alpineWwwData } },
  traefik: { uid: 65534, gid: 65534, privilegedPorts: true },
  'dpage/pgadmin4': {
    uid: 5050, gid: 5050, users: { pgadmin: 5050 }, privilegedPorts: true, fileCapabilities: ['NET_BIND_SERVICE'],
  },
  'mcr.microsoft.com/mssql/server': { uid: 10001, gid: 10001, users: { mssql: 10001 } },
  'mcr.microsoft.com/azure-sql-edge': { uid: 10001, gid: 10001, users: { mssql: 10001 } },
  'itzg/minecraft-server': { uid: 1000, gid: 1000 },
  'vectorized/redpanda': { uid: 101, gid: 101, users: { redpanda: 101 } },
  'redpandadata/redpanda': { uid: 101, gid: 101, users: { redpanda: 101 } },
  haproxy: { uid: 99, gid: 99, users: { haproxy: 99 } },
  // httpd's Alpine variant makes www-data 82 (`addgroup -g 82 -S www-data && adduser -u 82 …`,
  // docker-library/httpd 2.4/alpine): FIWARE's httpd:alpine ran as 33, a user it does not have (rw19wc).
  httpd: { uid: 33, gid: 33, users: { 'www-data': 33, daemon: 1 }, runtimePaths: ['/usr/local/apache2/logs'], privilegedPorts: true, tags: { alpine: alpineWwwData } },
  caddy: { uid: 1000, gid: 1000, runtimePaths: ['/data', '/config'], privilegedPorts: true },
  'victoriametrics/vmagent': victoriaMetrics('vmagent-remotewrite-data', 'remoteWrite.tmpDataPath'),
  'victoriametrics/victoria-metrics': victoriaMetrics('victoria-metrics-data', 'storageDataPath'),
  'victoriametrics/victoria-logs': victoriaMetrics('victoria-logs-data', 'storageDataPath'),
  'victoriametrics/vmstorage': victoriaMetrics('vmstorage-data', 'storageDataPath'),
  php: { uid: 33, gid: 33, users: { 'www-data': 33 }, tags: { alpine: alpineWwwData } },
  'clickhouse/clickhouse-server': { uid: 101, gid: 101, users: { clickhouse: 101 } },
  cassandra: { uid: 999, gid: 999, users: { cassandra: 999 } },
  neo4j: { uid: 7474, gid: 7474, users: { neo4j: 7474 } },
  couchdb: { uid: 5984, gid: 5984, users: { couchdb: 5984 } },
  zookeeper: { uid: 1000, gid: 1000, users: { zookeeper: 1000 } },
  influxdb: { uid: 1000, gid: 1000, users: { influxdb: 1000 } },
  'gitea/gitea': gitea,
  // Forgejo's images are Gitea's, built the same way (codeberg.org/forgejo/forgejo:14 and its
  // -rootless tags): the MX10-AC2N Forgejo-Woodpecker stack, built FROM it, ran as uid 1000 and
  // could not start its root init until 2026-12-06.
  'forgejo/forgejo': gitea,
  // Seafile's images start phusion/baseimage's /sbin/my_init (their CMD), which runs as root: its
  // my_init.d script links the data folders into /shared, and runit starts nginx, cron and Seafile's
  // servers (as the seafile user only when NON_ROOT=true). As uid 1000 my_init could not start
  // (haiwen/seafile-admin-docs' seafile-server.yml, until 2026-12-07).
  'seafileltd/seafile-mc': needsRoot("its /sbin/my_init (phusion/baseimage) runs as root, links the data folders into /shared and starts nginx, cron and Seafile's servers"),
  'seafileltd/seafile-pro-mc': needsRoot("its /sbin/my_init (phusion/baseimage) runs as root, links the data folders into /shared and starts nginx, cron and Seafile's servers"),
  // The Document Server image bundles PostgreSQL, RabbitMQ, Redis and nginx: run-document-server.sh
  // (its ENTRYPOINT, no USER) chowns their folders and starts them under supervisord, each as its
  // own user. As uid 1000 it exited at once (until 2026-12-07).
  'onlyoffice/documentserver': onlyoffice,
  'onlyoffice/documentserver-de': onlyoffice,
  'onlyoffice/documentserver-ee': onlyoffice,
  // Its entrypoint renumbers the mayan user to MAYAN_USER_UID (usermod, groupmod), chowns
  // /var/lib/mayan and starts every process with `su mayan`: as uid 1000 it stopped at usermod under
  // `set -e` (mayan-edms/Mayan-EDMS's docker-compose.yml, until 2026-12-07).
  'mayanedms/mayanedms': needsRoot('its entrypoint renumbers the mayan user (usermod, groupmod), chowns /var/lib/mayan and starts each process with su mayan'),
  // paperless-ngx's image starts as root and drops to its paperless user (USERMAP_UID, 1000 unless
  // set); its documentation's rootless set-up runs it as that user directly (`user:` equal to
  // USERMAP_UID), which is what the pod does.
  'paperless-ngx/paperless-ngx': { uid: 1000, gid: 1000, users: { paperless: 1000 } },
  'paperlessngx/paperless-ngx': { uid: 1000, gid: 1000, users: { paperless: 1000 } },
  // Collabora Online's image runs as USER 1001 (cool) and coolwsd forks its document jails through
  // coolforkit-caps, whose file capabilities (CHOWN, FOWNER, SYS_CHROOT) let it chroot them. Exec
  // fails unless they stay in the bounding set, and grants nothing under no_new_privs. Compose's
  // `cap_add: [MKNOD]` (nextcloud/docker's collabora example) had made it run as root, which
  // coolwsd refuses (until 2026-12-07).
  'collabora/code': {
    uid: 1001,
    gid: 1001,
    users: { cool: 1001 },
    fileCapabilities: ['CHOWN', 'FOWNER', 'SYS_CHROOT'],
    escalationReason: 'coolwsd chroots its document jails with the file capabilities of coolforkit-caps (CHOWN, FOWNER, SYS_CHROOT)',
  },
  // pgautoupgrade is the official postgres image with an upgrade step (its Dockerfiles start FROM
  // postgres:<version>-bookworm or -alpine): as uid 1000 without PGDATA below the claim's root,
  // initdb failed on a new claim (mathesar-foundation/mathesar's db, until 2026-12-07).
  'pgautoupgrade/pgautoupgrade': { ...postgres(999), tags: { alpine: postgres(70) } },
  // Its Debian image runs as apisix (`useradd --uid 636`), owning /usr/local/apisix, where
  // `apisix init` writes conf/ and openresty its logs (apache/apisix-docker's example, until 2026-12-07).
  'apache/apisix': { uid: 636, gid: 636, users: { apisix: 636 } },
  // Umami's Next.js image runs as nextjs (uid 1001, group nodejs 1001), which owns .next and public/.
  'umami-software/umami': { uid: 1001, gid: 1001, users: { nextjs: 1001 } },
  // tt-rss's app image: its startup.sh adds its app user, chowns the application and starts php-fpm
  // through sudo as that user; its backups role runs crond (wrobelda/tt-rss-docker-compose).
  'cthulhoo/ttrss-fpm-pgsql-static': needsRoot('its startup.sh adds its app user, chowns the application and starts php-fpm with sudo as that user'),
  // Bitwarden's unified image: its entrypoint adds its user and group (PUID, PGID), edits supervisord's
  // settings under /etc and chowns its data, then drops to that user with setpriv (bitwarden/self-host).
  'bitwarden/self-host': needsRoot("its entrypoint adds its user (PUID, PGID), edits supervisord's settings under /etc and chowns its data before dropping to that user"),
  // FreshRSS: its entrypoint edits PHP's settings under /etc, installs a crontab (CRON_MIN) and chowns
  // its data to www-data; Apache starts as root and serves as www-data (FreshRSS/FreshRSS's Docker/).
  'freshrss/freshrss': needsRoot("its entrypoint edits PHP's settings under /etc, installs a crontab and chowns its data to www-data, and Apache starts as root"),
  // ScyllaDB's docker-entrypoint.py writes scylla.yaml, /etc/scylla.d's I/O settings and its log under
  // /var/log/scylla, then starts supervisord, which runs scylla and its agents: all as root, as the
  // image has no USER (scylladb/scylla-code-samples' mms stack, probed 2026-12-07).
  'scylladb/scylla': needsRoot("its entrypoint writes scylla.yaml and /etc/scylla.d's settings, then starts supervisord, which runs scylla and its agents"),
  // CockroachDB's image has no USER and keeps its store in cockroach-data below its root-owned
  // WORKDIR /cockroach: as uid 1000 `start` could not create it (dbist/cockroach-docker's secure
  // cluster, whose nodes mount only their certificates). An emptyDir there lets it; a volume mounted
  // there, or a store moved by --store, takes its place.
  'cockroachdb/cockroach': { uid: 1000, gid: 1000, runtimePaths: ['/cockroach/cockroach-data'], runtimePathFlags: { '/cockroach/cockroach-data': 'store' } },
  // mbin's image adds its user with the build's UID (1000) to Alpine's www-data group (82) and runs
  // as USER mbin:www-data (MbinOrg/mbin's docker/Dockerfile): its var/ and public/media are the group's.
  'ghcr.io/mbinorg/mbin': { uid: 1000, gid: 82, users: { mbin: 1000 } },
  // Firefly III's image chowns its application to www-data and makes storage/ group-writable for it.
  'fireflyiii/core': { uid: 33, gid: 33, users: { 'www-data': 33 } },
  // taiga-front's image is nginx's, whose /docker-entrypoint.d script writes conf.json into
  // /usr/share/nginx/html, which root owns (taigaio/taiga-docker, until 2026-12-07).
  'taigaio/taiga-front': needsRoot('its /docker-entrypoint.d script writes conf.json into /usr/share/nginx/html, which root owns, before nginx starts'),
  // Plane's proxy renders nginx.conf from its template into /etc/nginx at start (makeplane/plane's selfhost stack).
  'makeplane/plane-proxy': needsRoot('its entrypoint renders nginx.conf into /etc/nginx, which root owns, before nginx starts'),
  // Its docker-run.sh writes PHP's settings into $PHP_INI_DIR/conf.d and chowns conf.php and the
  // documents folder to www-data (Dolibarr/dolibarr-docker's examples, until 2026-12-07).
  'dolibarr/dolibarr': needsRoot("its docker-run.sh writes PHP's settings into $PHP_INI_DIR and chowns its configuration and documents to www-data"),
  // openemr-devops' image sets no USER and makes its start script run_openemr.sh root's alone (chmod 500).
  'openemr/openemr': needsRoot('its start script, run_openemr.sh, is mode 500 and owned by root, so only root can run it'),
  'pihole/pihole': needsRoot('it starts as root to bind DNS and manage its own users'),
  // Its entrypoint chowns its volumes (config, var, logs, media) to www-data unless they are already
  // www-data's, and exits when it cannot; its cron role registers www-data's crontab and runs cron.
  // As uid 1000 every role exited at start (mautic/docker-mautic's examples, until 2026-12-07).
  'mautic/mautic': needsRoot("its entrypoint chowns its volumes to www-data and exits when it cannot, and its cron role runs cron"),
  // Consul's entrypoint chowns /consul/data and /consul/config to its consul user, unless
  // CONSUL_DISABLE_PERM_MGMT is set, and steps down with su-exec; as uid 1000 the chown failed
  // (hashicorp/docker-consul's docker-entrypoint.sh; the library image is the same build).
  'hashicorp/consul': needsRoot('its entrypoint chowns /consul/data and /consul/config to consul and starts Consul with su-exec as that user'),
  consul: needsRoot('its entrypoint chowns /consul/data and /consul/config to consul and starts Consul with su-exec as that user'),
  // Bitcoin Core's images (and bitcoinknots/bitcoin, their drop-in): the entrypoint makes the data
  // folder, `chown -R bitcoin` it and ends with `exec gosu bitcoin`; as uid 1000 the chown failed
  // under set -e and bitcoind never started (praveenperera/knots-stack, until 2026-12-07).
  'bitcoin/bitcoin': needsRoot('its entrypoint chowns the data folder to bitcoin and starts bitcoind with gosu as that user'),
  'bitcoinknots/bitcoin': needsRoot('its entrypoint chowns the data folder to bitcoin and starts bitcoind with gosu as that user'),
  // Chainlink's Dockerfiles: `useradd --uid 14933 --create-home chainlink`, USER chainlink, WORKDIR
  // its home, where the node keeps its root folder (~/.chainlink); as uid 1000 it could not write it.
  'smartcontract/chainlink': { uid: 14933, gid: 14933, users: { chainlink: 14933 } },
  // docker-mailman's core and web entrypoints write their settings, `chown -R mailman` their data
  // folders and end with `exec su-exec mailman …`; as uid 1000 the chown failed at once
  // (maxking/docker-mailman's compose, until 2026-12-07).
  'maxking/mailman-core': needsRoot('its entrypoint chowns its data to mailman and starts Mailman with su-exec as that user'),
  'maxking/mailman-web': needsRoot('its entrypoint chowns its data to mailman and starts uwsgi with su-exec as that user'),
  // Pterodactyl's panel image sets no USER: its entrypoint makes folders and links under /app and
  // /var/log and writes /etc/nginx/http.d/panel.conf, then runs crond and supervisord as root
  // (pterodactyl/panel's Dockerfile and .github/docker/entrypoint.sh; its compose example, until 2026-12-07).
  'ghcr.io/pterodactyl/panel': needsRoot('its entrypoint writes its nginx settings and folders under /app and /var/log, and supervisord and crond start as root'),
  // DOMjudge's domserver sets no USER: its start scripts chown /opt/domjudge and supervisord runs
  // nginx and php-fpm (DOMjudge/domjudge-packaging's docker/domserver, until 2026-12-07).
  'domjudge/domserver': needsRoot('its start scripts chown /opt/domjudge and supervisord starts nginx and php-fpm as root'),
  // QingdaoU's JudgeServer sets no USER: its entrypoint chowns /judger/run to its compiler and code
  // users, and the sandbox switches to them (uids 12001, 12002) for each run (QingdaoU/JudgeServer;
  // OnlineJudgeDeploy's compose, until 2026-12-07).
  'registry.cn-hangzhou.aliyuncs.com/onlinejudge/judge_server': needsRoot('its entrypoint chowns /judger/run and its sandbox switches to the compiler and code users for each run'),
  // Tactical RMM's image sets no USER: its init role copies itself into the volumes, makes and
  // chowns their folders and writes its settings, then each role checks for the ready file the init
  // role writes with su (amidaware/tacticalrmm's docker/containers/tactical/entrypoint.sh, until 2026-12-07).
  // Activepieces' image (node bullseye) installs Debian's nginx and sets no USER: its entrypoint
  // starts nginx on port 80 beside the server (activepieces/activepieces' Dockerfile; rw17ub).
  'ghcr.io/activepieces/activepieces': needsRoot('its entrypoint starts nginx on port 80 as root beside the server'),
  'activepieces/activepieces': needsRoot('its entrypoint starts nginx on port 80 as root beside the server'),
  // Dify's code sandbox sets no USER: its /main chroots each run and switches it to an unprivileged
  // user (langgenius/dify-sandbox's docker/amd64/dockerfile; langgenius/dify's compose, rw17ub).
  'langgenius/dify-sandbox': needsRoot('its /main chroots the code it runs and switches it to an unprivileged user'),
  // Sonatype Nexus: useradd -r -u 200 nexus, chown -R nexus:nexus /nexus-data, USER nexus
  // (sonatype/docker-nexus3's Dockerfile; zhongpei/drone-gitea-nexus, rw17ud).
  'sonatype/nexus3': { uid: 200, gid: 200, users: { nexus: 200 } },
  // The official TeamSpeak 3 image: ts3server 9987:9987 owns /var/ts3server (its VOLUME) and
  // /var/run/ts3server (mode 775), and its entrypoint drops to it with su-exec only when root runs it;
  // as uid 1000 it could write neither its ts3server.ini nor its database (docker-library/docs' teamspeak
  // stack.yml, rw18lead).
  // Greenbone's gvmd: no USER, and its entrypoint sources setup-directories and setup-mta, then
  // `exec gosu gvmd "$@"` (greenbone/gvmd's .docker/entrypoint.sh); as uid 1000 gosu refused
  // (greenbone/docs' docker-compose-22.4.yml, rw18vb).
  'registry.community.greenbone.net/community/gvmd': needsRoot('its entrypoint prepares its folders and mail transport and starts gvmd with gosu as the gvmd user'),
  'greenbone/gvmd': needsRoot('its entrypoint prepares its folders and mail transport and starts gvmd with gosu as the gvmd user'),
  // Apache Flink's official image: `useradd --uid=9999 flink` owns $FLINK_HOME, whose conf/flink-conf.yaml
  // its entrypoint edits, and it drops to flink itself only when started as root; as uid 1000 it could
  // not write its configuration (apache/flink-playgrounds, getindata/flink-sql-runner, rw18va).
  flink: flinkUser,
  'apache/flink': flinkUser,
  // Debezium's Kafka images: `groupadd -r kafka -g 1001 && useradd -u 1001 … kafka`, USER kafka, which
  // owns /kafka/data and /kafka/logs (debezium/container-images; debezium-examples, rw18va).
  'debezium/zookeeper': { uid: 1001, gid: 1001, users: { kafka: 1001 } },
  'debezium/kafka': { uid: 1001, gid: 1001, users: { kafka: 1001 } },
  'debezium/connect': { uid: 1001, gid: 1001, users: { kafka: 1001 } },
  // Prefect's image sets no USER and keeps its state (its SQLite database, profiles) in ~/.prefect
  // with HOME=/root, mode 700 on python-slim: no other user can create it (Prefect's compose, rw18va).
  'prefecthq/prefect': needsRoot('it keeps its state in ~/.prefect, below its HOME /root, which only root can enter (mode 700)'),
  // Ollama's image ends on ubuntu:22.04 with no USER (ENTRYPOINT /bin/ollama, CMD serve) and keeps its
  // key and pulled models in ~/.ollama, HOME /root (ollama/ollama Dockerfile; docker/genai-stack, rw19wb).
  'ollama/ollama': needsRoot('it runs as root and keeps its key and models in /root/.ollama'),
  // Apache Spark's images (apache/spark, the official spark): `groupadd --gid=185 spark && useradd
  // --uid=185 … spark`, USER spark (apache/spark-docker); an image built FROM it ran as 1000 (rw19wc).
  'apache/spark': sparkUser,
  spark: sparkUser,
  // The collaboration and developer tools of rw18vd, each from its Dockerfile:
  // CryptPad's `USER cryptpad` (4001), whose entrypoint writes /cryptpad/config/config.js and builds;
  'cryptpad/cryptpad': { uid: 4001, gid: 4001, users: { cryptpad: 4001 } },
  // Outline's `USER nodejs` (1001:1001);
  'outlinewiki/outline': { uid: 1001, gid: 1001, users: { nodejs: 1001 } },
  // Wekan's `useradd --system wekan` on ubuntu:24.04, then USER wekan (999:999);
  'ghcr.io/wekan/wekan': { uid: 999, gid: 999, users: { wekan: 999 } },
  'wekanteam/wekan': { uid: 999, gid: 999, users: { wekan: 999 } },
  // Overleaf's sharelatex image, on phusion/baseimage with no USER, starts my_init as seafile-mc does;
  'sharelatex/sharelatex': needsRoot("its /sbin/my_init (phusion/baseimage) runs as root and starts nginx and Overleaf's services as their users"),
  // JupyterHub's image sets no USER and writes its proxy's pid and its database into /srv/jupyterhub, root's.
  'jupyterhub/jupyterhub': needsRoot('it writes jupyterhub-proxy.pid and its database into its working folder /srv/jupyterhub, which root owns'),
  teamspeak: { uid: 9987, gid: 9987, users: { ts3server: 9987 }, writablePaths: ['/var/run/ts3server'], ownVolumes: ['/var/ts3server'] },
  // DefectDojo's django image: adduser --uid 1001 --gid 1337 defectdojo, /var/run/defectdojo its,
  // USER 1001 (DefectDojo/django-DefectDojo's Dockerfile.django-debian; rw17ud).
  'defectdojo/defectdojo-django': { uid: 1001, gid: 1337, users: { defectdojo: 1001 } },
  // Grafana's Loki and Tempo: addgroup -g 10001 / adduser -u 10001, /loki and /var/tempo theirs,
  // USER 10001 (grafana/loki's cmd/loki/Dockerfile, grafana/tempo's cmd/tempo/Dockerfile). As uid 1000
  // loki-write could not create its WAL in /loki (grafana/loki's production compose, rw17ua).
  'grafana/loki': { uid: 10001, gid: 10001, users: { loki: 10001 } },
  'grafana/tempo': { uid: 10001, gid: 10001, users: { tempo: 10001 } },
  // Zabbix's images: groupadd --gid 1995 zabbix, useradd --uid 1997 zabbix, USER 1997; their
  // entrypoints rewrite /etc/zabbix's files, which are zabbix's (zabbix/zabbix-docker; rw17ua).
  'zabbix/*': { uid: 1997, gid: 1995, users: { zabbix: 1997 } },
  // Graylog: GRAYLOG_UID and GRAYLOG_GID 1100, its home and data folders chowned to them, USER graylog
  // (Graylog2/graylog-docker's Dockerfile; Graylog2/docker-compose's cluster, rw17ua).
  'graylog/graylog': { uid: 1100, gid: 1100, users: { graylog: 1100 } },
  // Home Assistant's images start s6-overlay's /init as root and keep everything in WORKDIR /config
  // (home-assistant/core's Dockerfile): a project folder there is its state, a claim filled once,
  // not a copy at every start that lost users, integrations and the database (rw17uc). Its Docker
  // Hub organisation and ghcr.io hold the per-board builds (armhf-homeassistant, …) of the same image.
  'homeassistant/*': homeAssistant,
  'ghcr.io/home-assistant/*': homeAssistant,
  // openHAB's entrypoint adds its openhab user (USER_ID, 9001 by default), chowns OPENHAB_HOME and
  // starts the server with gosu (openhab/openhab-docker's debian/entrypoint): as uid 1000 it exited.
  'openhab/openhab': needsRoot('its entrypoint adds the openhab user, chowns its home and starts the server with gosu'),
  // Nginx Proxy Manager's ENTRYPOINT is s6-overlay's /init (NginxProxyManager/nginx-proxy-manager's
  // docker/Dockerfile), which starts nginx on 80 and 443 and its backend.
  'jc21/nginx-proxy-manager': needsRoot('its s6-overlay init starts as root and runs nginx on ports 80 and 443'),
  // AzuraCast's all-in-one image: USER root and CMD /usr/local/bin/my_init, whose supervisord runs
  // MariaDB, Redis, nginx on 80 and 443, PHP-FPM and every station's broadcaster, each as its own user
  // (AzuraCast/AzuraCast's Dockerfile; its docker-compose.sample.yml, rw18lead).
  'ghcr.io/azuracast/azuracast': needsRoot('its init (my_init) starts supervisord, which runs MariaDB, Redis, nginx, PHP-FPM and the stations, each as its own user'),
  'azuracast/azuracast': needsRoot('its init (my_init) starts supervisord, which runs MariaDB, Redis, nginx, PHP-FPM and the stations, each as its own user'),
  // GitLab's Omnibus image sets no USER: its /assets/wrapper runs reconfigure (chef) and runit as root,
  // which start each component as its own user (gitlabhq/omnibus-gitlab's docker/Dockerfile).
  'gitlab/gitlab-ce': needsRoot('its wrapper runs reconfigure and runit as root, which start each component as its own user'),
  'gitlab/gitlab-ee': needsRoot('its wrapper runs reconfigure and runit as root, which start each component as its own user'),
  // GitLab Runner's image sets no USER and runs `run --user=gitlab-runner`, which switches to that user
  // for the jobs it runs (its Dockerfile's CMD; mgcrea/docker-compose-gitlab-ce, rw17ud).
  'gitlab/gitlab-runner': needsRoot('it runs as root and switches to gitlab-runner for the jobs it runs (run --user=gitlab-runner)'),
  'tacticalrmm/tactical': needsRoot('its init role makes and chowns the folders of its volumes and writes its settings, and switches users with su'),
  // barcus/bareos's Dockerfiles `chmod u+x` their entrypoints (root's alone may run them), which chown
  // the configuration and start the daemons with `-u bareos` or Apache as root (barcus/bareos, until 2026-12-07).
  ...Object.fromEntries(
    ['director', 'storage', 'client', 'webui'].map((role) => [`barcus/bareos-${role}`, needsRoot('only root may run its entrypoint (chmod u+x), which chowns its configuration and starts the daemon as bareos')]),
  ),
  // jonasal/nginx-certbot is the nginx image (no USER) whose start script runs certbot and nginx,
  // writing /etc/letsencrypt and /etc/nginx/conf.d (JonasAlfredsson/docker-nginx-certbot's src/Dockerfile).
  'jonasal/nginx-certbot': needsRoot('its start script runs certbot and nginx as root, writing /etc/letsencrypt and /etc/nginx/conf.d'),
  // Enketo's image sets no USER; ODK Central's start-enketo.sh writes its config/config.json among
  // the application's root-owned files (enketo/enketo-express; getodk/central, until 2026-12-07).
  'ghcr.io/enketo/enketo-express': needsRoot("ODK Central's start script writes its config/config.json among the image's root-owned files"),
  // Review Board's image sets no USER: its entrypoint chowns its site folder and ends with
  // `exec gosu reviewboard` (reviewboard/reviewboard's contrib/docker; its postgres example, until 2026-12-07).
  'beanbag/reviewboard': needsRoot('its entrypoint chowns its site folder and starts Review Board with gosu as reviewboard'),
  // zeigren/phorge (FROM php-fpm-alpine, no USER) writes /etc/sudoers.d and PHP's settings, starts
  // sshd and chowns its repositories (Zeigren/phorge_docker, until 2026-12-07).
  'zeigren/phorge': needsRoot('its entrypoint writes /etc/sudoers.d and PHP settings, starts sshd and chowns its repositories'),
  // toras9000/kallithea-mp (no USER) starts startup.sh, which chowns its folders and steps down to
  // kallithea with su-exec (toras9000/docker-kallithea, until 2026-12-07).
  'toras9000/kallithea-mp': needsRoot('its startup script chowns its folders and starts Kallithea with su-exec as kallithea'),
  // Sourcegraph's databases run as 999: its pure-docker scripts chown each volume to 999
  // (`./ensure-volume.sh $VOLUME 999`) before starting them (deploy-sourcegraph-docker, until 2026-12-07).
  ...Object.fromEntries(
    ['postgres-12-alpine', 'codeintel-db', 'codeinsights-db', 'redis-cache', 'redis-store'].map((name) => [`sourcegraph/${name}`, { uid: 999, gid: 999 }]),
  ),
  // Roundcube's entrypoint copies the application into /var/www/html and chowns it to www-data,
  // writes /etc/locale.gen and PHP's settings under /usr/local/etc/php, then Apache or php-fpm
  // starts as root and serves as www-data (roundcube/roundcubemail-docker's examples).
  'roundcube/roundcubemail': needsRoot("its entrypoint copies Roundcube into /var/www/html as www-data's, writes /etc/locale.gen and PHP's settings, and Apache or php-fpm starts as root"),
  // Qdrant's image keeps USER 0 and creates storage/ and snapshots/ in its root-owned /qdrant at
  // start; only the -unprivileged tags are built as uid 1000 owning it. As uid 1000 the default
  // image exited at once (qdrant's own compose cluster, until 2026-12-06).
  // MinIO's image sets no USER and declares VOLUME /data, which Docker gives a fresh volume of its
  // own; without one, uid 1000 cannot create /data (`minio server /data` in Tempo's distributed
  // example ran `mkdir -p /data/tempo` first and exited, until 2026-12-06). An emptyDir there is
  // Docker's anonymous volume; a volume the service mounts at /data takes its place.
  'minio/minio': { uid: 1000, gid: 1000, runtimePaths: ['/data'] },
  // Meilisearch's image sets no USER and runs from WORKDIR /meili_data, root's, where it creates its
  // database (./data.ms), dumps and snapshots. Stacks that mount their volume at the older /data.ms
  // (rortan134/dockerized-strapi-meilisearch, beakman/medusa-stack-dockerized) leave /meili_data the
  // image's: as uid 1000 Meilisearch could not create its database and exited (until 2026-12-07).
  'getmeili/meilisearch': { uid: 1000, gid: 1000, runtimePaths: ['/meili_data'] },
  'quay.io/minio/minio': { uid: 1000, gid: 1000, runtimePaths: ['/data'] },
  // MinIO's client sets no USER either and keeps its aliases in $HOME/.mc; a uid its /etc/passwd
  // does not know gets HOME=/, where it cannot create /.mc ("mc: <ERROR> Unable to save new mc
  // config. mkdir /.mc: permission denied", minio/mc#3842). revoltchat/self-hosted's createbuckets
  // loops `until mc ready minio; do mc config host add minio …; done`: as uid 1000 it looped forever
  // and autumn, waiting for it, never started (until 2026-12-07).
  'minio/mc': { uid: 1000, gid: 1000, runtimePaths: ['/.mc'] },
  'quay.io/minio/mc': { uid: 1000, gid: 1000, runtimePaths: ['/.mc'] },
  // Headscale's images are built by ko on gcr.io/distroless/base-debian12 (its .goreleaser.yml `kos`):
  // no USER, so root, whose passwd also names nonroot (65532). Its default config keeps its database
  // and keys in /var/lib/headscale and listens on the unix socket /var/run/headscale/headscale.sock,
  // which it creates: /var/run is root's, so a non-root headscale exited at start (organicnz's
  // headscale-tailscale-docker, until 2026-12-07). An emptyDir there, nonroot's own user.
  'headscale/headscale': headscale,
  'ghcr.io/juanfont/headscale': headscale,
  'qdrant/qdrant': {
    ...needsRoot('its image runs as root and creates /qdrant/storage and /qdrant/snapshots in its root-owned /qdrant (the -unprivileged tags run as uid 1000)'),
    tags: { unprivileged: { uid: 1000, gid: 1000, users: { qdrant: 1000 }, rootReason: undefined } },
  },
  'linuxserver/*': s6,
  'jitsi/base': jitsi,
  'jitsi/base-java': jitsi,
  'jitsi/web': jitsi,
  'jitsi/prosody': jitsi,
  'jitsi/jicofo': jitsi,
  'jitsi/jvb': jitsi,
  'jitsi/jigasi': jitsi,
  'jitsi/jibri': jitsi,
  'lscr.io/linuxserver/*': s6,
  // Dave Conroy's images (tiredofit/freepbx, tiredofit/mariadb, tiredofit/db-backup, …) are built FROM
  // tiredofit/alpine or tiredofit/debian, whose ENTRYPOINT is s6-overlay's /init, run as root; each
  // service then drops to its own user (tiredofit/docker-alpine's and docker-mariadb's Dockerfiles).
  // tiredofit/mariadb took the mariadb profile's uid 999, under which /init cannot start
  // (tiredofit/docker-freepbx's example, rw18lead, until 2026-12-07).
  'tiredofit/*': needsRoot('its s6-overlay init (/init of the tiredofit/alpine and tiredofit/debian bases) starts as root and runs each service as its own user'),
  'bitnami/*': { uid: 1001, gid: 1001 },
};

/**
 * Profiles that hold for some releases of an image only, by repository and tag: what the others run
 * as is not known, so they keep the default (stated).
 */
/**
 * docker:dind runs dockerd as root (privileged in every compose file that runs it), which keeps its
 * images and containers in the image's VOLUME /var/lib/docker: on the container's own overlay file
 * system its overlay2 driver cannot start (overlay on overlay), so that path needs a volume of its
 * own, as Docker gives it (Forgejo's runner example, until 2026-12-07). Not the rootless variant.
 */
const DIND = /^(?!.*rootless).*dind/;
const dind: ImageProfile = {
  ...needsRoot('dockerd, the daemon it runs, runs as root'),
  ownVolumes: ['/var/lib/docker'],
};

/** Dify's releases from 1.10.1 on (`1.10.1`, `1.13.3`, `2.0.0`). */
const DIFY_1001 = /^v?(1\.10\.[1-9]\d*|1\.(1[1-9]|[2-9]\d|\d{3,})\.|[2-9]\d*\.|1\d+\.)/;
const dify: ImageProfile = { uid: 1001, gid: 1001, users: { dify: 1001 } };

const RELEASE_PROFILES: Readonly<Record<string, readonly { readonly tags: RegExp; readonly profile: ImageProfile }[]>> = {
  // Kong's 2.x images are Alpine's (its untagged default until 3.0): `adduser -S kong` (uid 100,
  // Alpine's first system id), `chown -R kong:0` and `chmod -R g=u /usr/local/kong`, USER kong. As
  // uid and gid 1000 Kong could not write its prefix, and Supabase's kong, whose command writes
  // ~/kong.yml, had HOME=/ (supabase/supabase's docker-compose.yml, kong:2.8.1, until 2026-12-07).
  // Its 3.x images are Ubuntu's, whose kong user the package creates.
  kong: [{ tags: /^2\.|alpine/, profile: { uid: 100, gid: 0, users: { kong: 100 } } }],
  docker: [{ tags: DIND, profile: dind }],
  // Dify's api and web images create dify (dify_uid=1001) and run as it from 1.10.1 on (api/Dockerfile,
  // web/Dockerfile; langgenius/dify#26419, the 1.10.1 release note in dify-docs#555; its compose's
  // init_permissions chowns the storage to 1001:1001, 1.13.3 in rw17ub); web keeps pm2's folder in
  // /.pm2, which uid 1000 could not write. Earlier releases set no USER.
  'langgenius/dify-api': [{ tags: DIFY_1001, profile: dify }],
  'langgenius/dify-web': [{ tags: DIFY_1001, profile: dify }],
  // Forgejo's mirror of the Docker images (code.forgejo.org/oci/docker:dind, its runner's example).
  'oci/docker': [{ tags: DIND, profile: dind }],
};

/** Image repositories built on a profiled image often keep its last path segment (`acme/timescaledb`). */
const BY_BASENAME: Readonly<Record<string, string>> = {
  postgres: 'postgres',
  timescaledb: 'timescale/timescaledb',
  // ankane/pgvector, the extension's older image, is built the same way.
  pgvector: 'pgvector/pgvector',
  // postgis/postgis and its rebuilds (ghcr.io/baosystems/postgis) are the postgres image with PostGIS.
  postgis: 'postgres',
  mosquitto: 'eclipse-mosquitto',
  redis: 'redis',
  // ghcr.io/valkey-io/valkey, the project's own registry.
  valkey: 'valkey/valkey',
  mariadb: 'mariadb',
  mysql: 'mysql',
  mongo: 'mongo',
  mongodb: 'mongo',
  grafana: 'grafana/grafana',
  prometheus: 'prom/prometheus',
  // quay.io/prometheus/alertmanager: the Prometheus project publishes its images there too.
  alertmanager: 'prom/alertmanager',
  // Gitea's own registry, which its install docs use since 1.23 (docker.gitea.com/gitea:1.25.5).
  gitea: 'gitea/gitea',
  // Images built on postgres under the usual name (OpenMetadata's docker.getcollate.io/openmetadata/postgresql, rw18va).
  postgresql: 'postgres',
};

export interface ImageReference {
  /** Repository without registry, `library/` and tag: `postgres`, `grafana/grafana`. */
  readonly repository: string;
  /** Registry host when the reference names one (`mcr.microsoft.com`). */
  readonly registry?: string;
  readonly tag?: string;
}

/** Several rules read each service's image: each reference is parsed once (issue 7). */
const parsedImages = new Map<string, ImageReference>();

export function parseImage(image: string): ImageReference {
  let parsed = parsedImages.get(image);
  if (parsed === undefined) {
    parsed = Object.freeze(parsedImage(image));
    parsedImages.set(image, parsed);
  }
  return parsed;
}

function parsedImage(image: string): ImageReference {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  let path = (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
  const first = path.split('/')[0] ?? '';
  let registry: string | undefined;
  if (path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    path = path.slice(first.length + 1);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  if (path.startsWith('library/')) path = path.slice('library/'.length);
  return { repository: path, ...(registry ? { registry } : {}), ...(tag ? { tag } : {}) };
}

/** The profile of an image, or undefined when we know nothing about it. */
export function imageProfile(image: string): ImageProfile | undefined {
  const { repository, registry, tag } = parseImage(image);
  const qualified = registry ? `${registry}/${repository}` : repository;
  const owner = repository.split('/')[0];
  const basename = repository.slice(repository.lastIndexOf('/') + 1);
  const alias = own(BY_BASENAME, basename);
  const profile =
    own(PROFILES, qualified) ??
    own(PROFILES, repository) ??
    (registry ? own(PROFILES, `${registry}/${owner}/*`) : undefined) ??
    own(PROFILES, `${owner}/*`) ??
    (alias ? own(PROFILES, alias) : undefined) ??
    (tag === undefined ? undefined : own(RELEASE_PROFILES, repository)?.find((release) => release.tags.test(tag))?.profile);
  const variant = Object.entries(profile?.tags ?? {}).find(([part]) => tag?.includes(part))?.[1];
  return profile && variant ? { ...profile, ...variant } : profile;
}

/**
 * The profile's runtime paths that the container still writes: those whose flag (runtimePathFlags)
 * the command does not set to another place. Go's flag syntax: `-flag=value`, `--flag=value`, or
 * the value as the next word.
 */
export function runtimePathsFor(profile: ImageProfile, words: readonly string[]): readonly string[] {
  const paths = profile.runtimePaths ?? [];
  const flags = profile.runtimePathFlags;
  if (flags === undefined) return paths;
  return paths.filter((path) => {
    const flag = flags[path];
    const value = flag === undefined ? undefined : flagValue(words, flag);
    return value === undefined || `/${value.replace(/^\.?\/+/, '')}`.replace(/\/+$/, '') === path;
  });
}

function flagValue(words: readonly string[], flag: string): string | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const name = word.replace(/^--?/, '');
    if (name === word) continue;
    if (name.startsWith(`${flag}=`)) return name.slice(flag.length + 1);
    if (name === flag) return words[index + 1];
  }
  return undefined;
}

/** Users every image has, or that Debian and Alpine number the same. */
export const COMMON_USERS: Readonly<Record<string, number>> = { root: 0, daemon: 1, 'www-data': 33, nobody: 65534 };

/**
 * Users a Dockerfile's `USER` may name without creating them, whose uid and primary group every
 * common base image agrees on: nobody is 65534 with group 65534 in Debian, Ubuntu, Alpine, BusyBox,
 * distroless and UBI (not daemon, 1 on Debian and 2 on Alpine, nor www-data, 33 and 82).
 */
export const BASE_IMAGE_USERS: Readonly<Record<string, { readonly uid: number; readonly gid: number }>> = { nobody: { uid: 65534, gid: 65534 } };

/** Debian's static groups (Alpine agrees on the device groups). */
export const COMMON_GROUPS: Readonly<Record<string, number>> = {
  root: 0, daemon: 1, tty: 5, disk: 6, lp: 7, kmem: 15, dialout: 20, cdrom: 24, floppy: 25, audio: 29,
  'www-data': 33, video: 44, plugdev: 46, staff: 50, users: 100, nogroup: 65534, nobody: 65534,
};
