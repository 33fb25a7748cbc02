/** Issue 13 items 2–4: project files, paths outside the project, tmpfs volumes. */
import { describe, expect, it } from 'vitest';
import type { HostPath, ServiceVolume, Volume } from '../../../lib/compose/model.ts';
import { storageFor } from '../../../lib/k8s/storage/volumes.ts';
import { hostDirectory, hostFile, makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';

const bind = (source: string, target: string, readOnly = false): ServiceVolume => ({ type: 'bind', source, target, readOnly, createHostPath: true });
const messages = (warnings: readonly { message: string }[]) => warnings.map((warning) => warning.message);

describe('project files', () => {
  it('ship a config file that contains a short password word as a ConfigMap, not a Secret (POSTGRES_PASSWORD: shop)', () => {
    const project = makeProject(
      [makeService('db', { environment: { POSTGRES_PASSWORD: 'shop' } }), makeService('web', { volumes: [bind('/project/nginx.conf', '/etc/nginx/conf.d/default.conf', true)] })],
      { hostFiles: { '/project/nginx.conf': hostFile('server {\n  location /shop { proxy_pass http://api; }\n}\n') } },
    );
    const storage = storageFor(contextFor(project, 'web').context);
    expect(storage.secrets).toEqual([]);
    expect(storage.configMaps.map((map) => map.data)).toEqual([{ 'default.conf': 'server {\n  location /shop { proxy_pass http://api; }\n}\n' }]);
  });

  it('ship a file holding a strong secret value of the project, or a private key, as a Secret', () => {
    const project = makeProject(
      [
        makeService('db', { environment: { POSTGRES_PASSWORD: 'x7Kq-29fLm' } }),
        makeService('web', { volumes: [bind('/project/app.ini', '/etc/app.ini', true), bind('/project/tls.txt', '/etc/tls.txt', true)] }),
      ],
      { hostFiles: { '/project/app.ini': hostFile('dsn = postgres://db/x7Kq-29fLm\n'), '/project/tls.txt': hostFile('-----BEGIN PRIVATE KEY-----\nAAA\n') } },
    );
    const storage = storageFor(contextFor(project, 'web').context);
    expect(storage.configMaps).toEqual([]);
    expect(storage.secrets.map((secret) => secret.name)).toEqual(['web-etc-app-ini', 'web-etc-tls-txt']);
  });

  it('classify by the path inside the project: a checkout under /home/me/secrets/ does not make its files secret', () => {
    const project = makeProject([makeService('web', { volumes: [bind('/home/me/secrets/shop/conf', '/etc/app', true)] })], {
      workingDir: '/home/me/secrets/shop',
      hostFiles: { '/home/me/secrets/shop/conf': hostDirectory({ 'app.conf': 'a = 1\n' }) },
    });
    const storage = storageFor(contextFor(project, 'web').context);
    expect(storage.secrets).toEqual([]);
    expect(storage.configMaps.map((map) => map.name)).toEqual(['web-etc-app']);
  });

  it('keep a mounted entrypoint script executable (items mode 0755)', () => {
    const project = makeProject([makeService('web', { entrypoint: ['/docker-entrypoint.sh'], volumes: [bind('/project/entry.sh', '/docker-entrypoint.sh')] })], {
      hostFiles: { '/project/entry.sh': hostFile('#!/bin/sh\nexec "$@"\n', { executable: true }) },
    });
    const storage = storageFor(contextFor(project, 'web').context);
    expect(storage.volumes).toEqual([
      { name: 'docker-entrypoint-sh', configMap: { name: 'web-docker-entrypoint-sh', items: [{ key: 'docker-entrypoint.sh', path: 'docker-entrypoint.sh', mode: 0o755 }] } },
    ]);
    expect(storage.volumeMounts).toEqual([{ name: 'docker-entrypoint-sh', mountPath: '/docker-entrypoint.sh', subPath: 'docker-entrypoint.sh', readOnly: true }]);
  });

  it('keep nested directories (grafana provisioning) as keys mounted back at their paths', () => {
    const provisioning = hostDirectory({ 'dashboards/dash.yaml': 'providers: []\n', 'datasources/ds.yaml': 'datasources: []\n' });
    const project = makeProject([makeService('grafana', { volumes: [bind('/project/grafana/provisioning', '/etc/grafana/provisioning', true)] })], {
      hostFiles: { '/project/grafana/provisioning': provisioning },
    });
    const { context, warnings } = contextFor(project, 'grafana');
    const storage = storageFor(context);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(storage.configMaps.map((map) => map.data)).toEqual([{ 'dashboards_dash.yaml': 'providers: []\n', 'datasources_ds.yaml': 'datasources: []\n' }]);
    expect(storage.volumes).toEqual([
      {
        name: 'etc-grafana-provisioning',
        configMap: {
          name: 'grafana-etc-grafana-provisioning',
          items: [
            { key: 'dashboards_dash.yaml', path: 'dashboards/dash.yaml' },
            { key: 'datasources_ds.yaml', path: 'datasources/ds.yaml' },
          ],
        },
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('seed a read-write config directory into an emptyDir from its ConfigMap by an init container, never an empty claim', () => {
    const project = makeProject([makeService('app', { volumes: [bind('/project/config', '/opt/app')] })], {
      hostFiles: { '/project/config': hostDirectory({ 'settings.yaml': 'a: 1\n', 'run.sh': '#!/bin/sh\n' }, ['run.sh']) },
    });
    const { context, warnings } = contextFor(project, 'app');
    const storage = storageFor(context);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(storage.volumes).toEqual([
      { name: 'seed-opt-app', configMap: { name: 'app-opt-app', items: [{ key: 'run.sh', path: 'run.sh', mode: 0o755 }, { key: 'settings.yaml', path: 'settings.yaml' }] } },
      { name: 'opt-app', emptyDir: {} },
    ]);
    expect(storage.volumeMounts).toEqual([{ name: 'opt-app', mountPath: '/opt/app' }]);
    const [seed] = storage.initContainers;
    expect(seed?.name).toBe('seed-opt-app');
    expect(seed?.volumeMounts).toEqual([
      { name: 'seed-opt-app', mountPath: '/seed', readOnly: true },
      { name: 'opt-app', mountPath: '/target' },
    ]);
    // The ConfigMap's own `..data` entries are not copied; symlinks are followed.
    expect(seed?.command?.[2]).toMatch(/for f in \* \.\[!\.\]\*.*cp -RL/);
    expect(seed?.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(messages(warnings)).toEqual([expect.stringMatching(/mounted read-write: its files are copied from ConfigMap 'app-opt-app' into an emptyDir/)]);
  });

  it('ship a build-context directory of configuration and the entrypoint as configuration, not as source code', () => {
    const project = makeProject([makeService('app', { build: { context: '/project/app-conf', args: {} }, volumes: [bind('/project/app-conf', '/etc/app', true)] })], {
      hostFiles: { '/project/app-conf': hostDirectory({ Dockerfile: 'FROM alpine\n', 'app.conf': 'k = v\n', 'entrypoint.sh': '#!/bin/sh\n' }, ['entrypoint.sh']) },
    });
    const { context, warnings } = contextFor(project, 'app');
    const storage = storageFor(context);
    expect(storage.configMaps.map((map) => Object.keys(map.data))).toEqual([['Dockerfile', 'app.conf', 'entrypoint.sh']]);
    expect(messages(warnings).join('\n')).not.toMatch(/source code/);
  });

  it('drop a folder of source files inside the build context as source code, saying why', () => {
    const project = makeProject([makeService('api', { build: { context: '/project/api', args: {} }, volumes: [bind('/project/api/app', '/srv/app')] })], {
      hostFiles: { '/project/api/app': hostDirectory({ 'main.py': 'print(1)\n', 'util.py': '' }) },
    });
    const { context, warnings } = contextFor(project, 'api');
    expect(storageFor(context).volumes).toEqual([]);
    expect(messages(warnings)).toEqual([expect.stringMatching(/dropped as the service's source code: it holds 2 source files of the service, mounted from the build context app for live reload/)]);
  });

  it("keep a folder of source files inside the build context whose Dockerfile beside it copies nothing there: an Odoo project's custom addons", () => {
    // AhmedHoussamBouzine/odoo-17-docker-compose: `build: .` (FROM odoo:17, no COPY) with
    // `./customs:/customs`, the addons_path of its odoo.conf. The Dockerfile was not among the
    // mounted folder's files, so the addons were dropped as code the image carried (until 2026-12-07).
    const service = makeService('odoo_web', { build: { context: '/project', args: {} }, volumes: [bind('/project/customs', '/customs')] });
    const addons = hostDirectory({ 'web_responsive/__init__.py': '', 'web_responsive/__manifest__.py': "{'name': 'Web Responsive'}\n" });
    const project = makeProject([service], { hostFiles: { '/project/customs': addons, '/project/Dockerfile': hostFile('From odoo:17\nEXPOSE 8069 \nCMD ["odoo"]') } });
    const { context, warnings } = contextFor(project, 'odoo_web');
    const storage = storageFor(context);
    expect(messages(warnings).join('\n')).not.toMatch(/source code|carries the code/);
    expect(storage.volumeMounts.map((mount) => mount.mountPath)).toEqual(['/customs']);
    // The same folder is still code when the Dockerfile copies it there.
    const copying = makeProject([service], { hostFiles: { '/project/customs': addons, '/project/Dockerfile': hostFile('FROM odoo:17\nCOPY customs /customs\n') } });
    const copied = contextFor(copying, 'odoo_web');
    expect(storageFor(copied.context).volumes).toEqual([]);
    expect(messages(copied.warnings)).toEqual([expect.stringMatching(/it is the build context's folder customs, whose files its Dockerfile copies into \/customs; the image carries the code/)]);
  });

  it("keep a folder absent from the project mounted in a hidden directory, where programs keep state: TBAIKamine/gitea-act_runner-pinp's podman storage", () => {
    // `./containers:/home/runner/.local/share/containers` with the build context `.`: until
    // 2026-12-06 it was dropped as a folder of the build context, and the runner's images with it.
    const project = makeProject([makeService('act_runner', { build: { context: '/project', args: {} }, volumes: [bind('/project/containers', '/home/runner/.local/share/containers'), bind('/project/m2', '/root/.m2'), bind('/project/src', '/srv/app')] })], {
      hostFiles: {},
    });
    const { context, warnings } = contextFor(project, 'act_runner');
    expect(storageFor(context).volumeMounts.map((mount) => mount.mountPath)).toEqual(['/home/runner/.local/share/containers', '/root/.m2']);
    // An absent folder elsewhere in the context is still taken for code left out of the checkout.
    expect(messages(warnings).filter((message) => /source code/.test(message))).toEqual([expect.stringMatching(/bind mount \/project\/src is dropped as the service's source code: it is a folder of the build context src/)]);
  });

  it("keep a folder absent from the project in a hidden folder of the build context, where the stack keeps what it writes: NodeBB's .docker/build", () => {
    // NodeBB/NodeBB: `./.docker/build:/usr/src/app/build` (the assets its entrypoint builds) beside
    // `./.docker:/opt/config`; dropped as code until 2026-12-07.
    const project = makeProject([makeService('nodebb', { build: { context: '/project', args: {} }, volumes: [bind('/project/.docker/build', '/usr/src/app/build'), bind('/project/src', '/usr/src/app/src')] })], {
      hostFiles: {},
    });
    const { context, warnings } = contextFor(project, 'nodebb');
    expect(storageFor(context).volumeMounts.map((mount) => mount.mountPath)).toEqual(['/usr/src/app/build']);
    expect(messages(warnings).filter((message) => /source code/.test(message))).toEqual([expect.stringMatching(/bind mount \/project\/src is dropped as the service's source code: it is a folder of the build context src/)]);
  });

  it("keep a folder absent from the project where the Dockerfile at hand puts nothing: go-shiori's ./dev-data at /srv/shiori", () => {
    // Dockerfile.compose: WORKDIR /src/shiori, no COPY (the code is the `.:/src/shiori` mount); the
    // data folder ./dev-data was dropped as code of the build context (until 2026-12-07).
    const dockerfile = 'FROM docker.io/golang:1.21-alpine3.19\n\nWORKDIR /src/shiori\n\nENTRYPOINT ["go", "run", "main.go"]\nCMD ["server"]\n';
    const shiori = (file: string) =>
      makeProject([makeService('shiori', { build: { context: '/project', dockerfile: 'Dockerfile.compose', args: {} }, volumes: [bind('/project/dev-data', '/srv/shiori')] })], {
        hostFiles: { '/project/Dockerfile.compose': hostFile(file) },
      });
    const { context, warnings } = contextFor(shiori(dockerfile), 'shiori');
    expect(storageFor(context).volumeMounts.map((mount) => mount.mountPath)).toEqual(['/srv/shiori']);
    expect(messages(warnings).join('\n')).not.toMatch(/source code/);
    // Where the image does keep something there (a COPY at, above or below it, of the context or of
    // another stage's output, or its WORKDIR), or a path is not known, the absent folder is still code.
    for (const file of [
      'FROM golang:1.21\nCOPY . /srv/shiori\n',
      'FROM golang:1.21\nCOPY . /srv\n',
      'FROM golang:1.21\nWORKDIR /srv/shiori\n',
      'FROM golang:1.21 AS build\nRUN go build -o /out/shiori\nFROM alpine:3.20\nCOPY --from=build /out /srv/shiori/bin\n',
      'FROM golang:1.21\nWORKDIR $APP_HOME\nCOPY . .\n',
    ]) {
      const copied = contextFor(shiori(file), 'shiori');
      expect(storageFor(copied.context).volumeMounts.map((mount) => mount.mountPath)).not.toContain('/srv/shiori');
      expect(messages(copied.warnings)).toContainEqual(expect.stringMatching(/bind mount \/project\/dev-data is dropped as the service's source code: it is a folder of the build context dev-data/));
    }
  });

  it.each([
    ['WORKDIR /code and COPY . .', 'FROM python:3.12\nWORKDIR /code\nCOPY . .\n'],
    ['COPY . /code', 'FROM python:3.12\nCOPY . /code\n'],
    ['COPY into a folder below it, in the stage the target stage is built from', 'FROM python:3.12 AS base\nWORKDIR /code\nCOPY requirements.txt ./\nCOPY lib ./deps/\nFROM base AS dev\nRUN pip install -r requirements.txt\n'],
  ])('drop the build context mounted where its Dockerfile copies it (%s)', (_what, dockerfile) => {
    const project = makeProject([makeService('web', { build: { context: '/project', args: {} }, volumes: [bind('/project', '/code')] })], {
      hostFiles: { '/project': hostDirectory({ 'compose.yaml': 'services: {}\n', Dockerfile: dockerfile, 'app.py': 'print(1)\n' }) },
    });
    const { context, warnings } = contextFor(project, 'web');
    expect(storageFor(context).volumes).toEqual([]);
    expect(messages(warnings)).toEqual([expect.stringMatching(/it is the build context, whose files its Dockerfile copies into \/code(\/deps, below \/code)?; the image carries the code/)]);
  });

  it.each([
    ['COPY requirements.txt /app/ (bookwyrm)', 'FROM python:3.11\nRUN mkdir /app /app/static /app/images\nWORKDIR /app\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n'],
    ['COPY package*.json ./ and a lock file', 'FROM node:20\nWORKDIR /app\nCOPY ["package*.json", "yarn.lock", "./"]\nRUN yarn install\n'],
    ['a requirements folder', 'FROM python:3.12\nWORKDIR /app\nCOPY requirements/ ./requirements/\nRUN pip install -r requirements/base.txt\n'],
  ])('mount the build context whose Dockerfile copies only dependency manifests to the target: the code comes from the mount (%s)', (_what, dockerfile) => {
    // bookwyrm-social/bookwyrm: every Django and Celery service mounts `.:/app`, and the image holds
    // the dependencies requirements.txt lists, not the code; dropped as code the image carried, the
    // pods had no manage.py (until 2026-12-07).
    const files: Record<string, string> = { 'compose.yaml': 'services: {}\n', Dockerfile: dockerfile, 'manage.py': 'print(1)\n', 'requirements.txt': 'Django\n' };
    const project = makeProject([makeService('web', { build: { context: '/project', args: {} }, command: ['python', 'manage.py', 'runserver'], volumes: [bind('/project', '/app')] })], {
      hostFiles: { '/project': hostDirectory(files) },
    });
    const { context, warnings } = contextFor(project, 'web');
    const storage = storageFor(context);
    expect(messages(warnings).join('\n')).not.toMatch(/source code|carries the code/);
    expect(storage.volumeMounts.map((mount) => mount.mountPath)).toEqual(['/app']);
    expect(storage.configMaps.map((map) => Object.keys(map.data).sort())).toEqual([Object.keys(files).sort()]);
  });

  // A dev container: the image copies no code, the project is mounted to work in (not over WORKDIR).
  it.each([
    ['WORKDIR /app, no COPY, mounted at /workspace', 'FROM node:20-alpine\nWORKDIR /app\nCMD ["tail","-f","/dev/null"]\n', '/workspace'],
    ['COPY . . into WORKDIR /app, mounted at /workspace', 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n', '/workspace'],
    ['a COPY from another image only', 'FROM node:20-alpine\nCOPY --from=busybox:1.36 /bin/busybox /workspace/busybox\n', '/workspace'],
    ['no Dockerfile in the build context', undefined, '/workspace'],
  ])('mount the build context as a project folder when the image carries no code there (%s)', (_what, dockerfile, target) => {
    const files: Record<string, string> = { 'compose.yaml': 'services: {}\n', 'index.js': 'console.log("hi")\n', ...(dockerfile === undefined ? {} : { Dockerfile: dockerfile }) };
    const project = makeProject([makeService('dev', { build: { context: '/project', args: {} }, command: ['sleep', 'infinity'], volumes: [bind('/project', target)] })], {
      hostFiles: { '/project': hostDirectory(files) },
    });
    const { context, warnings } = contextFor(project, 'dev');
    const storage = storageFor(context);
    expect(messages(warnings).join('\n')).not.toMatch(/source code|carries the code/);
    expect(storage.volumeMounts.map((mount) => mount.mountPath)).toEqual([target]);
    expect(storage.configMaps.map((map) => Object.keys(map.data).sort())).toEqual([Object.keys(files).sort()]);
  });

  it('keep a data directory holding only placeholders, or data files, on a claim', () => {
    const project = makeProject([makeService('db', { volumes: [bind('/project/data', '/var/lib/data'), bind('/project/db', '/data')] })], {
      hostFiles: { '/project/data': hostDirectory({ '.gitkeep': '' }), '/project/db': hostDirectory({ 'app.sqlite3': 'x' }) },
    });
    const storage = storageFor(contextFor(project, 'db').context);
    expect(storage.persistentVolumeClaims.map((claim) => claim.name)).toEqual(['db-var-lib-data', 'db-data']);
    expect(storage.initContainers).toEqual([]);
  });
});

describe('paths outside the project', () => {
  const outside: HostPath = { kind: 'outside' };

  it.each([
    ['/tmp', '/tmp', true],
    ['/', '/rootfs', true],
    ['/proc', '/host/proc', true],
    ['/var/run/docker.sock', '/var/run/docker.sock', false],
    ['/srv/assets', '/usr/share/nginx/html', true],
  ])('drop %s with one warning, never a hostPath or ConfigMap without allowHostPath', (source, target, readOnly) => {
    const project = makeProject([makeService('web', { volumes: [bind(source, target, readOnly)] })], { hostFiles: { [source]: outside } });
    const { context, warnings } = contextFor(project, 'web');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([]);
    expect(storage.configMaps).toEqual([]);
    expect(warnings).toEqual([{ key: 'services.web.volumes.0', message: expect.stringMatching(/never read and not mounted.*allowHostPath/) }]);
  });

  it('mount them as a hostPath with allowHostPath', () => {
    const project = makeProject([makeService('agent', { volumes: [bind('/var/log', '/host/log', true)] })], { hostFiles: { '/var/log': outside } });
    const { context, warnings } = contextFor(project, 'agent', { options: { allowHostPath: true } });
    expect(storageFor(context).volumes).toEqual([{ name: 'host-log', hostPath: { path: '/var/log', type: 'DirectoryOrCreate' } }]);
    expect(messages(warnings)).toEqual([expect.stringMatching(/hostPath \(allowHostPath\)/)]);
  });

  it('drop /etc/localtime: the converting machine\'s zone is never read; TZ of the service is named when set', () => {
    const mounts = [bind('/etc/localtime', '/etc/localtime', true), bind('/etc/timezone', '/etc/timezone', true)];
    const hostFiles = { '/etc/localtime': outside, '/etc/timezone': outside };
    const unset = contextFor(makeProject([makeService('app', { volumes: mounts })], { hostFiles }), 'app');
    expect(storageFor(unset.context).volumes).toEqual([]);
    expect(messages(unset.warnings)).toEqual([expect.stringMatching(/runs in UTC unless the service sets TZ/), expect.stringMatching(/runs in UTC unless/)]);
    const set = contextFor(makeProject([makeService('app', { volumes: mounts, environment: { TZ: 'Europe/Berlin' } })], { hostFiles }), 'app');
    storageFor(set.context);
    expect(messages(set.warnings)[0]).toMatch(/TZ=Europe\/Berlin sets the container's time zone/);
  });

  // pydio/cells' HA example: etcd mounts `/usr/share/ca-certificates/:/etc/ssl/certs` read-write; an
  // empty claim there hid the image's CA certificates (until 2026-12-06).
  it("drop the machine's CA trust store, read-write or not: the image's own certificates stay", () => {
    const mounts = [bind('/usr/share/ca-certificates', '/etc/ssl/certs'), bind('/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/cert.pem', true), bind('/etc/pki/ca-trust', '/etc/pki/ca-trust')];
    const hostFiles = { '/usr/share/ca-certificates': outside, '/etc/ssl/certs/ca-certificates.crt': outside, '/etc/pki/ca-trust': outside };
    const { context, warnings } = contextFor(makeProject([makeService('etcd', { volumes: mounts })], { hostFiles }), 'etcd');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([]);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(storage.references).toEqual([]);
    expect(messages(warnings)).toEqual([
      "/usr/share/ca-certificates is the machine's CA trust store, outside the project; never read and not mounted, so the image's own CA certificates are used (set allowHostPath to mount it from the node as a hostPath)",
      expect.stringMatching(/^\/etc\/ssl\/certs\/ca-certificates.crt is the machine's CA trust store/),
      expect.stringMatching(/^\/etc\/pki\/ca-trust is the machine's CA trust store/),
    ]);
    // A project's own certificates elsewhere under /etc/ssl are still the user's Secret.
    const own = contextFor(makeProject([makeService('web', { volumes: [bind('/etc/ssl/private/site.key', '/certs/site.key', true)] })], { hostFiles: { '/etc/ssl/private/site.key': outside } }), 'web');
    expect(storageFor(own.context).references.map((reference) => reference.kind)).toEqual(['Secret']);
  });

  it('expect certificates the project does not have in a Secret the user creates, and keep data directories on a claim', () => {
    const project = makeProject([makeService('api', { volumes: [bind('/etc/modax/certs', '/app/certs', true), bind('/srv/pg', '/var/lib/postgresql/data')] })], {
      hostFiles: { '/etc/modax/certs': outside, '/srv/pg': outside },
    });
    const { context, warnings } = contextFor(project, 'api');
    const storage = storageFor(context);
    expect(storage.references.map((reference) => [reference.kind, reference.name])).toEqual([['Secret', 'etc-modax-certs']]);
    expect(storage.persistentVolumeClaims.map((claim) => claim.name)).toEqual(['api-var-lib-postgresql-data']);
    expect(messages(warnings)).toEqual([
      expect.stringMatching(/\/etc\/modax\/certs is outside the project, which is never read: create Secret 'etc-modax-certs'/),
      expect.stringMatching(/\/srv\/pg is outside the project, which is never read: mounted from a new, empty PersistentVolumeClaim/),
    ]);
  });

  it('expect a folder mounted where the container reads secrets in a Secret the user creates, whatever the host calls it', () => {
    // apache/kafka's examples mount ../../../../fixtures/sasl (the brokers' JAAS file) at
    // /etc/kafka/secrets: read-only, it was dropped, so the brokers found no JAAS file. A secrets
    // folder below a data path stays data: the service writes there.
    const project = makeProject([makeService('kafka', { volumes: [bind('/opt/fixtures/sasl', '/etc/kafka/secrets', true), bind('/srv/keys-store', '/var/lib/app/secrets', true)] })], {
      hostFiles: { '/opt/fixtures/sasl': outside, '/srv/keys-store': outside },
    });
    const { context, warnings } = contextFor(project, 'kafka');
    const storage = storageFor(context);
    expect(storage.references.map((reference) => [reference.kind, reference.name])).toEqual([['Secret', 'opt-fixtures-sasl']]);
    expect(messages(warnings)).toEqual([
      expect.stringMatching(/^\/opt\/fixtures\/sasl is outside the project, which is never read: create Secret 'opt-fixtures-sasl'/),
      expect.stringMatching(/^\/srv\/keys-store is outside the project; never read and not mounted/),
    ]);
  });

  it('keep on a claim what a known image writes where its data lives, whatever the directory is called', () => {
    // homelab-monitoring-stack: /mnt/pool_fast/db/monitoring/prometheus:/prometheus was dropped, so
    // Prometheus kept its TSDB in the container and lost it at every restart.
    const project = makeProject([
      makeService('prometheus', { image: 'prom/prometheus:v2.53.4', volumes: [bind('/mnt/pool/prometheus', '/prometheus')] }),
      makeService('alertmanager', { image: 'prom/alertmanager:v0.28.0', volumes: [bind('/mnt/pool/alertmanager', '/alertmanager')] }),
      makeService('db', { image: 'postgres:16', volumes: [bind('/mnt/pool/pg-socket', '/var/run/postgresql'), bind('/mnt/pool/ro', '/prometheus', true)] }),
    ], { hostFiles: { '/mnt/pool/prometheus': outside, '/mnt/pool/alertmanager': outside, '/mnt/pool/pg-socket': outside, '/mnt/pool/ro': outside } });
    for (const [service, claim] of [['prometheus', 'prometheus-prometheus'], ['alertmanager', 'alertmanager-alertmanager']] as const) {
      const { context, warnings } = contextFor(project, service);
      expect(storageFor(context).persistentVolumeClaims.map((c) => c.name)).toEqual([claim]);
      expect(messages(warnings)).toEqual([expect.stringMatching(/is outside the project, which is never read: mounted from a new, empty PersistentVolumeClaim/)]);
    }
    // linuxserver.io images keep all their state in /config: the homelab's /opt/appdata/<app>:/config.
    const homebridge = makeProject([makeService('homebridge', { image: 'lscr.io/linuxserver/homebridge:1.8.4', volumes: [bind('/opt/appdata/homebridge', '/config')] })], {
      hostFiles: { '/opt/appdata/homebridge': outside },
    });
    expect(storageFor(contextFor(homebridge, 'homebridge').context).persistentVolumeClaims.map((c) => c.name)).toEqual(['homebridge-config']);
    // A socket directory is no data, and neither is a read-only mount.
    const db = contextFor(project, 'db');
    expect(storageFor(db.context).persistentVolumeClaims).toEqual([]);
  });

  it('keep on a claim any outside folder mounted read-write, and drop one mounted read-only', () => {
    // ESPHome's /opt/esphome/config:/config was dropped: the service wrote into the image's /config,
    // which its user cannot write, and lost what it wrote at every start.
    const project = makeProject([
      makeService('esphome', { image: 'ghcr.io/esphome/esphome:2024.12.0', volumes: [bind('/opt/esphome/config', '/config'), bind('/opt/esphome/fonts', '/fonts', true)] }),
    ], { hostFiles: { '/opt/esphome/config': outside, '/opt/esphome/fonts': outside } });
    const { context, warnings } = contextFor(project, 'esphome');
    expect(storageFor(context).persistentVolumeClaims.map((c) => c.name)).toEqual(['esphome-config']);
    expect(messages(warnings)).toEqual([
      expect.stringMatching(/^host path \/opt\/esphome\/config is outside the project, which is never read: mounted from a new, empty PersistentVolumeClaim 'esphome-config'; copy the data in/),
      expect.stringMatching(/^\/opt\/esphome\/fonts is outside the project; never read and not mounted, so the image's \/fonts is used/),
    ]);
  });

  it('mount an outside folder read-only from the claim of the service that writes it, or a folder above it', () => {
    // funkwhale's api writes MEDIA_ROOT and STATIC_ROOT (host paths outside the project) and its nginx
    // serves them read-only: dropped, nginx served the image's empty folders, not what the api wrote.
    const project = makeProject([
      makeService('api', { volumes: [bind('/srv/fw/media', '/srv/fw/media'), bind('/srv/fw/data', '/data')] }),
      makeService('nginx', { image: 'nginx:1.27', volumes: [bind('/srv/fw/media', '/srv/fw/media', true), bind('/srv/fw/data/static', '/usr/share/nginx/html', true), bind('/srv/fw/music', '/music', true)] }),
    ], { hostFiles: { '/srv/fw/media': outside, '/srv/fw/data': outside, '/srv/fw/data/static': outside, '/srv/fw/music': outside } });
    const { context, warnings } = contextFor(project, 'nginx');
    const storage = storageFor(context);
    const claims = storage.volumes.flatMap((volume) => (volume.persistentVolumeClaim ? [[volume.persistentVolumeClaim.claimName, volume.persistentVolumeClaim.readOnly]] : []));
    expect(claims).toEqual([['host-srv-fw-media', true], ['host-srv-fw-data', true]]);
    expect(storage.volumeMounts.find((mount) => mount.mountPath === '/usr/share/nginx/html')?.subPath).toBe('static');
    // What nobody writes stays the image's.
    expect(messages(warnings)).toContainEqual(expect.stringMatching(/^\/srv\/fw\/music is outside the project; never read and not mounted/));
    expect(messages(warnings).filter((message) => /\/srv\/fw\/(media|data)/.test(message) && /not mounted/.test(message))).toEqual([]);
  });

  it('do not read special files of the project (FIFOs, sockets, devices)', () => {
    const project = makeProject([makeService('app', { volumes: [bind('/project/pipe', '/pipe')] })], { hostFiles: { '/project/pipe': { kind: 'special' } } });
    const { context, warnings } = contextFor(project, 'app');
    expect(storageFor(context).volumes).toEqual([]);
    expect(messages(warnings)).toEqual([expect.stringMatching(/FIFO, socket or device, which is never read; not mounted/)]);
  });
});

describe('tmpfs', () => {
  const tmpfsVolume = (o?: string): Volume => ({ name: 'demo_scratch', external: false, driverOpts: { type: 'tmpfs', device: 'tmpfs', ...(o ? { o } : {}) }, labels: {}, extensions: {} });
  const named: ServiceVolume = { type: 'volume', source: 'scratch', target: '/scratch', readOnly: false, nocopy: false };

  it('driver_opts type tmpfs volumes become memory-backed emptyDirs with the size of driver_opts.o, not claims', () => {
    const project = makeProject([makeService('app', { volumes: [named] })], { volumes: { scratch: tmpfsVolume('size=100m,uid=1000') } });
    const { context, warnings } = contextFor(project, 'app');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '100Mi' } }]);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('without a size, have no sizeLimit; shared by services, say once that each pod has its own', () => {
    const project = makeProject([makeService('a', { volumes: [named] }), makeService('b', { volumes: [named] })], { volumes: { scratch: tmpfsVolume() } });
    const a = contextFor(project, 'a');
    expect(storageFor(a.context).volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory' } }]);
    expect(messages(a.warnings)).toEqual([expect.stringMatching(/each pod gets its own memory-backed emptyDir/)]);
    const b = contextFor(project, 'b');
    storageFor(b.context);
    expect(b.warnings).toEqual([]);
  });
});
