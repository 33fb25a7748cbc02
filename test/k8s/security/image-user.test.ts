import { describe, expect, it } from 'vitest';
import type { ImageConfig, ImageFacts } from '../../../lib/images/facts.ts';
import { securityFor } from '../../../lib/k8s/security/security.ts';
import { makeService } from '../../support/model.ts';
import { findObject, synthManifests, type Manifest } from '../../support/k8s.ts';
import { contextFor } from '../support/collecting-context.ts';
import { chartOf } from '../robustness/compose-files.ts';

// Synthesized manifests are plain JSON; tests walk them freely.
type Json = Record<string, any>;
const podSpec = (doc: Manifest): Json => (doc['spec'] as Json)['template'].spec;

function facts(config: Partial<ImageConfig>, more: Partial<ImageFacts> = {}): ImageFacts {
  return { config: { exposedPorts: [], labels: {}, ...config }, source: 'dockerfile', complete: false, file: 'Dockerfile', ...more };
}

function secure(image: ImageFacts | undefined, fields: Parameters<typeof makeService>[1] = {}) {
  const context = contextFor(makeService('app', { image: undefined, build: { context: '/project/app', args: {} }, ...fields }), image ? { image } : {});
  return { settings: securityFor(context), warnings: context.warnings };
}

describe('the user of an image the converter has no profile for', () => {
  it("is the Dockerfile's USER with its uid; the group is left to the image's passwd unless the facts give it", () => {
    const { settings, warnings } = secure(facts({ user: { spec: 'modax', uid: 1000 } }, { baseImage: 'python:3.11-slim' }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(settings.containerSecurityContext.runAsGroup).toBeUndefined();
    expect(settings.podSecurityContext.fsGroup).toBe(1000);
    expect(settings.level).toBe('restricted');
    expect(warnings).toEqual([]);
    const grouped = secure(facts({ user: { spec: '1001:1001', uid: 1001, gid: 1001 } }));
    expect(grouped.settings.containerSecurityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001 });
  });

  it('a name the base image defines takes its uid from the base profile (node → 1000)', () => {
    const { settings, warnings } = secure(facts({ user: { spec: 'node', unresolved: 'defined by the base' } }, { baseImage: 'node:20-alpine' }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(warnings).toEqual([]);
  });

  it("USER nobody from a base the converter has no profile for is 65534:65534, as in every common base (focalboard's distroless image)", () => {
    // mattermost-community/focalboard's docker/Dockerfile: FROM gcr.io/distroless/base-debian10,
    // files chowned nobody:nobody, USER nobody. Until 2026-12-06 it ran as uid 1000, which owns none of them.
    const unresolved = 'user nobody is not created in this Dockerfile (it may come from the base image)';
    const { settings, warnings } = secure(facts({ user: { spec: 'nobody', unresolved } }, { baseImage: 'gcr.io/distroless/base-debian10' }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
    expect(settings.podSecurityContext.fsGroup).toBe(65534);
    expect(warnings).toEqual([]);
    // A name the base does not share everywhere (daemon is 1 on Debian, 2 on Alpine) stays unknown and said.
    const daemon = secure(facts({ user: { spec: 'daemon', unresolved: 'user daemon is not created in this Dockerfile (it may come from the base image)' } }, { baseImage: 'gcr.io/distroless/base-debian10' }));
    expect(daemon.settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
    expect(daemon.warnings).toHaveLength(1);
  });

  it("USER www-data on a Debian or Ubuntu base of unknown profile is base-passwd's 33:33 (pelican's panel on frankenphp-dev:…-bookworm)", () => {
    // pelican-dev/panel's Dockerfile: FROM dunglas/frankenphp-dev:php8.4-bookworm, its code copied
    // --chown=root:www-data --chmod=770, USER www-data. Until 2026-12-07 it ran as uid 1000, which reads none of it.
    const unresolved = 'user www-data is not created in this Dockerfile (it may come from the base image)';
    const { settings, warnings } = secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage: 'dunglas/frankenphp-dev:php8.4-bookworm' }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 33, runAsGroup: 33, runAsNonRoot: true });
    expect(settings.podSecurityContext.fsGroup).toBe(33);
    expect(warnings).toEqual([]);
    expect(secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage: 'ubuntu:24.04' })).settings.containerSecurityContext).toMatchObject({ runAsUser: 33, runAsGroup: 33 });
    expect(secure(facts({ user: { spec: 'games', unresolved } }, { baseImage: 'debian:bookworm-slim' })).settings.containerSecurityContext).toMatchObject({ runAsUser: 5, runAsGroup: 60 });
    // Alpine gives the same names other ids, and a base whose distribution is unknown may too: both stay unknown and said.
    const alpine = secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage: 'dunglas/frankenphp:php8.4-alpine' }));
    expect(alpine.settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
    expect(alpine.warnings).toHaveLength(1);
    expect(secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage: 'example/app:2.1' })).settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
  });

  it("USER www-data on an official image's Debian default variant is 33:33 (dfir-iris's nginx on nginx:1.27), not on its Alpine variant", () => {
    // dfir-iris/iris-web's docker/nginx/Dockerfile: FROM nginx:1.27, chown www-data of the cache and
    // pid file, USER www-data. Its tag names no Debian release, so it ran as uid 1000 (until 2026-12-07).
    const unresolved = 'user www-data is not created in this Dockerfile (it may come from the base image)';
    for (const baseImage of ['nginx:1.27', 'nginx', 'docker.io/library/python:3.9', 'rabbitmq:3-management']) {
      expect(secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage })).settings.containerSecurityContext, baseImage).toMatchObject({ runAsUser: 33, runAsGroup: 33 });
    }
    for (const baseImage of ['nginx:1.27-alpine', 'python:3.9-alpine3.20', 'ghcr.io/example/nginx:1.27', 'mysql:8.4']) {
      expect(secure(facts({ user: { spec: 'www-data', unresolved } }, { baseImage })).settings.containerSecurityContext, baseImage).toMatchObject({ runAsUser: 1000 });
    }
  });

  it('without USER and an unknown base, the base image profile applies (nginx:alpine → nginx 101)', () => {
    const { settings, warnings } = secure(facts({}, { baseImage: 'nginx:alpine' }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 101, runAsGroup: 101 });
    expect(settings.volumeMounts.map((mount) => mount.mountPath)).toEqual(['/var/cache/nginx', '/var/run']);
    expect(warnings).toEqual([]);
  });

  // akaunting's fpm-alpine-nginx image: php-fpm's base runs as www-data, but its Dockerfile installs
  // nginx and starts it from the entrypoint, which under Docker runs as root (no USER); as www-data
  // nginx could not write /var/lib/nginx, and the pod failed.
  it('without USER, a Dockerfile that installs a server that starts as root runs as root, not as its base profile says', () => {
    const { settings, warnings } = secure(facts({}, { baseImage: 'php:8.1-fpm-alpine3.15', installsRootServers: ['nginx'] }));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
    expect(warnings).toEqual([{ key: 'services.app.image', message: expect.stringContaining('runs as root because its Dockerfile installs nginx, which starts as root, and sets no USER') }]);
    // With a USER, the Dockerfile decides.
    const withUser = secure(facts({ user: { spec: 'www-data', uid: 82 } }, { baseImage: 'php:8.1-fpm-alpine3.15', installsRootServers: ['nginx'] }));
    expect(withUser.settings.containerSecurityContext).toMatchObject({ runAsUser: 82 });
    // Without such a server the base profile applies.
    expect(secure(facts({}, { baseImage: 'php:8.1-fpm-alpine3.15' })).settings.containerSecurityContext).toMatchObject({ runAsUser: 82 });
  });

  it('an image that runs as root (USER root, or complete facts without USER) stays root, stated, exempted and baseline', () => {
    for (const image of [facts({ user: { spec: 'root', uid: 0 } }), facts({}, { complete: true, source: 'lock', baseImage: 'busybox:1.36' })]) {
      const { settings, warnings } = secure(image);
      expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
      expect(settings.level).toBe('baseline');
      expect(settings.polarisExemptions['runAsRootAllowed']).toMatch(/must start as root/);
      expect(warnings).toEqual([{ key: 'services.app.image', message: expect.stringMatching(/runs as root because its (Dockerfile sets USER root|image config sets no USER)/) }]);
    }
  });

  it("a Debian system user without uid runs as 999, stated as the assumption it is; on Alpine it is unknown", () => {
    const system = { spec: 'meshymcmapface', system: true, unresolved: 'a system user' };
    const debian = secure(facts({ user: system }, { baseImage: 'python:3.11-slim-bullseye' }));
    expect(debian.settings.containerSecurityContext).toMatchObject({ runAsUser: 999 });
    expect(debian.settings.podSecurityContext.fsGroup).toBe(999);
    expect(debian.warnings).toEqual([{ key: 'services.app.build', message: expect.stringContaining("Debian's useradd gives the first one 999") }]);
    const alpine = secure(facts({ user: system }, { baseImage: 'python:3.11-alpine' }));
    expect(alpine.settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
    expect(alpine.warnings).toEqual([{ key: 'services.app.user', message: expect.stringContaining('(a system user); it runs as uid 1000, gid 1000') }]);
  });

  it('compose user and the runAsUser option win over the facts, silently', () => {
    const root = facts({ user: { spec: 'root', uid: 0 } });
    expect(secure(root, { user: '1000:1000' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    const context = contextFor(makeService('app'), { image: root, options: { securityContext: { runAsUser: 2000 } } });
    expect(securityFor(context).containerSecurityContext).toMatchObject({ runAsUser: 2000 });
    expect(context.warnings).toEqual([]);
  });

  it('a known profile keeps winning over the facts (postgres starts as root and switches itself)', () => {
    const context = contextFor(makeService('db', { image: 'postgres:16' }), { image: facts({}, { complete: true, source: 'lock' }) });
    expect(securityFor(context).containerSecurityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    expect(context.warnings).toEqual([]);
  });
});

describe('the default user, stated once per image', () => {
  it('at the first service that runs the image, with how to change it', () => {
    const chart = chartOf(`services:
  a: {image: example/tool:1.0}
  b: {image: example/tool:1.0}
  c: {image: example/other:2.0, user: "1000"}
`);
    const stated = chart.warnings.filter((w) => /states no user/.test(w.message));
    expect(stated.map((w) => w.key)).toEqual(['services.a.user']);
    expect(stated[0]?.message).toContain('image example/tool:1.0 states no user the converter can see');
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'b'))['containers'][0].securityContext.runAsUser).toBe(1000);
  });

  it('not at a service that sets its own user', () => {
    const chart = chartOf(`services:
  app: {image: example/app:1.2, user: "1000:1000"}
  migrate: {image: example/app:1.2, command: [migrate]}
  worker: {image: example/app:1.2}
`);
    const stated = chart.warnings.filter((w) => /states no user/.test(w.message));
    expect(stated.map((w) => w.key)).toEqual(['services.migrate.user']);
  });
});

