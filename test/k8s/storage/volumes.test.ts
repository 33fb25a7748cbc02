import { describe, expect, it } from 'vitest';
import type { HostPath, ServiceVolume, Volume } from '../../../lib/compose/model.ts';
import { fileObjectsFor } from '../../../lib/k8s/config-and-secrets/file-objects.ts';
import { storageFor } from '../../../lib/k8s/storage/volumes.ts';
import { hostDirectory, hostFile, makeDeploy, makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';
import { convertCompose } from '../support/compose-text.ts';

const named = (source: string | undefined, target: string, readOnly = false): ServiceVolume => ({
  type: 'volume',
  ...(source === undefined ? {} : { source }),
  target,
  readOnly,
  nocopy: false,
});
const bind = (source: string, target: string, readOnly = false): ServiceVolume => ({
  type: 'bind',
  source,
  target,
  readOnly,
  createHostPath: true,
});
const topVolume = (name: string, overrides: Partial<Volume> = {}): Volume => ({
  name,
  external: false,
  driverOpts: {},
  labels: {},
  extensions: {},
  ...overrides,
});
/** A ConfigMap or Secret payload without who asked for it. */
const withoutOwner = <T extends { readonly owner: unknown }>({ owner: _owner, ...payload }: T): Omit<T, 'owner'> => payload;
const file = (content: string, binary = false): HostPath => hostFile(content, { binary });
/** The claim spec's storage request as YAML would print it. */
const storageOf = (spec: { resources?: { requests?: Record<string, unknown> } }) => spec.resources?.requests?.storage;

describe('named volumes', () => {
  it('become one shared claim named after the volume for a Deployment, 1Gi ReadWriteOnce by default', () => {
    const project = makeProject([makeService('grafana', { volumes: [named('grafana-data', '/var/lib/grafana')] })], {
      volumes: { 'grafana-data': topVolume('demo_grafana-data') },
    });
    const { context, warnings } = contextFor(project, 'grafana');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'grafana-data', persistentVolumeClaim: { claimName: 'grafana-data' } }]);
    expect(storage.volumeMounts).toEqual([{ name: 'grafana-data', mountPath: '/var/lib/grafana' }]);
    expect(storage.persistentVolumeClaims).toHaveLength(1);
    const claim = storage.persistentVolumeClaims[0]!;
    expect(claim.name).toBe('grafana-data');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(storageOf(claim.spec)).toBe('1Gi');
    expect(claim.spec).not.toHaveProperty('storageClassName');
    expect(storage.volumeClaimTemplates).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('take size, class and access mode from volume options over defaultVolume', () => {
    const project = makeProject([makeService('web', { volumes: [named('media_files', '/media', true)] })], {
      volumes: { media_files: topVolume('demo_media_files') },
    });
    const chartOptions = {
      defaultVolume: { size: '5Gi', storageClass: 'fast' },
      volumes: { media_files: { accessMode: 'ReadWriteMany' as const } },
    };
    const storage = storageFor(contextFor(project, 'web', { chartOptions }).context);
    const claim = storage.persistentVolumeClaims[0]!;
    expect(claim.name).toBe('media-files');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.spec.storageClassName).toBe('fast');
    expect(storageOf(claim.spec)).toBe('5Gi');
    expect(storage.volumes).toEqual([{ name: 'media-files', persistentVolumeClaim: { claimName: 'media-files', readOnly: true } }]);
    expect(storage.volumeMounts).toEqual([{ name: 'media-files', mountPath: '/media', readOnly: true }]);
  });

  it('become volumeClaimTemplates for a StatefulSet, with the service storage options', () => {
    const project = makeProject([makeService('postgres', { volumes: [named('postgres_data', '/var/lib/postgresql/data')] })], {
      volumes: { postgres_data: topVolume('demo_postgres_data') },
    });
    const options = { storage: { size: '20Gi', storageClass: 'ssd' } };
    const storage = storageFor(contextFor(project, 'postgres', { workload: 'StatefulSet', options }).context);
    expect(storage.volumes).toEqual([]);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(storage.volumeMounts).toEqual([{ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' }]);
    const template = storage.volumeClaimTemplates[0]!;
    expect(template.name).toBe('postgres-data');
    expect(storageOf(template.spec)).toBe('20Gi');
    expect(template.spec.storageClassName).toBe('ssd');
  });

  it("keep a claim its sharers all mount read-only on one node too, without calling it written (tt-rss's ./config.d)", () => {
    const converted = convertCompose(`services:\n  app:\n    image: example/ttrss:1.0\n    volumes: ['./config.d:/opt/tt-rss/config.d:ro']\n  updater:\n    image: example/ttrss:1.0\n    volumes: ['./config.d:/opt/tt-rss/config.d:ro']\n`);
    const shared = converted.warnings.map((warning) => warning.message).filter((message) => message.includes('is shared'));
    expect(shared).toEqual([expect.stringMatching(/^host path \S*config\.d is shared \(app, updater\): .*ReadWriteOnce.*one node/)]);
    expect(shared.join('\n')).not.toContain('read-write');
  });

  it('keep a claim shared read-write ReadWriteOnce and its pods on one node, said once per volume', () => {
    const project = makeProject(
      [
        makeService('api', { volumes: [named('media', '/media')], deploy: makeDeploy({ replicas: 2 }) }),
        makeService('worker', { volumes: [named('media', '/media')] }),
        makeService('web', {}),
      ],
      { volumes: { media: topVolume('demo_media') } },
    );
    const api = contextFor(project, 'api');
    const apiStorage = storageFor(api.context);
    expect(apiStorage.persistentVolumeClaims[0]?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(api.warnings).toEqual([
      { key: 'services.api.volumes.0', message: expect.stringMatching(/volume 'media' is shared \(api, worker\).*ReadWriteOnce.*one node.*sharedStorageClass/) },
    ]);
    const group = { 'storage.cdk8s-compose.io/node-group': 'api' };
    expect(apiStorage.colocation).toEqual({
      labels: group,
      affinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'demo', ...group } } },
        ],
      },
    });
    const worker = contextFor(project, 'worker');
    expect(storageFor(worker.context).colocation?.labels).toEqual(group);
    expect(worker.warnings).toEqual([]);
    expect(storageFor(contextFor(project, 'web').context).colocation).toBeUndefined();
  });

  it('do not co-locate replicas that max_replicas_per_node: 1 spreads over nodes; say so', () => {
    const placement = { constraints: [], preferences: [], maxReplicasPerNode: 1 };
    const project = makeProject([makeService('api', { volumes: [named('media', '/media')], deploy: makeDeploy({ replicas: 2, placement }) })], {
      volumes: { media: topVolume('demo_media') },
    });
    const { context, warnings } = contextFor(project, 'api');
    expect(storageFor(context).colocation).toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/max_replicas_per_node: 1 puts the replicas on different nodes/)]);
  });

  it('give a shared volume a ReadWriteMany claim of sharedStorageClass, per volume or project-wide, and no co-location', () => {
    const project = makeProject(
      [makeService('api', { volumes: [named('media', '/media')] }), makeService('worker', { volumes: [named('media', '/media')] })],
      { volumes: { media: topVolume('demo_media') } },
    );
    for (const chartOptions of [{ volumes: { media: { sharedStorageClass: 'efs' } } }, { defaultVolume: { sharedStorageClass: 'efs' } }]) {
      const { context, warnings } = contextFor(project, 'api', { chartOptions });
      const storage = storageFor(context);
      expect(storage.persistentVolumeClaims[0]?.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs' });
      expect(storage.colocation).toBeUndefined();
      expect(warnings).toEqual([]);
    }
  });

  it('keep a cache volume of one replicated service per pod (emptyDir), with a warning; one replica keeps its claim', () => {
    const volumes = [named('api_cache', '/app/__pycache__')];
    const replicated = makeProject([makeService('api', { volumes, deploy: makeDeploy({ replicas: 3 }) })], { volumes: { api_cache: topVolume('demo_api_cache') } });
    const { context, warnings } = contextFor(replicated, 'api');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'api-cache', emptyDir: {} }]);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(warnings[0]?.message).toMatch(/cache or log directory of this service alone: each of its 3 pods/);
    const single = makeProject([makeService('api', { volumes })], { volumes: { api_cache: topVolume('demo_api_cache') } });
    expect(storageFor(contextFor(single, 'api').context).persistentVolumeClaims.map((claim) => claim.name)).toEqual(['api-cache']);
  });

  it('emit an external volume as a claim GitOps tools and Helm never delete, or reference it with externalVolumes: existing', () => {
    const project = makeProject([makeService('db', { volumes: [named('pgdata', '/data')] })], {
      volumes: { pgdata: topVolume('Prod_PGData', { external: true }) },
    });
    const { context, warnings } = contextFor(project, 'db');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'pgdata', persistentVolumeClaim: { claimName: 'prod-pgdata' } }]);
    expect(storage.persistentVolumeClaims.map(withoutOwner)).toEqual([
      {
        name: 'prod-pgdata',
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        labels: expect.any(Object),
        annotations: {
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
          'helm.sh/resource-policy': 'keep',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
        },
      },
    ]);
    expect(storage.references).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/external: its claim 'prod-pgdata' is emitted.*externalVolumes: existing/)]);
    const existing = contextFor(project, 'db', { chartOptions: { externalVolumes: 'existing' } });
    const referenced = storageFor(existing.context);
    expect(referenced.persistentVolumeClaims).toEqual([]);
    expect(referenced.references.map((reference) => [reference.kind, reference.name])).toEqual([['PersistentVolumeClaim', 'prod-pgdata']]);
    expect(existing.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/'prod-pgdata' must exist in the namespace \(externalVolumes: existing\)/)]);
  });

  it('honour subpath', () => {
    const mount: ServiceVolume = { type: 'volume', source: 'shared', target: '/srv', readOnly: false, nocopy: false, subpath: 'web' };
    const project = makeProject([makeService('web', { volumes: [mount] })], { volumes: { shared: topVolume('demo_shared') } });
    expect(storageFor(contextFor(project, 'web').context).volumeMounts).toEqual([{ name: 'shared', mountPath: '/srv', subPath: 'web' }]);
  });
});

