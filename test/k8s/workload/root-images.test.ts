import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/** The pod's one container's security context. */
function securityOf(converted: ReturnType<typeof convertCompose>, name: string) {
  return converted.object('Deployment', name).spec.template.spec.containers[0].securityContext;
}

describe('images that start as root and drop to their own users', () => {
  it.each([
    ['seafileltd/seafile-mc:13.0-latest', "its /sbin/my_init (phusion/baseimage) runs as root"],
    ['onlyoffice/documentserver:8.2', 'its run-document-server.sh chowns and starts the PostgreSQL'],
    ['onlyoffice/documentserver-ee', 'its run-document-server.sh chowns and starts the PostgreSQL'],
    ['mayanedms/mayanedms:s4.2', 'its entrypoint renumbers the mayan user'],
  ])('%s runs as root, as Docker runs it, and says why', (image, reason) => {
    const converted = convertCompose(`services:\n  app:\n    image: ${image}\n    ports: ["8080:80"]\n`);
    expect(securityOf(converted, 'app')).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    const messages = converted.warnings.map((warning) => warning.message);
    expect(messages.some((message) => message.includes(`${image} runs as root because ${reason}`))).toBe(true);
    expect(messages.some((message) => message.includes('states no user the converter can see'))).toBe(false);
  });

  it("runs paperless-ngx as its paperless user, the documentation's rootless set-up, without calling it a guess", () => {
    const converted = convertCompose('services:\n  webserver:\n    image: ghcr.io/paperless-ngx/paperless-ngx:latest\n    ports: ["8000:8000"]\n');
    expect(securityOf(converted, 'webserver')).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true });
    expect(converted.warnings.some((warning) => warning.message.includes('states no user'))).toBe(false);
  });
});

describe('collabora/code', () => {
  // nextcloud/docker's collabora example: compose adds MKNOD to an image whose USER is 1001.
  const collabora = 'services:\n  collab:\n    image: collabora/code:24.04.13.2.1\n    cap_add: [MKNOD]\n    ports: ["9980:9980"]\n';

  it("runs as its cool user, not as root, keeping the file capabilities coolforkit-caps chroots its jails with", () => {
    const converted = convertCompose(collabora);
    const security = securityOf(converted, 'collab');
    expect(security).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, runAsNonRoot: true, allowPrivilegeEscalation: true });
    expect(security.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'FOWNER', 'MKNOD', 'SYS_CHROOT'] });
    const messages = converted.warnings.map((warning) => warning.message);
    expect(messages.filter((message) => message.includes('collabora/code:24.04.13.2.1 runs with allowPrivilegeEscalation'))).toHaveLength(1);
    expect(messages.some((message) => message.includes('runs as root'))).toBe(false);
  });

  it('keeps no_new_privs when compose asks for it', () => {
    const converted = convertCompose(`${collabora}    security_opt: ["no-new-privileges:true"]\n`);
    expect(securityOf(converted, 'collab').allowPrivilegeEscalation).toBe(false);
    expect(converted.warnings.some((warning) => warning.message.includes('allowPrivilegeEscalation'))).toBe(false);
  });
});