// shopware/docker's demo: `init-volumes` chowns the shared volumes to 82:82 (www-data) as root before
// `init` and `shopware` start, whose image runs as www-data; they ran as the default uid 1000, which
// cannot write the image's own files (until 2026-12-06).
describe('the user a task the service waits for chowns its volumes to', () => {
  const project = (chown: string, dependsOn = 'init-volumes: {condition: service_completed_successfully}') => `services:
  init-volumes:
    image: alpine:3.20
    user: root
    entrypoint: ["chown"]
    command: ${chown}
    volumes: [jwt:/var/www/html/config/jwt, media:/var/www/html/public/media]
  init:
    image: example/shop:1.0
    depends_on:
      ${dependsOn}
    volumes: [media:/var/www/html/public/media]
  shopware:
    image: example/shop:1.0
    ports: ["8000:8000"]
    depends_on:
      init: {condition: service_completed_successfully}
    volumes: [media:/var/www/html/public/media]
  other:
    image: example/other:1.0
    volumes: [media:/var/www/html/public/media]
volumes:
  jwt: {}
  media: {}
`;
  const identity = (chart: ReturnType<typeof chartOf>, kind: string, name: string): Json => {
    const doc = synthManifests(chart).find((candidate) => candidate['kind'] === kind && String((candidate['metadata'] as Json)['name']).startsWith(name));
    const spec = (doc?.['spec'] as Json)['template'].spec;
    return { ...spec.containers[0].securityContext, fsGroup: spec.securityContext.fsGroup };
  };

  it('is the chown owner, for the services that wait for it however deep, stated once per image', () => {
    const chart = chartOf(project('["-R", "82:82", "/var/www/html"]'));
    expect(identity(chart, 'Job', 'init')).toMatchObject({ runAsUser: 82, runAsGroup: 82, fsGroup: 82 });
    expect(identity(chart, 'Deployment', 'shopware')).toMatchObject({ runAsUser: 82, runAsGroup: 82, fsGroup: 82 });
    // A service that does not wait for the task keeps the default.
    expect(identity(chart, 'Deployment', 'other')).toMatchObject({ runAsUser: 1000 });
    const stated = chart.warnings.filter((w) => /example\/shop:1.0 states no user/.test(w.message));
    expect(stated.map((w) => w.key)).toEqual(['services.init.user', 'services.shopware.user']);
    expect(new Set(stated.map((w) => w.message)).size).toBe(1);
    expect(stated[0]?.message).toContain("it runs as uid 82, gid 82, the owner 'init-volumes' gives volume 'media' by chown before this service starts");
  });

  it('not when the chown names no number, does not reach the shared mount, or the service does not wait for it', () => {
    for (const chart of [
      chartOf(project('["-R", "www-data:www-data", "/var/www/html"]')),
      chartOf(project('["82:82", "/var/www/html"]')),
      chartOf(project('["-R", "82:82", "/var/www/html/config"]')),
      chartOf(project('["-R", "82:82", "/var/www/html"]', 'other: {condition: service_started}')),
    ]) {
      expect(identity(chart, 'Job', 'init')).toMatchObject({ runAsUser: 1000 });
    }
  });
});