describe('anonymous volumes and tmpfs', () => {
  it('become emptyDirs; tmpfs is memory-backed with its size limit', () => {
    const tmpfs: ServiceVolume = { type: 'tmpfs', target: '/run/cache', readOnly: false, size: 64 * 1024 * 1024 };
    const project = makeProject([makeService('web', { volumes: [named(undefined, '/var/cache/nginx'), tmpfs] })]);
    const storage = storageFor(contextFor(project, 'web').context);
    expect(storage.volumes).toHaveLength(2);
    expect(storage.volumes[0]).toEqual({ name: 'scratch-var-cache-nginx', emptyDir: {} });
    expect(storage.volumes[1]?.name).toBe('tmpfs-run-cache');
    expect(storage.volumes[1]?.emptyDir?.medium).toBe('Memory');
    expect(storage.volumes[1]?.emptyDir?.sizeLimit).toBe('64Mi');
    expect(storage.volumeMounts.map((m) => m.mountPath)).toEqual(['/var/cache/nginx', '/run/cache']);
  });

  it('drop an anonymous volume that only shielded image files from a dropped source mount', () => {
    const project = makeProject([
      makeService('client', {
        build: { context: '/project/client-dashboard', args: {} },
        volumes: [bind('/project/client-dashboard', '/app'), named(undefined, '/app/node_modules')],
      }),
    ]);
    const { context, warnings } = contextFor(project, 'client');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([]);
    expect(storage.volumeMounts).toEqual([]);
    expect(warnings.map((w) => w.key)).toEqual(['services.client.volumes.0', 'services.client.volumes.1']);
    expect(warnings[0]?.message).toMatch(/source code/);
  });
});