describe('images the probes of 2026-12-07 met', () => {
  const securityOfImage = (image: string) => {
    const converted = convertCompose(`services:\n  app:\n    image: ${image}\n    expose: ["8080"]\n`);
    return { security: securityOf(converted, 'app'), converted };
  };

  it.each([
    ['apache/apisix:3.9.0-debian', 636, 636],
    ['ghcr.io/umami-software/umami:postgresql-latest', 1001, 1001],
    ['fireflyiii/core:version-6.1', 33, 33],
    ['ghcr.io/mbinorg/mbin:latest', 1000, 82],
    ['postgis/postgis:16-3.4', 999, 999],
    ['ghcr.io/baosystems/postgis:15-3.4', 999, 999],
    ['postgis/postgis:16-3.4-alpine', 70, 70],
    ['index.docker.io/sourcegraph/codeintel-db:5.0.5', 999, 999],
    ['sourcegraph/redis-cache:5.0.5', 999, 999],
  ])('%s runs as its own user', (image, uid, gid) => {
    expect(securityOfImage(image).security).toMatchObject({ runAsUser: uid, runAsGroup: gid, runAsNonRoot: true });
  });

  it.each(['taigaio/taiga-front:6.8', 'makeplane/plane-proxy:v0.24.0', 'dolibarr/dolibarr:20', 'openemr/openemr:7.0.3', 'scylladb/scylla:6.2', 'cthulhoo/ttrss-fpm-pgsql-static:latest', 'ghcr.io/bitwarden/self-host:beta', 'freshrss/freshrss:edge', 'maxking/mailman-core:0.4', 'maxking/mailman-web:0.4', 'roundcube/roundcubemail:latest-fpm', 'roundcube/roundcubemail:1.6-apache', 'hashicorp/consul:1.20', 'consul:1.15', 'bitcoin/bitcoin:28', 'bitcoinknots/bitcoin:28.1', 'ghcr.io/pterodactyl/panel:v1.11.10', 'domjudge/domserver:8.3.1', 'registry.cn-hangzhou.aliyuncs.com/onlinejudge/judge_server:latest', 'tacticalrmm/tactical:v0.20.1', 'barcus/bareos-director:20-ubuntu-pgsql', 'barcus/bareos-webui:20-ubuntu', 'jonasal/nginx-certbot:5', 'ghcr.io/enketo/enketo-express:7.2.1', 'beanbag/reviewboard:7.0', 'zeigren/phorge:latest', 'toras9000/kallithea-mp:0.7.0'])('%s starts as root, as its entrypoint needs', (image) => {
    const { security, converted } = securityOfImage(image);
    expect(security).toMatchObject({ runAsUser: 0 });
    expect(converted.warnings.some((warning) => warning.message.startsWith(`${image} runs as root because`))).toBe(true);
  });

  it("gives CockroachDB's store below its root-owned working directory an emptyDir, unless a volume or --store takes its place", () => {
    const node = (extra: string) => convertCompose(`services:\n  roach:\n    image: cockroachdb/cockroach:v24.2.4\n    command: start-single-node --insecure${extra}\n`);
    const mounts = (converted: ReturnType<typeof convertCompose>) => converted.object('Deployment', 'roach').spec.template.spec.containers[0].volumeMounts ?? [];
    expect(mounts(node(''))).toContainEqual(expect.objectContaining({ mountPath: '/cockroach/cockroach-data' }));
    expect(securityOf(node(''), 'roach')).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(mounts(node(' --store=/data'))).not.toContainEqual(expect.objectContaining({ mountPath: '/cockroach/cockroach-data' }));
  });

  it("gives pgautoupgrade the postgres image's user and PGDATA below the claim's root", () => {
    const converted = convertCompose('services:\n  db:\n    image: pgautoupgrade/pgautoupgrade:16-bookworm\n    environment: {POSTGRES_PASSWORD: Xk4-secret-9Qz}\n    volumes: ["db:/var/lib/postgresql/data"]\nvolumes:\n  db: {}\n');
    const [workload] = [...converted.objects('StatefulSet'), ...converted.objects('Deployment')];
    const container = workload.spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    expect(container.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
  });
});

describe("Kong's releases", () => {
  // supabase/supabase's docker-compose.yml: kong 2.8.1 writes ~/kong.yml at start, then starts Kong in its prefix.
  it.each(['kong:2.8.1', 'kong:2.8.1-alpine', 'kong:3.4-alpine'])('%s runs as its kong user (100) in group 0, which owns its prefix', (image) => {
    const converted = convertCompose(`services:\n  kong:\n    image: ${image}\n    expose: ["8000"]\n`);
    expect(securityOf(converted, 'kong')).toMatchObject({ runAsUser: 100, runAsGroup: 0, runAsNonRoot: true });
    expect(converted.warnings.some((warning) => warning.message.includes('states no user'))).toBe(false);
  });

  it('keeps the default, said, for a release whose user is not known (3.x on Ubuntu)', () => {
    const converted = convertCompose('services:\n  kong:\n    image: kong:3.9.1\n    expose: ["8000"]\n');
    expect(securityOf(converted, 'kong')).toMatchObject({ runAsUser: 1000 });
    expect(converted.warnings.some((warning) => warning.message.includes('image kong:3.9.1 states no user'))).toBe(true);
  });
});


describe('docker:dind', () => {
  const converted = (image: string, volumes = '') =>
    convertCompose(`services:\n  dind:\n    image: ${image}\n    privileged: true\n    expose: ["2376"]\n${volumes}`);
  const mounts = (result: ReturnType<typeof convertCompose>) => result.object('Deployment', 'dind').spec.template.spec.containers[0].volumeMounts ?? [];
  const volumes = (result: ReturnType<typeof convertCompose>) => result.object('Deployment', 'dind').spec.template.spec.volumes ?? [];

  // Forgejo's runner example: dockerd's overlay2 cannot run on the container's own overlay.
  it.each(['docker:dind', 'docker:27-dind', 'code.forgejo.org/oci/docker:dind'])('%s keeps /var/lib/docker on a volume of its own, as Docker gives its VOLUME', (image) => {
    const result = converted(image);
    const mount = mounts(result).find((entry: { mountPath: string }) => entry.mountPath === '/var/lib/docker');
    expect(mount).toBeDefined();
    expect(volumes(result)).toContainEqual({ name: mount.name, emptyDir: {} });
    expect(securityOf(result, 'dind')).toMatchObject({ runAsUser: 0 });
  });

  it('takes the volume compose mounts there instead, and leaves the rootless variant and the CLI alone', () => {
    const mounted = converted('docker:dind', '    volumes: ["docker:/var/lib/docker"]\nvolumes:\n  docker: {}\n');
    expect(mounts(mounted).filter((entry: { mountPath: string }) => entry.mountPath === '/var/lib/docker')).toHaveLength(1);
    expect(volumes(mounted).some((volume: { emptyDir?: unknown }) => volume.emptyDir !== undefined)).toBe(false);
    for (const image of ['docker:dind-rootless', 'docker:27-cli']) {
      expect(mounts(converted(image)).some((entry: { mountPath: string }) => entry.mountPath === '/var/lib/docker'), image).toBe(false);
    }
  });
});

describe('headscale', () => {
  // organicnz/headscale-tailscale-docker: the socket folder /var/run/headscale is root's in the image.
  it.each(['headscale/headscale:v0.27.0', 'ghcr.io/juanfont/headscale:0.26'])('%s runs as distroless nonroot with its socket folder on an emptyDir', (image) => {
    const converted = convertCompose(`services:\n  headscale:\n    image: ${image}\n    command: serve\n    volumes: ["data:/var/lib/headscale"]\n    ports: ["8080:8080"]\nvolumes:\n  data: {}\n`);
    const pod = converted.object('Deployment', 'headscale').spec.template.spec;
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true });
    const mountsAt = (path: string) => pod.containers[0].volumeMounts.filter((mount: { mountPath: string }) => mount.mountPath === path);
    expect(mountsAt('/var/run/headscale')).toHaveLength(1);
    expect(pod.volumes).toContainEqual({ name: mountsAt('/var/run/headscale')[0].name, emptyDir: {} });
    expect(mountsAt('/var/lib/headscale')).toHaveLength(1);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/states no user/);
  });
});