// langgenius/dify: `init_permissions` (busybox, `chown -R 1001:1001 /app/api/storage`) prepares the
// host folder ./volumes/app/storage that api and worker, whose image runs as uid 1001, bind-mount and
// wait for; they ran as the default uid 1000 (until 2026-12-07), as only named volumes were read.
describe('the user a task chowns a shared host folder to', () => {
  const project = `services:
  init_permissions:
    image: busybox:1.36
    command: ["sh", "-c", "chown -R 1001:1001 /app/api/storage && touch /app/api/storage/.init_permissions"]
    volumes: [./volumes/app/storage:/app/api/storage]
    restart: "no"
  api:
    image: example/api:1.0
    ports: ["5001:5001"]
    depends_on:
      init_permissions: {condition: service_completed_successfully}
    volumes: [./volumes/app/storage:/app/api/storage]
  web:
    image: example/api:1.0
    ports: ["3000:3000"]
    depends_on:
      init_permissions: {condition: service_completed_successfully}
    volumes: [./volumes/web:/app/api/storage]
`;
  const identity = (chart: ReturnType<typeof chartOf>, name: string): Json => {
    const doc = synthManifests(chart).find((candidate) => candidate['kind'] === 'Deployment' && (candidate['metadata'] as Json)['name'] === name);
    const spec = (doc?.['spec'] as Json)['template'].spec;
    return { ...spec.containers[0].securityContext, fsGroup: spec.securityContext.fsGroup };
  };

  it('is the chown owner for a service that mounts the same host folder, not one that mounts another', () => {
    const chart = chartOf(project);
    expect(identity(chart, 'api')).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
    expect(identity(chart, 'web')).toMatchObject({ runAsUser: 1000 });
    const stated = chart.warnings.find((w) => w.key === 'services.api.user');
    expect(stated?.message).toContain("it runs as uid 1001, gid 1001, the owner 'init_permissions' gives host path ");
    expect(stated?.message).toMatch(/volumes\/app\/storage by chown before this service starts/);
  });
});