describe('bind mounts', () => {
  it('ship an existing file as a ConfigMap mounted read-only at its target', () => {
    const project = makeProject([makeService('prometheus', { volumes: [bind('/project/prometheus.yml', '/etc/prometheus/prometheus.yml')] })], {
      hostFiles: { '/project/prometheus.yml': file('scrape_configs: []\n') },
    });
    const storage = storageFor(contextFor(project, 'prometheus').context);
    expect(storage.configMaps.map(withoutOwner)).toEqual([
      { name: 'prometheus-etc-prometheus-prometheus-yml', data: { 'prometheus.yml': 'scrape_configs: []\n' }, binaryData: {} },
    ]);
    expect(storage.volumes).toEqual([
      {
        name: 'etc-prometheus-prometheus-yml',
        configMap: { name: 'prometheus-etc-prometheus-prometheus-yml', items: [{ key: 'prometheus.yml', path: 'prometheus.yml' }] },
      },
    ]);
    expect(storage.volumeMounts).toEqual([
      { name: 'etc-prometheus-prometheus-yml', mountPath: '/etc/prometheus/prometheus.yml', subPath: 'prometheus.yml', readOnly: true },
    ]);
    expect(storage.secrets).toEqual([]);
  });

  it('put binary files in binaryData', () => {
    const project = makeProject([makeService('web', { volumes: [bind('/project/logo.png', '/usr/share/nginx/html/logo.png', true)] })], {
      hostFiles: { '/project/logo.png': file('iVBORw0KGgo=', true) },
    });
    const [configMap] = storageFor(contextFor(project, 'web').context).configMaps.map(withoutOwner);
    expect(configMap).toEqual({ name: 'web-usr-share-nginx-html-logo-png', data: {}, binaryData: { 'logo.png': 'iVBORw0KGgo=' } });
  });

  it.each([
    ['a mosquitto password file', '/project/mqtt/passwd', '/mosquitto/config/passwd', 'user:$7$101$abc'],
    ['a private key', '/project/tls/server.key', '/etc/tls/server.key', '-----BEGIN RSA PRIVATE KEY-----\nMII\n'],
    ['a .env file', '/project/.env.production', '/app/.env', 'A=1\n'],
    ['a config that sets a password', '/project/redis/redis.conf', '/usr/local/etc/redis/redis.conf', '# comment\nrequirepass hunter22\n'],
    // organicnz/headscale-tailscale-docker's config/config.yaml: the database password under `pass:`.
    ['a config whose database password is its `pass`', '/project/config/config.yaml', '/etc/headscale/config.yaml', 'database:\n  postgres:\n    user: headscale\n    pass: changeme  # must match\n'],
  ])('ship %s as a Secret instead', (_what, source, target, content) => {
    const project = makeProject([makeService('svc', { volumes: [bind(source, target, true)] })], { hostFiles: { [source]: file(content) } });
    const storage = storageFor(contextFor(project, 'svc').context);
    expect(storage.configMaps).toEqual([]);
    expect(storage.secrets).toHaveLength(1);
    expect(Object.values(storage.secrets[0]!.stringData)).toEqual([content]);
    expect(storage.volumes[0]?.secret?.secretName).toBe(storage.secrets[0]!.name);
  });

  it('ship a file as a Secret when it contains a secret value from elsewhere in the project', () => {
    const sql = "CREATE USER modax_user WITH PASSWORD 'changeme-42';\n";
    const project = makeProject(
      [
        makeService('db', {
          environment: { POSTGRES_PASSWORD: 'changeme-42' },
          volumes: [bind('/project/init-db.sql', '/docker-entrypoint-initdb.d/01-init.sql')],
        }),
      ],
      { hostFiles: { '/project/init-db.sql': file(sql) } },
    );
    const storage = storageFor(contextFor(project, 'db').context);
    expect(storage.configMaps).toEqual([]);
    expect(storage.secrets.map(withoutOwner)).toEqual([{ name: 'db-docker-entrypoint-initdb-d-01-init-sql', stringData: { '01-init.sql': sql } }]);
  });

  it('keep a mosquitto.conf that only names its password file in a ConfigMap', () => {
    const conf = 'listener 1883\npassword_file /mosquitto/config/passwd\nacl_file /mosquitto/config/acl\n';
    const project = makeProject([makeService('mqtt', { volumes: [bind('/project/mqtt/mosquitto.conf', '/mosquitto/config/mosquitto.conf', true)] })], {
      hostFiles: { '/project/mqtt/mosquitto.conf': file(conf) },
    });
    const storage = storageFor(contextFor(project, 'mqtt').context);
    expect(storage.secrets).toEqual([]);
    expect(storage.configMaps[0]?.data).toEqual({ 'mosquitto.conf': conf });
  });

  it('ship a read-only directory of config files as one ConfigMap, a certificate directory as a Secret', () => {
    const project = makeProject(
      [
        makeService('nginx', {
          volumes: [bind('/project/nginx/sites', '/etc/nginx/sites-enabled', true), bind('/project/nginx/ssl', '/etc/nginx/ssl', true)],
        }),
      ],
      {
        hostFiles: {
          '/project/nginx/sites': hostDirectory({ 'scip.conf': 'server {}\n', 'my site.conf': 'server {}\n' }),
          '/project/nginx/ssl': hostDirectory({ 'cert.pem': 'CERT', 'key.pem': 'KEY' }),
        },
      },
    );
    const storage = storageFor(contextFor(project, 'nginx').context);
    expect(storage.configMaps.map(withoutOwner)).toEqual([
      { name: 'nginx-etc-nginx-sites-enabled', data: { 'my_site.conf': 'server {}\n', 'scip.conf': 'server {}\n' }, binaryData: {} },
    ]);
    expect(storage.secrets.map(withoutOwner)).toEqual([{ name: 'nginx-etc-nginx-ssl', stringData: { 'cert.pem': 'CERT', 'key.pem': 'KEY' } }]);
    // `my site.conf` has no key of its own spelling: the mount maps every key to its file name.
    const sites = [{ key: 'my_site.conf', path: 'my site.conf' }, { key: 'scip.conf', path: 'scip.conf' }];
    expect(storage.volumes).toEqual([
      { name: 'etc-nginx-sites-enabled', configMap: { name: 'nginx-etc-nginx-sites-enabled', items: sites } },
      { name: 'etc-nginx-ssl', secret: { secretName: 'nginx-etc-nginx-ssl' } },
    ]);
    expect(storage.volumeMounts.every((m) => m.readOnly === true && m.subPath === undefined)).toBe(true);
  });

  it.each([
    ['the build context (absent from the project)', { build: { context: '/project/api', args: {} } }, '/project/api', '/app', undefined],
    ['a folder of source files inside the build context', { build: { context: '/project/backend', args: {} } }, '/project/backend/app', '/app/app', hostDirectory({ 'main.py': 'print(1)' })],
  ])('drop source code mounts of %s with a warning', (_what, overrides, source, target, host) => {
    const project = makeProject([makeService('api', { ...overrides, volumes: [bind(source, target)] })], {
      hostFiles: host ? { [source]: host } : {},
    });
    const { context, warnings } = contextFor(project, 'api');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([]);
    expect(storage.volumeMounts).toEqual([]);
    expect(warnings).toEqual([{ key: 'services.api.volumes.0', message: expect.stringMatching(/source code/) }]);
  });

  it('mount source files over the working directory of an image the project does not build: the mount is where its code comes from', () => {
    const project = makeProject([makeService('api', { image: 'php:8.3-apache', workingDir: '/srv/site', volumes: [bind('/project/site', '/srv/site', true)] })], {
      hostFiles: { '/project/site': hostDirectory({ 'index.php': '<?php' }) },
    });
    const { context, warnings } = contextFor(project, 'api');
    const storage = storageFor(context);
    expect(storage.volumeMounts).toEqual([{ name: 'srv-site', mountPath: '/srv/site', readOnly: true }]);
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/source code/);
  });

  it('keep a data folder inside the build context (./data/server:/data with context .) on a claim', () => {
    const project = makeProject([
      makeService('server', { build: { context: '/project', args: {} }, volumes: [bind('/project/data/server', '/data')] }),
    ]);
    const { context, warnings } = contextFor(project, 'server');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'server-data' } }]);
    expect(storage.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/source code/);
  });

  it("keep Misskey's upload folder (./files:/misskey/files with context ., absent from a checkout) on a claim", () => {
    // Until 2026-12-06 it was dropped as source code of the build context: uploads lived in the container.
    const project = makeProject([
      makeService('web', { build: { context: '/project', args: {} }, volumes: [bind('/project/files', '/misskey/files')] }),
    ]);
    const { context, warnings } = contextFor(project, 'web');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'misskey-files', persistentVolumeClaim: { claimName: 'web-misskey-files' } }]);
    expect(storage.volumeMounts).toEqual([{ name: 'misskey-files', mountPath: '/misskey/files' }]);
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/source code/);
  });

  it("keep Sylius-Standard's session folder (./var/sessions:/srv/sylius/var/sessions:rw with context ., absent from a checkout) on a claim", () => {
    // Until 2026-12-07 it was dropped as source code of the build context: sessions lived in the container.
    const project = makeProject([
      makeService('php', { build: { context: '/project', args: {} }, volumes: [bind('/project/var/sessions', '/srv/sylius/var/sessions')] }),
    ]);
    const { context, warnings } = contextFor(project, 'php');
    const storage = storageFor(context);
    expect(storage.volumeMounts).toEqual([{ name: 'srv-sylius-var-sessions', mountPath: '/srv/sylius/var/sessions' }]);
    expect(storage.volumes[0]?.persistentVolumeClaim).toBeDefined();
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/source code/);
  });

  it('keep a DaemonSet pod\'s host data in an emptyDir: one claim cannot serve a pod on every node', () => {
    const project = makeProject([makeService('agent', { volumes: [bind('/project/data/agent', '/data')] })]);
    const { context, warnings } = contextFor(project, 'agent', { workload: 'DaemonSet' });
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(warnings[0]?.message).toMatch(/emptyDir for the pod's lifetime/);
  });

  it('mount host data directories from a new claim named <service>-<target>, with a warning', () => {
    const project = makeProject(
      [
        makeService('timescaledb', { volumes: [bind('/var/modax/db/data', '/var/lib/postgresql/data')] }),
        makeService('server', { volumes: [bind('/project/data/server', '/data')] }),
      ],
      { hostFiles: { '/project/data/server': hostDirectory({ 'x.db': 'SQLite format 3' }) } },
    );
    const db = contextFor(project, 'timescaledb');
    const dbStorage = storageFor(db.context);
    expect(dbStorage.volumes).toEqual([
      { name: 'var-lib-postgresql-data', persistentVolumeClaim: { claimName: 'timescaledb-var-lib-postgresql-data' } },
    ]);
    expect(dbStorage.persistentVolumeClaims.map((c) => c.name)).toEqual(['timescaledb-var-lib-postgresql-data']);
    expect(dbStorage.persistentVolumeClaims[0]?.labels?.['app.kubernetes.io/name']).toBe('timescaledb');
    expect(db.warnings[0]?.message).toMatch(/does not exist at conversion time/);
    const server = contextFor(project, 'server');
    expect(storageFor(server.context).persistentVolumeClaims.map((c) => c.name)).toEqual(['server-data']);
    expect(server.warnings[0]?.message).toMatch(/holds data/);
  });

  it('share one ReadWriteOnce claim between services that bind the same host path, on one node', () => {
    const project = makeProject([
      makeService('api', { volumes: [bind('/project/media', '/media')] }),
      makeService('orchestration', { volumes: [bind('/project/media', '/media', true)] }),
    ]);
    const api = contextFor(project, 'api');
    const apiStorage = storageFor(api.context);
    const orchestration = storageFor(contextFor(project, 'orchestration').context);
    expect(orchestration.colocation?.labels).toEqual({ 'storage.cdk8s-compose.io/node-group': 'api' });
    expect(apiStorage.persistentVolumeClaims.map((c) => c.name)).toEqual(['host-media']);
    expect(orchestration.persistentVolumeClaims.map((c) => c.name)).toEqual(['host-media']);
    expect(orchestration.volumes).toEqual([{ name: 'media', persistentVolumeClaim: { claimName: 'host-media', readOnly: true } }]);
    // A managed cluster's default class serves ReadWriteOnce: the writer and the reader share its node.
    expect(apiStorage.persistentVolumeClaims[0]?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(apiStorage.colocation?.labels).toEqual({ 'storage.cdk8s-compose.io/node-group': 'api' });
    expect(api.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/host path \/project\/media is shared \(api, orchestration\)/),
      expect.stringMatching(/new, empty PersistentVolumeClaim 'host-media'/),
    ]);
    // Said once per claim, by its first user.
    const second = contextFor(project, 'orchestration');
    storageFor(second.context);
    expect(second.warnings).toEqual([]);
  });

  it('reference a Secret for key and certificate paths that do not exist at conversion time', () => {
    const project = makeProject([
      makeService('mosquitto', { volumes: [bind('/etc/modax/certs', '/mosquitto/certs', true), bind('/srv/tls/server.pem', '/etc/server.pem')] }),
    ]);
    const { context, warnings } = contextFor(project, 'mosquitto');
    const storage = storageFor(context);
    expect(storage.persistentVolumeClaims).toEqual([]);
    expect(storage.secrets).toEqual([]);
    expect(storage.volumes).toEqual([
      { name: 'mosquitto-certs', secret: { secretName: 'etc-modax-certs' } },
      { name: 'etc-server-pem', secret: { secretName: 'srv-tls-server-pem', items: [{ key: 'server.pem', path: 'server.pem' }] } },
    ]);
    expect(storage.volumeMounts[1]).toEqual({ name: 'etc-server-pem', mountPath: '/etc/server.pem', subPath: 'server.pem', readOnly: true });
    expect(warnings[0]?.message).toContain('kubectl create secret generic etc-modax-certs --from-file=/etc/modax/certs');
    expect(warnings[1]?.message).toContain('--from-file=server.pem=/srv/tls/server.pem');
  });

  it('reference a ConfigMap for config files absent at conversion time, even inside the build context', () => {
    const project = makeProject([
      makeService('proxy', {
        build: { context: '/project/nginx', args: {} },
        volumes: [bind('/project/nginx/default.conf', '/tmp/nginx.conf'), bind('/project/logs/nginx.log', '/home/nginx.log')],
      }),
    ]);
    const { context, warnings } = contextFor(project, 'proxy');
    const storage = storageFor(context);
    expect(storage.volumes).toEqual([
      { name: 'tmp-nginx-conf', configMap: { name: 'nginx-default-conf', items: [{ key: 'nginx.conf', path: 'nginx.conf' }] } },
      { name: 'home-nginx-log', persistentVolumeClaim: { claimName: 'proxy-home-nginx-log' } },
    ]);
    expect(warnings[0]?.message).toContain('kubectl create configmap nginx-default-conf --from-file=nginx.conf=nginx/default.conf');
  });

  it('make host data a claim template for a StatefulSet', () => {
    const project = makeProject([makeService('db', { volumes: [bind('/var/db', '/var/lib/mysql')] })]);
    const storage = storageFor(contextFor(project, 'db', { workload: 'StatefulSet' }).context);
    expect(storage.volumes).toEqual([]);
    expect(storage.volumeClaimTemplates.map((t) => t.name)).toEqual(['var-lib-mysql']);
    expect(storage.volumeMounts).toEqual([{ name: 'var-lib-mysql', mountPath: '/var/lib/mysql' }]);
  });

  it('use hostPath only when allowHostPath is set, with a warning; drop host sockets otherwise', () => {
    const project = makeProject([
      makeService('agent', {
        volumes: [bind('/var/run/docker.sock', '/var/run/docker.sock', true), bind('/srv/logs', '/logs')],
      }),
    ]);
    const denied = contextFor(project, 'agent');
    const deniedStorage = storageFor(denied.context);
    expect(deniedStorage.volumes.map((v) => v.name)).toEqual(['logs']);
    expect(denied.warnings[0]?.message).toMatch(/host socket; not mounted/);
    const allowed = contextFor(project, 'agent', { options: { allowHostPath: true } });
    expect(storageFor(allowed.context).volumes).toEqual([
      { name: 'var-run-docker-sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
      { name: 'logs', hostPath: { path: '/srv/logs', type: 'DirectoryOrCreate' } },
    ]);
    expect(allowed.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/hostPath \(allowHostPath\)/),
      expect.stringMatching(/hostPath \(allowHostPath\)/),
    ]);
  });
});

describe('compose configs', () => {
  it('are not storage: fileObjectsFor ships them with their mounts', () => {
    const project = makeProject([makeService('web', { configs: [{ source: 'app_config', target: '/app_config' }] })], {
      configs: { app_config: { name: 'demo_app_config', source: { kind: 'content' }, value: 'debug=false\n', labels: {}, extensions: {} } },
    });
    expect(storageFor(contextFor(project, 'web').context).configMaps).toEqual([]);
    expect(fileObjectsFor(contextFor(project, 'web').context).configMaps.map(withoutOwner)).toEqual([
      { name: 'app-config', data: { app_config: 'debug=false\n' }, binaryData: {} },
    ]);
  });
});