describe('image profiles found by the probe of 2026-12-07', () => {
  const securityFor = (image: string) => securityOf(convertCompose(`services:\n  app:\n    image: ${image}\n    ports: ["8080:80"]\n`), 'app');
  it.each([
    ['ghcr.io/activepieces/activepieces:0.37.0', 'starts nginx on port 80'],
    ['langgenius/dify-sandbox:0.2.14', 'chroots the code it runs'],
    ['gitlab/gitlab-ce:17.5.1-ce.0', 'runs reconfigure and runit as root'],
    ['gitlab/gitlab-runner:alpine', 'switches to gitlab-runner for the jobs'],
  ])('%s runs as root, as Docker runs it', (image) => {
    expect(securityFor(image)).toMatchObject({ runAsUser: 0 });
  });

  it.each([
    ['sonatype/nexus3:3.70.1', 200, 200],
    ['defectdojo/defectdojo-django:2.40.0', 1001, 1337],
    ['langgenius/dify-api:1.13.3', 1001, 1001],
    ['langgenius/dify-web:1.10.1', 1001, 1001],
    ['langgenius/dify-api:2.0.0', 1001, 1001],
    ['grafana/loki:3.4.2', 10001, 10001],
    ['grafana/tempo:2.7.0', 10001, 10001],
    ['zabbix/zabbix-server-pgsql:alpine-7.2-latest', 1997, 1995],
    ['zabbix/zabbix-web-nginx-pgsql:alpine-7.2-latest', 1997, 1995],
    ['graylog/graylog:6.1', 1100, 1100],
  ])('%s runs as its own user %i', (image, uid, gid) => {
    expect(securityFor(image)).toMatchObject({ runAsUser: uid, runAsGroup: gid, runAsNonRoot: true });
  });

  it("leaves Dify's releases before 1.10.1, which set no USER, to the default user", () => {
    expect(securityFor('langgenius/dify-api:1.7.2')).toMatchObject({ runAsUser: 1000 });
    expect(securityFor('langgenius/dify-api:1.10.0')).toMatchObject({ runAsUser: 1000 });
    expect(securityFor('langgenius/dify-web:1.9.2')).toMatchObject({ runAsUser: 1000 });
  });
});

describe('home automation images', () => {
  it.each(['ghcr.io/home-assistant/home-assistant:stable', 'homeassistant/home-assistant:2025.1', 'homeassistant/raspberrypi4-homeassistant:stable', 'openhab/openhab:4.3.0', 'jc21/nginx-proxy-manager:2'])(
    '%s runs as root, as Docker runs it',
    (image) => {
      expect(securityOf(convertCompose(`services:\n  app:\n    image: ${image}\n    ports: ["8080:80"]\n`), 'app')).toMatchObject({ runAsUser: 0 });
    },
  );

  // HenkVanHoek's and slochewie's stacks: ./config:/config held users, integrations and the database.
  it("keeps Home Assistant's /config, a project folder, on a claim its files fill once", () => {
    const converted = convertCompose(
      `services:\n  homeassistant:\n    image: ghcr.io/home-assistant/home-assistant:stable\n    volumes: ["./config:/config"]\n    ports: ["8123:8123"]\n`,
      { 'config/configuration.yaml': 'default_config:\n' },
    );
    const pod = converted.object('Deployment', 'homeassistant').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((entry: { mountPath: string }) => entry.mountPath === '/config');
    const volume = pod.volumes.find((entry: { name: string }) => entry.name === mount.name);
    expect(volume.persistentVolumeClaim).toBeDefined();
  });
});