describe('one-shot tasks that prepare volumes as root', () => {
  const project = `services:
  init-storage:
    image: busybox:1.36
    command: ["sh", "-c", "chown -R 1001:1001 /app/storage"]
    volumes: [storage:/app/storage]
  app:
    image: example/app:1.0
    user: "1001:1001"
    volumes: [storage:/app/storage]
    depends_on:
      init-storage: {condition: service_completed_successfully}
volumes:
  storage: {}
`;

  it('run as root with the capabilities chown needs, stated, exempted, and the namespace labelled baseline', () => {
    const chart = chartOf(project);
    const docs = synthManifests(chart);
    const containers: Json[] = docs.flatMap((doc) => {
      const spec = doc['spec'] as Json | undefined;
      const pod = spec?.['template']?.spec ?? spec?.['jobTemplate']?.spec?.template?.spec;
      return pod ? [...(pod.initContainers ?? []), ...pod.containers] : [];
    });
    const task = containers.find((container) => container.image === 'busybox:1.36');
    expect(task?.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']) } });
    expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('busybox:1.36 runs as root because its command runs chown to prepare files'));
    const namespace = findObject(docs, 'Namespace', chart.namespace);
    expect((namespace.metadata as Json)['labels']['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(JSON.stringify(docs)).toContain('"polaris.fairwinds.com/runAsRootAllowed-exempt":"true"');
  });

  it('keep the user compose gives them', () => {
    const chart = chartOf(project.replace('image: busybox:1.36', 'image: busybox:1.36\n    user: "1001"'));
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain('runs as root');
  });
});

describe('services whose command installs packages at start', () => {
  // TheForecaster-2-PocketEdition's backup service: alpine runs `apk add` then pg_dump in a loop.
  const backup = (command: string, more = '') => `services:
  db: {image: postgres:16, expose: ["5432"]}
  backup:
    image: alpine:3.20${more}
    entrypoint: ["/bin/sh", "-c", ${JSON.stringify(command)}]
`;
  const backupContainer = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'backup'))['containers'][0];

  it.each([
    ['apk add', 'set -e; apk add --no-cache postgresql15-client tzdata >/dev/null; while true; do pg_dump -h db -f /backups/x.dump; sleep 86400; done'],
    ['apk add', 'apk --no-cache add curl && exec crond -f'],
    ['apt-get install', 'apt-get -y install curl && exec ./run.sh'],
    ['apt-get update', 'apt-get update && apt-get -y install curl && exec ./run.sh'],
    ['dnf install', 'dnf install -y jq; exec ./run.sh'],
  ])('run as root with Docker\'s baseline capabilities, as Docker runs them (%s)', (tool, command) => {
    const chart = chartOf(backup(command));
    expect(backupContainer(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']) } });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages).toContainEqual(expect.stringContaining(`alpine:3.20 runs as root because its command runs ${tool} to change the system's packages`));
    expect(messages.join('\n')).not.toContain('states no user');
  });

  it('not for a package name or a query (apk info, a service called apt)', () => {
    for (const command of ['apk info curl; exec ./run.sh', 'echo add install; exec ./apt', 'exec ./apt-get-mirror --install']) {
      expect(backupContainer(chartOf(backup(command))).securityContext).toMatchObject({ runAsUser: 1000 });
    }
  });

  it('keep the user compose gives them', () => {
    const chart = chartOf(backup('apk add curl && exec crond -f', '\n    user: "1000"'));
    expect(backupContainer(chart).securityContext).toMatchObject({ runAsUser: 1000 });
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain('runs as root');
  });
});

describe('services whose command installs Python packages at start', () => {
  // mlflow/mlflow's docker-compose.yml: `pip install psycopg2-binary boto3 && mlflow server …` in an image without USER.
  const mlflow = (command: string, more = '') => `services:
  mlflow:
    image: ghcr.io/mlflow/mlflow:v3.1.0${more}
    command: ${JSON.stringify(command)}
`;
  const mlflowContainer = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'mlflow'))['containers'][0];

  it.each([
    ['pip install', '/bin/bash -c "pip install --no-cache-dir psycopg2-binary boto3 && mlflow server --host 0.0.0.0 --port 5000"'],
    ['pip3 install', 'sh -c "pip3 install -q boto3; exec mlflow server"'],
    ['pip install', 'sh -c "python -m pip install boto3 && exec mlflow server"'],
  ])('run as root, as Docker runs them (%s)', (tool, command) => {
    const chart = chartOf(mlflow(command));
    expect(mlflowContainer(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages).toContainEqual(expect.stringContaining(`ghcr.io/mlflow/mlflow:v3.1.0 runs as root because its command runs ${tool} to install Python packages into the image`));
    expect(messages.join('\n')).not.toContain('states no user');
  });

  it('not for other pip subcommands, a package named pip, or a user compose gives', () => {
    for (const command of ['sh -c "pip list && exec mlflow server"', 'sh -c "pip freeze; exec mlflow server"', 'sh -c "apk info pip; exec mlflow server"']) {
      expect(mlflowContainer(chartOf(mlflow(command))).securityContext).toMatchObject({ runAsUser: 1000 });
    }
    expect(mlflowContainer(chartOf(mlflow('sh -c "pip install boto3 && exec mlflow server"', '\n    user: "1000"'))).securityContext).toMatchObject({ runAsUser: 1000 });
  });
});

describe('services that run a cron daemon', () => {
  // nextcloud/docker's fpm examples: `entrypoint: /cron.sh` runs busybox crond, which must be root
  // to run www-data's crontab; as uid 33 (the nextcloud profile) no background job ever ran.
  const cron = (entrypoint: string, more = '') => `services:
  cron:
    image: nextcloud:fpm-alpine${more}
    entrypoint: ${entrypoint}
`;
  const cronContainer = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'cron'))['containers'][0];

  it.each([['/cron.sh'], ['[busybox, crond, -f, -L, /dev/stdout]'], ['[cron, -f]'], ['["sh", "-c", "exec crond -f"]']])('start as root, as Docker runs them (%s)', (entrypoint) => {
    const chart = chartOf(cron(entrypoint));
    expect(cronContainer(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['SETGID', 'SETUID']) } });
    expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^nextcloud:fpm-alpine runs as root because its command runs the cron daemon \S+, which switches to each crontab's user to run its jobs/));
  });

  // nextcloud:fpm-alpine's www-data is Alpine's 82.
  it("not for a command that only names cron (a task's argument)", () => {
    expect(cronContainer(chartOf(cron('[php, occ, background:cron]'))).securityContext).toMatchObject({ runAsUser: 82 });
    expect(cronContainer(chartOf(cron('[python, manage.py, cron]'))).securityContext).toMatchObject({ runAsUser: 82 });
  });

  it('keep the user compose gives them', () => {
    expect(cronContainer(chartOf(cron('/cron.sh', '\n    user: www-data'))).securityContext).toMatchObject({ runAsUser: 82 });
  });
});

describe("services whose command writes the image's own files at start", () => {
  // Loki getting-started's gateway writes /etc/nginx/nginx.conf before starting nginx: denied to the
  // nginx profile's uid 101, so the container exited before nginx started.
  const gateway = (entrypoint: string, more = '') => `services:
  gateway:
    image: nginx:1.27${more}
    entrypoint: ${entrypoint}
`;
  const container = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'gateway'))['containers'][0];

  it.each([
    ['a redirection', `["sh", "-euc", "cat <<EOF > /etc/nginx/nginx.conf\\nevents {}\\nEOF\\n/docker-entrypoint.sh nginx"]`],
    ['an appending redirection', `["sh", "-c", "echo 'x' >>/etc/nginx/conf.d/extra.conf && nginx"]`],
    ['tee', `["sh", "-c", "envsubst < /tmpl | tee /etc/nginx/nginx.conf && nginx"]`],
    ['sed -i', `["sh", "-c", "sed -i s/80/8080/ /etc/nginx/conf.d/default.conf && nginx"]`],
  ])('start as root, as Docker runs them (%s)', (_, entrypoint) => {
    const chart = chartOf(gateway(entrypoint));
    expect(container(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^nginx:1\.27 runs as root because its command writes \/etc\/nginx\/\S+, one of the image's own files/));
  });

  it('not for writes elsewhere (a log on stdout, /tmp, a redirection to /dev/null)', () => {
    const chart = chartOf(gateway(`["sh", "-c", "echo up > /tmp/started 2>/dev/null && nginx -c /etc/nginx/nginx.conf"]`));
    expect(container(chart).securityContext).toMatchObject({ runAsUser: 101 });
  });

  it('keep the user compose gives them', () => {
    expect(container(chartOf(gateway(`["sh", "-c", "echo x > /etc/nginx/x.conf"]`, '\n    user: "101"'))).securityContext).toMatchObject({ runAsUser: 101 });
  });

  // Teleport's quickstart configure (pli01/teleport-deploy's configure-auth): /etc/teleport is a
  // volume compose mounts read-write, not the image's own /etc; it ran as root for nothing.
  it('not for a file in a folder compose mounts read-write', () => {
    const chart = chartOf(`services:
  gateway:
    image: nginx:1.27
    entrypoint: ["sh", "-c", "envsubst < /etc/teleport/teleport.yaml.template > /etc/teleport/teleport.yaml && nginx"]
    volumes:
      - config:/etc/teleport
volumes:
  config:
`);
    expect(container(chart).securityContext).toMatchObject({ runAsUser: 101 });
    expect(chart.warnings.map((w) => w.message).filter((message) => message.includes('runs as root'))).toEqual([]);
    // Read-only, the folder is no more the pod's to write than the image's /etc is.
    const readOnly = chartOf(`services:
  gateway:
    image: nginx:1.27
    entrypoint: ["sh", "-c", "echo x > /etc/teleport/teleport.yaml && nginx"]
    volumes:
      - config:/etc/teleport:ro
volumes:
  config:
`);
    expect(container(readOnly).securityContext).toMatchObject({ runAsUser: 0 });
  });

  // opf/openproject-docker-compose's proxy: command /usr/local/bin/proxy-entrypoint.sh, a project file
  // that renders /etc/caddy/Caddyfile with sed before `caddy run`. As uid 1000 the redirection was
  // denied and the proxy exited before Caddy started (until 2026-12-07).
  describe('a project script the command starts', () => {
    const proxy = (volumes: string) => `services:
  proxy:
    image: caddy:2
    command: "/usr/local/bin/proxy-entrypoint.sh"
    environment:
      APP_HOST: web
    volumes:
      - ./Caddyfile.template:/etc/caddy/Caddyfile.template:ro
${volumes}`;
    const script = (body: string) => ({
      'Caddyfile.template': ':80 {\n    reverse_proxy * http://${APP_HOST}:8080\n}\n',
      'proxy-entrypoint.sh': `#!/bin/sh\n\nset -e\n\n${body}\n\ncaddy run --config /etc/caddy/Caddyfile\n`,
    });
    const render = `sed 's|\${APP_HOST}|'"$APP_HOST"'|g' /etc/caddy/Caddyfile.template > /etc/caddy/Caddyfile`;
    const proxyContainer = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'proxy'))['containers'][0];

    it('that writes one of the image\'s own files makes it start as root, as Docker runs it', () => {
      const chart = chartOf(proxy('      - ./proxy-entrypoint.sh:/usr/local/bin/proxy-entrypoint.sh:ro\n'), script(render));
      expect(proxyContainer(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
      expect(chart.warnings.map((w) => w.message)).toContainEqual(
        "caddy:2 runs as root because its command runs the project's script /usr/local/bin/proxy-entrypoint.sh, which writes /etc/caddy/Caddyfile, one of the image's own files, which needs root (as Docker runs it); the namespace's Pod Security level is baseline at most: set x-kubernetes securityContext.runAsUser if it can run without",
      );
      // A script of a mounted folder counts as a mounted file does.
      const folder = chartOf(proxy('      - ./bin:/opt/bin:ro\n').replace('/usr/local/bin/proxy-entrypoint.sh', '/opt/bin/proxy-entrypoint.sh'), {
        'Caddyfile.template': script(render)['Caddyfile.template'],
        'bin/proxy-entrypoint.sh': script(render)['proxy-entrypoint.sh'],
      });
      expect(proxyContainer(folder).securityContext).toMatchObject({ runAsUser: 0 });
    });

    it("names the file a redirection inside a quoted bash -c writes without the closing quote (getodk/central's odk-setup.sh)", () => {
      const chart = chartOf(proxy('      - ./proxy-entrypoint.sh:/usr/local/bin/proxy-entrypoint.sh:ro\n'), script(`/bin/bash -c "envsubst '\\$APP_HOST' < /etc/caddy/Caddyfile.template > /etc/caddy/Caddyfile"`));
      expect(proxyContainer(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
      expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining("runs the project's script /usr/local/bin/proxy-entrypoint.sh, which writes /etc/caddy/Caddyfile, one of the image's own files"));
    });

    it('not for a write on a commented-out line, below a folder compose mounts read-write, or by a script the command does not start', () => {
      const commented = chartOf(proxy('      - ./proxy-entrypoint.sh:/usr/local/bin/proxy-entrypoint.sh:ro\n'), script(`# ${render}`));
      expect(proxyContainer(commented).securityContext).toMatchObject({ runAsNonRoot: true });
      const mounted = chartOf(proxy('      - ./proxy-entrypoint.sh:/usr/local/bin/proxy-entrypoint.sh:ro\n      - caddy-etc:/etc/caddy\nvolumes:\n  caddy-etc:\n'), script(render));
      expect(proxyContainer(mounted).securityContext).toMatchObject({ runAsNonRoot: true });
      const unstarted = chartOf(proxy('      - ./proxy-entrypoint.sh:/usr/local/bin/proxy-entrypoint.sh:ro\n').replace('command: "/usr/local/bin/proxy-entrypoint.sh"', 'command: caddy run'), script(render));
      expect(proxyContainer(unstarted).securityContext).toMatchObject({ runAsNonRoot: true });
    });
  });

  it("not in a directory the image gives its user (zulip appends to rabbitmq's /etc/rabbitmq/rabbitmq.conf as rabbitmq)", () => {
    const chart = chartOf(`services:
  rabbitmq:
    image: rabbitmq:4.2
    entrypoint: ["sh", "-euc", "echo 'default_user = zulip' >> /etc/rabbitmq/rabbitmq.conf\\nexec docker-entrypoint.sh rabbitmq-server"]
`);
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'rabbitmq'))['containers'][0].securityContext).toMatchObject({ runAsUser: 999 });
  });
});

