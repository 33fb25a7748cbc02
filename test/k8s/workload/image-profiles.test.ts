import { describe, expect, it } from 'vitest';
import { imageProfile, parseImage } from '../../../lib/k8s/workload/image-profiles.ts';

describe('parseImage', () => {
  it.each([
    ['postgres', { repository: 'postgres' }],
    ['postgres:15-alpine', { repository: 'postgres', tag: '15-alpine' }],
    ['docker.io/library/nginx:1.25@sha256:abc', { repository: 'nginx', tag: '1.25' }],
    ['localhost:5000/team/app:2', { repository: 'team/app', registry: 'localhost:5000', tag: '2' }],
    ['mcr.microsoft.com/azure-sql-edge:1.0.4', { repository: 'azure-sql-edge', registry: 'mcr.microsoft.com', tag: '1.0.4' }],
    ['Grafana/Grafana', { repository: 'grafana/grafana' }],
  ])('reads %s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });

  it('parses each reference once and hands out the same frozen result', () => {
    const first = parseImage('registry.example.com/team/app:3');
    expect(parseImage('registry.example.com/team/app:3')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseImage('registry.example.com/team/app:4')).toEqual({ ...first, tag: '4' });
  });
});

describe('imageProfile', () => {
  it('knows official images by repository, registry-qualified ones too', () => {
    expect(imageProfile('redis:7')?.uid).toBe(999);
    expect(imageProfile('mcr.microsoft.com/azure-sql-edge:1.0.4')?.uid).toBe(10001);
    expect(imageProfile('docker.elastic.co/elasticsearch/elasticsearch:8.11.0')?.uid).toBe(1000);
  });

  it("knows Valkey's images, on Docker Hub and on its own registry, built from Redis's templates", () => {
    expect(imageProfile('valkey/valkey:8.1')).toMatchObject({ uid: 999, gid: 999, users: { valkey: 999 } });
    expect(imageProfile('ghcr.io/valkey-io/valkey:8.1-alpine')).toMatchObject({ uid: 999, gid: 1000 });
  });

  it("runs Chainlink's node as the chainlink user its Dockerfiles create (14933), whose home holds its root folder", () => {
    expect(imageProfile('smartcontract/chainlink:2.19.0')).toMatchObject({ uid: 14933, gid: 14933, users: { chainlink: 14933 } });
  });

  it('applies tag variants', () => {
    expect(imageProfile('postgres:16-alpine3.19')?.uid).toBe(70);
    expect(imageProfile('redis:7-alpine')).toMatchObject({ uid: 999, gid: 1000 });
    expect(imageProfile('gitea/gitea:1.21')).toMatchObject({ uid: 0, rootReason: expect.any(String) });
    expect(imageProfile('gitea/gitea:1.21-rootless')).toMatchObject({ uid: 1000, rootReason: undefined });
  });

  it("knows Gitea on its own registry and Forgejo's images, built as Gitea's: root with s6, uid 1000 when rootless", () => {
    // Gitea's install docs name docker.gitea.com/gitea; the MX10-AC2N Forgejo-Woodpecker stack builds FROM codeberg.org/forgejo/forgejo:14.
    for (const image of ['docker.gitea.com/gitea:1.25.5', 'codeberg.org/forgejo/forgejo:14', 'data.forgejo.org/forgejo/forgejo:11']) {
      expect(imageProfile(image)).toMatchObject({ uid: 0, rootReason: expect.any(String) });
    }
    for (const image of ['docker.gitea.com/gitea:1.25-rootless', 'codeberg.org/forgejo/forgejo:14-rootless']) {
      expect(imageProfile(image)).toMatchObject({ uid: 1000, gid: 1000, users: { git: 1000 }, rootReason: undefined });
    }
  });

  it("gives the php images' Alpine variants Alpine's www-data, 82 (nextcloud:fpm-alpine, akaunting's php:8.1-fpm-alpine3.15)", () => {
    // matomo's entrypoint chowns what it copies to www-data: as uid 1000 it failed (matomo-org/docker's nginx example).
    for (const image of ['php:8.1-fpm-alpine3.15', 'nextcloud:fpm-alpine', 'wordpress:6-fpm-alpine', 'matomo:fpm-alpine']) {
      expect(imageProfile(image)).toMatchObject({ uid: 82, gid: 82, users: { 'www-data': 82 } });
    }
    for (const image of ['php:8.3-apache', 'nextcloud:29-fpm', 'wordpress:6', 'matomo:5-apache']) expect(imageProfile(image)).toMatchObject({ uid: 33, gid: 33 });
  });

  it("runs docker-jitsi-meet's images as root: their s6-overlay /init starts as root and starts each daemon as its own user", () => {
    // jitsi/docker-jitsi-meet's docker-compose.yml: web, prosody, jicofo and jvb ran as uid 1000, where /init cannot start.
    for (const image of ['jitsi/web:stable-9078', 'jitsi/prosody:stable-9078', 'jitsi/jicofo:stable-9078', 'jitsi/jvb:stable-9078', 'jitsi/jigasi:stable-9078', 'jitsi/jibri:stable-9078']) {
      expect(imageProfile(image)).toMatchObject({ uid: 0, gid: 0, rootReason: expect.stringContaining('s6-overlay'), writablePaths: ['/config'] });
    }
    // Not every image of the jitsi owner is built on s6 (the whiteboard's excalidraw-backend is a Node.js server).
    expect(imageProfile('jitsi/excalidraw-backend:21')).toBeUndefined();
  });

  // tiredofit/docker-freepbx's example: tiredofit/mariadb took the mariadb profile's uid 999, under which
  // the s6-overlay /init of its tiredofit/alpine base cannot start (until 2026-12-07).
  it("runs Dave Conroy's tiredofit images as root, whose s6-overlay /init drops to each service's user, before a profile by the image's last segment", () => {
    for (const image of ['tiredofit/mariadb:10.11', 'tiredofit/freepbx', 'tiredofit/db-backup:4.1']) {
      expect(imageProfile(image)).toMatchObject({ uid: 0, gid: 0, rootReason: expect.stringContaining('s6-overlay') });
    }
  });

  // docker-library/docs' teamspeak stack.yml: as uid 1000 its entrypoint could not write
  // /var/run/ts3server/ts3server.ini, which the image's ts3server user owns (until 2026-12-07).
  it("runs the official TeamSpeak image as its ts3server user, with its VOLUME and its run folder", () => {
    expect(imageProfile('teamspeak:3.13')).toMatchObject({ uid: 9987, gid: 9987, writablePaths: ['/var/run/ts3server'], ownVolumes: ['/var/ts3server'] });
  });

  it("runs Greenbone's gvmd as root: its entrypoint ends with exec gosu gvmd, unguarded", () => {
    for (const image of ['registry.community.greenbone.net/community/gvmd:stable', 'greenbone/gvmd:22.4']) expect(imageProfile(image)).toMatchObject({ uid: 0, rootReason: expect.stringContaining('gosu') });
  });

  // The data-engineering stacks of rw18va: Flink, Debezium's Kafka images and its tutorial databases,
  // Prefect and OpenMetadata's PostgreSQL ran as uid 1000, which could write none of their folders.
  it('knows the users of Flink, Debezium, Prefect and images built on postgres under its usual name', () => {
    expect(imageProfile('flink:1.18-scala_2.12')).toMatchObject({ uid: 9999, gid: 9999 });
    expect(imageProfile('apache/flink:1.19')).toMatchObject({ uid: 9999 });
    for (const image of ['debezium/zookeeper:2.7', 'debezium/kafka:2.7', 'debezium/connect:2.7']) expect(imageProfile(image)).toMatchObject({ uid: 1001, gid: 1001 });
    expect(imageProfile('debezium/example-mysql:2.7')).toMatchObject({ uid: 999 });
    expect(imageProfile('debezium/example-postgres:2.7')).toMatchObject({ uid: 999, environment: { PGDATA: '/var/lib/postgresql/data/pgdata' } });
    expect(imageProfile('prefecthq/prefect:3-latest')).toMatchObject({ uid: 0, rootReason: expect.stringContaining('/root') });
    expect(imageProfile('ollama/ollama:latest')).toMatchObject({ uid: 0, rootReason: expect.stringContaining('/root/.ollama') });
    for (const image of ['apache/spark:3.5.1', 'spark:3.5.1-scala2.12-java17-ubuntu']) expect(imageProfile(image)).toMatchObject({ uid: 185, gid: 185 });
    expect(imageProfile('httpd:2.4-alpine')).toMatchObject({ uid: 82, gid: 82 });
    expect(imageProfile('httpd:2.4')).toMatchObject({ uid: 33, gid: 33 });
    expect(imageProfile('docker.getcollate.io/openmetadata/postgresql:1.6.1')).toMatchObject({ uid: 999 });
    // Bitnami's keeps its own, and OpenRemote's, built as timescaledb-ha is, its uid 1000.
    expect(imageProfile('bitnami/postgresql:16')).toMatchObject({ uid: 1001 });
    expect(imageProfile('openremote/postgresql:latest')).toMatchObject({ uid: 1000 });
  });

  // The collaboration and developer tools of rw18vd ran as uid 1000, which could write none of their folders.
  it('knows the users of CryptPad, Outline, Wekan, Overleaf, JupyterHub and Excalidraw', () => {
    expect(imageProfile('cryptpad/cryptpad:version-2024.12.0')).toMatchObject({ uid: 4001, gid: 4001 });
    expect(imageProfile('outlinewiki/outline:0.82.0')).toMatchObject({ uid: 1001, gid: 1001 });
    expect(imageProfile('ghcr.io/wekan/wekan:latest')).toMatchObject({ uid: 999, gid: 999 });
    expect(imageProfile('sharelatex/sharelatex:5')).toMatchObject({ uid: 0, rootReason: expect.stringContaining('my_init') });
    expect(imageProfile('jupyterhub/jupyterhub:5')).toMatchObject({ uid: 0 });
    expect(imageProfile('excalidraw/excalidraw:latest')).toEqual(imageProfile('nginx:1.27-alpine'));
  });

  it('matches whole owners and derived images by their last path segment', () => {
    expect(imageProfile('lscr.io/linuxserver/plex')?.uid).toBe(0);
    expect(imageProfile('linuxserver/wireguard')?.uid).toBe(0);
    expect(imageProfile('bitnami/redis:7.2')?.uid).toBe(1001);
    expect(imageProfile('acme/timescaledb:1')?.uid).toBe(70);
  });

  it("knows the Prometheus project's images on quay.io, where it publishes the same images as prom/", () => {
    // homelab-monitoring-stack's quay.io/prometheus/alertmanager ran as uid 1000 and could not write /alertmanager.
    expect(imageProfile('quay.io/prometheus/alertmanager:v0.28.0')).toMatchObject({ uid: 65534, writablePaths: ['/alertmanager'] });
    expect(imageProfile('quay.io/prometheus/prometheus:v2.53.4')).toMatchObject({ uid: 65534, writablePaths: ['/prometheus'] });
  });

  it('knows nothing about other images', () => {
    expect(imageProfile('example/api:1.0')).toBeUndefined();
    expect(imageProfile('portainer/portainer-ce:alpine')).toBeUndefined();
    expect(imageProfile('python:3.12-slim')).toBeUndefined();
  });
});