describe('an image of unknown user that compose gives capabilities', () => {
  // The gluetun and tailscale sidecars of VPN stacks: Docker grants cap_add only to a root process
  // (a non-root one gets no ambient capabilities), so the default uid 1000 made NET_ADMIN void and
  // the VPN container failed to create its tunnel.
  const project = `services:
  vpn:
    image: qmcgaw/gluetun:v3
    cap_add: [NET_ADMIN]
`;

  it('runs as root, stated once, exempted, instead of the default user', () => {
    const chart = chartOf(project);
    const container = podSpec(findObject(synthManifests(chart), 'Deployment', 'vpn'))['containers'][0];
    expect(container.securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['NET_ADMIN']) } });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages).toContainEqual(expect.stringContaining('qmcgaw/gluetun:v3 runs as root because compose adds capabilities (NET_ADMIN), which Docker gives only to a root process'));
    expect(messages.join('\n')).not.toContain('states no user');
  });

  it('keeps the user compose or the image facts give', () => {
    const chart = chartOf(project.replace('cap_add', 'user: "1000"\n    cap_add'));
    const container = podSpec(findObject(synthManifests(chart), 'Deployment', 'vpn'))['containers'][0];
    expect(container.securityContext).toMatchObject({ runAsUser: 1000 });
    const { settings } = secure(facts({ user: { spec: 'app', uid: 1001 } }), { capAdd: ['NET_BIND_SERVICE'] });
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 1001 });
  });
});

describe('an image of unknown user that compose mounts data into /root for', () => {
  // FlowiseAI's queue stack: flowise and its worker keep their database in `~/.flowise:/root/.flowise`.
  // Docker runs them as root; the default uid 1000 could not even enter /root (mode 700).
  const project = `services:
  flowise:
    image: flowiseai/flowise:3.0.4
    volumes: ["data:/root/.flowise"]
  worker:
    image: flowiseai/flowise-worker:3.0.4
    tmpfs: [/root/cache]
volumes:
  data: {}
`;

  it('runs as root, stated once, instead of the default user', () => {
    const chart = chartOf(project);
    const manifests = synthManifests(chart);
    expect(podSpec(findObject(manifests, 'Deployment', 'flowise'))['containers'][0].securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages.filter((message) => message.includes('flowiseai/flowise:3.0.4'))).toEqual([
      "flowiseai/flowise:3.0.4 runs as root because compose mounts /root/.flowise in root's home directory, which only root can enter (mode 700); the namespace's Pod Security level is baseline at most: set x-kubernetes securityContext.runAsUser if it can run without",
    ]);
    // A tmpfs is the pod's own, made for whoever runs it: no reason for root.
    expect(podSpec(findObject(manifests, 'Deployment', 'worker'))['containers'][0].securityContext).toMatchObject({ runAsUser: 1000 });
  });

  it('keeps the user compose gives', () => {
    const chart = chartOf(project.replace('    volumes: ["data', '    user: "1000"\n    volumes: ["data'));
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'flowise'))['containers'][0].securityContext).toMatchObject({ runAsUser: 1000 });
  });
});

describe('a Dockerfile the project has', () => {
  it("gives the built service its USER, and its HEALTHCHECK its probes", () => {
    const chart = chartOf(`services:
  api:
    build: ./api
    image: example/api:1.0
`, {
      'api/Dockerfile': 'FROM python:3.11-slim\nRUN useradd -m -u 1000 appuser\nUSER appuser\nHEALTHCHECK --interval=10s CMD curl -f http://localhost:8000/health || exit 1\nCMD ["uvicorn", "app:app"]\n',
    });
    const container = podSpec(findObject(synthManifests(chart), 'Deployment', 'api'))['containers'][0];
    expect(container.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 8000 }, periodSeconds: 10 });
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain('states no user');
  });
});

describe('an image of unknown user that compose gives PUID/PGID', () => {
  // lowcoder-org/lowcoder's docker-compose-multi.yaml: api-service, node-service and frontend set
  // PUID/PGID 9001, and their entrypoints end with `exec gosu ${USER_ID}:${GROUP_ID} …`, which only
  // root can run: as the default uid 1000 none of them started.
  const project = `services:
  api:
    image: lowcoderorg/lowcoder-ce-api-service:2.6.4
    environment:
      PUID: "9001"
      PGID: "9001"
  empty:
    image: example/app:1.0
    environment:
      PUID: ""
`;

  it('runs as root, stated once, instead of the default user', () => {
    const chart = chartOf(project);
    const manifests = synthManifests(chart);
    expect(podSpec(findObject(manifests, 'Deployment', 'api'))['containers'][0].securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['SETUID', 'SETGID', 'CHOWN']) } });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages.filter((message) => message.includes('lowcoder-ce-api-service'))).toEqual([
      'lowcoderorg/lowcoder-ce-api-service:2.6.4 runs as root because compose sets PUID, the user an image of that convention switches to itself once started as root (gosu, su-exec, s6), which no other user can; the namespace\'s Pod Security level is baseline at most: set x-kubernetes securityContext.runAsUser if it can run without',
    ]);
    // A PUID left empty names no user to switch to.
    expect(podSpec(findObject(manifests, 'Deployment', 'empty'))['containers'][0].securityContext).toMatchObject({ runAsUser: 1000 });
  });

  it('keeps the user compose or a profile gives', () => {
    const chart = chartOf(project.replace('    environment:\n      PUID: "9001"', '    user: "9001:9001"\n    environment:\n      PUID: "9001"'));
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'api'))['containers'][0].securityContext).toMatchObject({ runAsUser: 9001 });
    const { settings } = secure(facts({ user: { spec: 'app', uid: 1001 } }), { environment: { PUID: '1001' } });
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 1001 });
  });
});

describe('an image of unknown user that compose gives UID/GID', () => {
  // praveenperera/knots-stack: bitcoinknots/bitcoin, a drop-in for the Bitcoin Core images, whose
  // entrypoint runs `usermod -u "$UID" bitcoin` (set -e) before `gosu bitcoin`: as uid 1000 it failed.
  // Those images now have a profile of their own; a rebuild under another name has none.
  const project = `services:
  bitcoin:
    image: example/bitcoind:27
    environment:
      UID: 1000
      GID: 1000
`;

  it('runs as root, stated once', () => {
    const chart = chartOf(project);
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'bitcoin'))['containers'][0].securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(chart.warnings.map((w) => w.message).filter((message) => message.includes('example/bitcoind:27'))).toEqual([
      expect.stringMatching(/^example\/bitcoind:27 runs as root because compose sets UID, the user an image of that convention switches to itself/),
    ]);
  });
});

describe('services whose command switches users itself', () => {
  // pixelfed/pixelfed's worker: `gosu www-data php artisan horizon` in the image its Dockerfile
  // builds from php:apache without USER; as the php profile's www-data, gosu refused to switch and
  // the worker restarted forever.
  const worker = (command: string, more = '') => `services:
  worker:
    image: php:7.4-apache-buster${more}
    command: ${command}
`;
  const container = (chart: ReturnType<typeof chartOf>): Json => podSpec(findObject(synthManifests(chart), 'Deployment', 'worker'))['containers'][0];

  it.each([
    ['gosu', 'gosu www-data php artisan horizon'],
    ['su-exec', '["sh", "-c", "exec su-exec www-data php artisan queue:work"]'],
    ['s6-setuidgid', '[/command/s6-setuidgid, www-data, php, artisan, horizon]'],
  ])('start as root, as Docker runs them (%s)', (tool, command) => {
    const chart = chartOf(worker(command));
    expect(container(chart).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { add: expect.arrayContaining(['SETGID', 'SETUID']) } });
    expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining(`php:7.4-apache-buster runs as root because its command runs ${tool} to switch to another user, which needs root`));
  });

  it('keep the image user for a command that does not switch, and the user compose gives', () => {
    expect(container(chartOf(worker('php artisan horizon'))).securityContext).toMatchObject({ runAsUser: 33 });
    expect(container(chartOf(worker('gosu www-data php artisan horizon', '\n    user: "33"'))).securityContext).toMatchObject({ runAsUser: 33 });
  });
});

describe("services whose image starts a project script that writes the image's own files", () => {
  // friendica/docker's opensocial.at example: avatar is built FROM nginx with `COPY *.sh /` and
  // `CMD ["/cmd.sh"]`, a script that renders /etc/nginx/conf.d/server_name.active before nginx
  // starts; as the nginx profile's uid 101 it exited at the redirection.
  const script = '#!/bin/sh\nset -eu\nenvsubst < /etc/nginx/conf.d/templates/server_name.template > /etc/nginx/conf.d/server_name.active\nexec nginx -g "daemon off;"\n';
  const built = (fields: Parameters<typeof makeService>[1] = {}) => secure(facts({ cmd: ['/cmd.sh'] }, { baseImage: 'nginx:latest', startedScripts: { '/cmd.sh': script } }), fields);

  it('start as root, as Docker runs them', () => {
    const { settings, warnings } = built();
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining("runs as root because its command runs the project's script /cmd.sh, which writes /etc/nginx/conf.d/server_name.active, one of the image's own files"));
  });

  it('not when compose runs another command, or gives the user', () => {
    expect(built({ command: ['nginx', '-g', 'daemon off;'] }).settings.containerSecurityContext).toMatchObject({ runAsUser: 101 });
    expect(built({ user: '101' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 101 });
  });
});

// strukturag/nextcloud-spreed-signaling's server image: FROM alpine, no USER, and an entrypoint.sh that
// ends `exec su-exec spreedbackend /usr/bin/nextcloud-spreed-signaling …`. As the default uid 1000,
// su-exec refused to switch and the signaling server never started (until 2026-12-07).
describe('services whose image starts a project script that switches users itself', () => {
  const entrypoint = (body: string) => `#!/bin/bash\nset -e\nif [ -n "$1" ]; then\n  exec "$@"\nfi\n${body}\n`;
  const built = (content: string, fields: Parameters<typeof makeService>[1] = {}) =>
    secure(facts({ entrypoint: ['/entrypoint.sh'] }, { baseImage: 'alpine:3', startedScripts: { '/entrypoint.sh': content } }), fields);

  it.each(['su-exec', 'gosu'])('start as root, as Docker runs them (%s)', (tool) => {
    const { settings, warnings } = built(entrypoint(`exec ${tool} spreedbackend /usr/bin/nextcloud-spreed-signaling -config "$CONFIG"`));
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining(`runs as root because its command runs the project's script /entrypoint.sh, which runs ${tool} to switch to another user`));
  });

  it("not when the script switches only if root runs it (the official images' entrypoints), or compose gives the user", () => {
    const guarded = entrypoint(`if [ "$(id -u)" = '0' ]; then\n  exec su-exec app "$0" "$@"\nfi\nexec app-server`);
    expect(built(guarded).settings.containerSecurityContext).toMatchObject({ runAsNonRoot: true });
    expect(built(entrypoint('exec su-exec app app-server'), { user: '850' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 850 });
  });
});

describe("a project script the image starts by a bare name, which switches users", () => {
  // laravel/sail's runtimes: `COPY start-container /usr/local/bin/start-container` and
  // `ENTRYPOINT ["start-container"]`, a script that runs usermod and `exec gosu $WWWUSER "$@"`; read
  // by path only, it went unseen, the image ran as uid 1000 and gosu refused (until 2026-12-07).
  const script = '#!/usr/bin/env bash\n\nif [ ! -z "$WWWUSER" ]; then\n    usermod -u $WWWUSER sail\nfi\n\nif [ $# -gt 0 ]; then\n    exec gosu $WWWUSER "$@"\nelse\n    exec /usr/bin/supervisord -c /etc/supervisor/conf.d/supervisord.conf\nfi\n';
  const sail = (content: string, fields: Parameters<typeof makeService>[1] = {}) =>
    secure(facts({ entrypoint: ['start-container'] }, { baseImage: 'ubuntu:24.04', startedScripts: { '/usr/local/bin/start-container': content } }), { command: ['php', 'artisan', 'queue:listen'], ...fields });

  it('starts as root, as Docker runs it, and says which program needs it', () => {
    const { settings, warnings } = sail(script);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining("runs the project's script /usr/local/bin/start-container, which runs usermod to change the image's users"));
    expect(sail('#!/bin/sh\nexec su-exec app "$@"\n').settings.containerSecurityContext).toMatchObject({ runAsUser: 0 });
  });

  it('not when the script tests who runs it, names the program only as a word, or compose gives the user', () => {
    const guarded = '#!/bin/sh\nif [ "$(id -u)" = \'0\' ]; then\n  exec gosu app "$0" "$@"\nfi\nexec "$@"\n';
    expect(sail(guarded).settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
    expect(sail('#!/bin/sh\necho "gosu is installed"\nexec "$@"\n').settings.containerSecurityContext).toMatchObject({ runAsUser: 1000 });
    expect(sail(script, { user: '1337' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 1337 });
  });
});

describe('a project script the container runs that runs ping', () => {
  // friendica/docker's opensocial.at avatar waits for php with `until ping app -c1` in the cmd.sh
  // its image starts: without NET_RAW, and without the sysctl, ping failed forever.
  const withScript = (content: string) => secure(facts({ cmd: ['/cmd.sh'] }, { baseImage: 'nginx:latest', startedScripts: { '/cmd.sh': content } }));

  it('lets the pod open ICMP datagram sockets, and says so', () => {
    const { settings, warnings } = withScript('#!/bin/sh\nset -eu\nuntil ping app -c1 > /dev/null; do sleep 1; done\nexec nginx -g "daemon off;"\n');
    expect(settings.podSecurityContext.sysctls).toContainEqual({ name: 'net.ipv4.ping_group_range', value: '0 2147483647' });
    expect(warnings.filter((w) => /runs ping/.test(w.message)).map((w) => w.key)).toEqual(['services.app.build']);
  });

  it('not for ping in a comment or as an argument', () => {
    const { settings } = withScript('#!/bin/sh\n# until ping app; do sleep 1; done\nredis-cli ping\nexec nginx -g "daemon off;"\n');
    expect(settings.podSecurityContext.sysctls ?? []).not.toContainEqual(expect.objectContaining({ name: 'net.ipv4.ping_group_range' }));
  });
});
