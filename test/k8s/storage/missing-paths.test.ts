/**
 * Paths missing at conversion time (docs/translation.md, Volumes): a folder a service writes is
 * storage (a claim), whatever its name suggests; only what every service reads is an object the
 * operator creates.
 */
import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const volumesOf = (pod: Json): Json[] => pod.spec.template.spec.volumes ?? [];
const mountOf = (pod: Json, path: string): Json => pod.spec.template.spec.containers[0].volumeMounts.find((mount: Json) => mount.mountPath === path);

describe('a missing path', () => {
  // zitadel: a setup Job writes /.env-file/.env, the other services read it.
  const zitadel = [
    'services:',
    '  setup:',
    '    image: busybox:1.36',
    '    command: ["sh", "-c", "echo TOKEN=abc > /.env-file/.env"]',
    '    volumes:',
    '      - ./.env-file:/.env-file:rw',
    '  app:',
    '    image: nginx:1.27',
    '    depends_on:',
    '      setup:',
    '        condition: service_completed_successfully',
    '    volumes:',
    '      - ./.env-file:/.env-file:ro',
    '',
  ].join('\n');

  it('mounted read-write by a service is a shared claim it writes, though its name looks like a secret (.env-file)', () => {
    const result = convertCompose(zitadel);
    expect(result.objects('Secret')).toEqual([]);
    expect(result.plan.toCreate).not.toContainEqual(expect.objectContaining({ kind: 'Secret' }));
    expect(result.object('PersistentVolumeClaim', 'host-env-file').spec.accessModes).toEqual(['ReadWriteOnce']);
    const [setup] = result.objects('Job');
    const app = result.object('Deployment', 'app');
    expect(volumesOf(setup)).toContainEqual({ name: 'env-file', persistentVolumeClaim: { claimName: 'host-env-file' } });
    expect(mountOf(setup, '/.env-file')).toEqual({ name: 'env-file', mountPath: '/.env-file' });
    expect(volumesOf(app)).toContainEqual({ name: 'env-file', persistentVolumeClaim: { claimName: 'host-env-file', readOnly: true } });
    expect(mountOf(app, '/.env-file')).toEqual({ name: 'env-file', mountPath: '/.env-file', readOnly: true });
    // Said once, by the claim's first user.
    const said = result.warningsAt('services.').filter((warning) => warning.includes('does not exist'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/\.env-file does not exist at conversion time and setup mounts it read-write.*PersistentVolumeClaim 'host-env-file'/);
  });

  it('that every service reads and whose name says secret is still a Secret the operator creates', () => {
    const result = convertCompose(zitadel.replace('./.env-file:/.env-file:rw', './.env-file:/.env-file:ro'));
    expect(result.objects('PersistentVolumeClaim')).toEqual([]);
    expect(volumesOf(result.object('Deployment', 'app'))).toContainEqual({ name: 'env-file', secret: { secretName: 'env-file' } });
  });
});

describe('a missing folder at a code directory that two services mount (roundcubemail-docker fpm)', () => {
  // roundcube/roundcubemail-docker's fpm example: roundcubemail's entrypoint fills ./www, mounted at
  // /var/www/html, with Roundcube; nginx serves it from the same folder and passes PHP on. Both were
  // dropped as code the image carries, and nginx, whose image has no /var/www/html, answered 404.
  const roundcube = `services:
  roundcubemail:
    image: roundcube/roundcubemail:1.6.9-fpm
    volumes:
      - ./www:/var/www/html
  roundcubenginx:
    image: nginx:1.27
    ports: ["9009:80"]
    volumes:
      - ./www:/var/www/html
`;

  it('is the folder they share, one claim mounted in both', () => {
    const result = convertCompose(roundcube);
    expect(result.warningsAt('services.').filter((warning) => warning.includes('source code'))).toEqual([]);
    const claim = result.object('PersistentVolumeClaim', 'host-www');
    for (const name of ['roundcubemail', 'roundcubenginx']) {
      const pod = result.object('Deployment', name);
      const mount = mountOf(pod, '/var/www/html');
      expect(volumesOf(pod)).toContainEqual({ name: mount.name, persistentVolumeClaim: { claimName: claim.metadata.name } });
    }
  });

  it('mounted by one service alone is still dropped as the code its image carries', () => {
    const result = convertCompose(roundcube.replace(/  roundcubenginx:[\s\S]*$/, ''));
    expect(result.warningsAt('services.roundcubemail.volumes')).toEqual([
      "services.roundcubemail.volumes.0: bind mount ./www is dropped as the service's source code: it is mounted over the image's code directory /var/www/html; the image carries the code",
    ]);
    expect(result.objects('PersistentVolumeClaim')).toEqual([]);
  });
});

describe('a missing folder named for data at a code directory (IoT_pipeline_EMQX-Kafka-Spark)', () => {
  // olivier-2018/IoT_pipeline_EMQX-Kafka-Spark: kafka-ui mounts ./data-kafka-ui at /workspace, which
  // was dropped as the code its image carries, so what kafka-ui writes there was lost at every restart.
  it('is a claim the service keeps, as compose gives it a folder it keeps; a folder named otherwise is still dropped as code', () => {
    const result = convertCompose(`services:
  kafka-ui:
    image: provectuslabs/kafka-ui:v0.7.2
    volumes:
      - ./data-kafka-ui:/workspace
      - ./mongo_data:/app
      - ./src:/code
`);
    expect(result.warningsAt('services.kafka-ui.volumes').filter((warning) => warning.includes('source code'))).toEqual([
      "services.kafka-ui.volumes.2: bind mount ./src is dropped as the service's source code: it is mounted over the image's code directory /code; the image carries the code",
    ]);
    const pod = result.object('Deployment', 'kafka-ui');
    for (const path of ['/workspace', '/app']) {
      const mount = mountOf(pod, path);
      expect(volumesOf(pod)).toContainEqual({ name: mount.name, persistentVolumeClaim: expect.objectContaining({ claimName: expect.any(String) }) });
    }
    expect(mountOf(pod, '/code')).toBeUndefined();
  });
});

describe('a missing file in a folder a service writes (element-docker-demo)', () => {
  // caddy writes its local CA below ./data/caddy/data; init writes element-web's config into ./data.
  const element = [
    'services:',
    '  init:',
    '    image: alpine:3.20',
    '    command: ["sh", "-c", "mkdir -p /data/element-web && echo {} > /data/element-web/config.json"]',
    '    volumes:',
    '      - ./data:/data',
    '  caddy:',
    '    image: caddy:2.8',
    '    volumes:',
    '      - ./data/caddy/data:/data',
    '  synapse:',
    '    image: ghcr.io/element-hq/synapse:v1.120.0',
    '    depends_on: [caddy]',
    '    volumes:',
    '      - ./data/caddy/data/caddy/pki/authorities/local/root.crt:/etc/ssl/certs/ca-certificates.crt:ro',
    '  element-web:',
    '    image: vectorim/element-web:v1.11.85',
    '    depends_on:',
    '      init:',
    '        condition: service_completed_successfully',
    '    volumes:',
    '      - ./data/element-web/config.json:/app/config.json',
    '',
  ].join('\n');

  it('is that folder\'s claim, mounted by subPath as compose shows it, not an object to create', () => {
    const result = convertCompose(element);
    expect(result.plan.toCreate).toEqual([]);
    expect(result.objects('Secret')).toEqual([]);
    expect(result.objects('ConfigMap').map((map) => map.metadata.name)).not.toContain('data-element-web-config-json');
    const synapse = result.object('Deployment', 'synapse');
    const ca = mountOf(synapse, '/etc/ssl/certs/ca-certificates.crt');
    expect(ca).toMatchObject({ subPath: 'caddy/data/caddy/pki/authorities/local/root.crt', readOnly: true });
    expect(volumesOf(synapse).find((volume) => volume.name === ca.name)).toMatchObject({ persistentVolumeClaim: { claimName: 'host-data' } });
    const web = result.object('Deployment', 'element-web');
    const config = mountOf(web, '/app/config.json');
    expect(config).toMatchObject({ subPath: 'element-web/config.json' });
    expect(volumesOf(web).find((volume) => volume.name === config.name)).toMatchObject({ persistentVolumeClaim: { claimName: 'host-data' } });
    // Each file says once why it is the claim's: the folder above it that a service writes.
    expect(result.warningsAt('services.synapse.volumes').filter((warning) => warning.includes('root.crt'))).toEqual([
      expect.stringMatching(/root\.crt does not exist at conversion time, but lies in \.\/data\/caddy\/data, which caddy mounts read-write.*at its file 'caddy\/data\/caddy\/pki\/authorities\/local\/root\.crt'/),
    ]);
    expect(result.warningsAt('services.element-web.volumes')).toEqual([
      expect.stringMatching(/config\.json does not exist at conversion time, but lies in \.\/data, which init mounts read-write.*at its file 'element-web\/config\.json'/),
    ]);
  });

  it('that nobody writes a folder of is still an object the operator creates', () => {
    const result = convertCompose(element.replace('      - ./data:/data\n', '      - ./data:/data:ro\n').replace('./data/caddy/data:/data', './data/caddy/data:/data:ro'));
    expect(result.plan.toCreate.map((object) => `${object.kind}/${object.name}`).sort()).toEqual([
      'ConfigMap/data-element-web-config-json',
      'Secret/data-caddy-data-caddy-pki-authorities-local-root-crt',
    ]);
  });
});

/** element-docker-demo: its init writes ./secrets/synapse/signing.key, which synapse reads as a compose secret. */
describe('a compose secret whose absent file lies in a folder a service writes', () => {
  const stack = (reference: string): string =>
    [
      'secrets:',
      '  signing_key: {file: secrets/synapse/signing.key}',
      'services:',
      '  init:',
      '    image: alpine:3.20',
      '    command: ["sh", "-c", "mkdir -p /secrets/synapse && head -c32 /dev/urandom | base64 > /secrets/synapse/signing.key"]',
      '    volumes: ["./secrets:/secrets"]',
      '  synapse:',
      '    image: ghcr.io/element-hq/synapse:v1.120.0',
      `    secrets: [${reference}]`,
      '    depends_on: {init: {condition: service_completed_successfully}}',
      '',
    ].join('\n');

  it("is that folder's claim's file, mounted read-only at the secret's target, not a Secret to create", () => {
    const result = convertCompose(stack('signing_key'));
    expect(result.plan.toCreate).toEqual([]);
    expect(result.objects('Secret')).toEqual([]);
    const synapse = result.object('Deployment', 'synapse');
    const key = mountOf(synapse, '/run/secrets/signing_key');
    expect(key).toMatchObject({ subPath: 'synapse/signing.key', readOnly: true });
    expect(volumesOf(synapse).find((volume) => volume.name === key.name)).toMatchObject({ persistentVolumeClaim: { claimName: 'host-secrets' } });
    expect(result.warningsAt('services.synapse.secrets.0')).toEqual([
      expect.stringMatching(/signing\.key does not exist at conversion time, but lies in \.\/secrets, which init mounts read-write.*at its file 'synapse\/signing\.key'/),
    ]);
  });

  it('with a mode of its own is still a Secret the operator creates', () => {
    const result = convertCompose(stack('{source: signing_key, mode: 0400}'));
    expect(result.plan.toCreate.map((object) => `${object.kind}/${object.name}`)).toEqual(['Secret/signing-key']);
  });
});

describe('a folder outside the project', () => {
  it('that a service mounts read-write is a shared claim too, though its name says certificates', () => {
    const result = convertCompose(
      [
        'services:',
        '  certbot:',
        '    image: certbot/certbot:v2.11.0',
        '    volumes: ["/srv/stack/certs:/etc/letsencrypt/live:rw"]',
        '  web:',
        '    image: nginx:1.27',
        '    volumes: ["/srv/stack/certs:/etc/nginx/certs:ro"]',
        '',
      ].join('\n'),
    );
    expect(result.objects('Secret')).toEqual([]);
    expect(result.plan.toCreate).not.toContainEqual(expect.objectContaining({ kind: 'Secret' }));
    expect(volumesOf(result.object('Deployment', 'certbot'))).toContainEqual({ name: 'etc-letsencrypt-live', persistentVolumeClaim: { claimName: 'host-srv-stack-certs' } });
    expect(volumesOf(result.object('Deployment', 'web'))).toContainEqual({ name: 'etc-nginx-certs', persistentVolumeClaim: { claimName: 'host-srv-stack-certs', readOnly: true } });
  });
});

describe('a missing folder named with a version', () => {
  // LibreChat's deploy-compose.yml: meilisearch keeps its index in ./meili_data_v1.35.1.
  const librechat = [
    'services:',
    '  meilisearch:',
    '    image: getmeili/meilisearch:v1.35.1',
    '    volumes:',
    '      - ./meili_data_v1.35.1:/meili_data',
    '',
  ].join('\n');

  it('is storage the service writes, not a file to create a ConfigMap from: a version ends in digits, an extension has a letter', () => {
    const result = convertCompose(librechat);
    expect(result.objects('ConfigMap')).toEqual([]);
    expect(result.plan.toCreate).toEqual([]);
    const claim = volumesOf(result.object('Deployment', 'meilisearch')).find((volume: Json) => volume.persistentVolumeClaim);
    expect(claim).toBeDefined();
    expect(result.object('PersistentVolumeClaim', claim.persistentVolumeClaim.claimName).spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(mountOf(result.object('Deployment', 'meilisearch'), '/meili_data').readOnly).toBeUndefined();
  });

  it('still leaves a missing file with an extension to a ConfigMap the operator creates', () => {
    const result = convertCompose(librechat.replace('./meili_data_v1.35.1:/meili_data', './meili.v1.toml:/etc/meili.toml'));
    expect(result.plan.toCreate).toContainEqual(expect.objectContaining({ kind: 'ConfigMap' }));
  });
});

describe("Meilisearch's database folder data.ms", () => {
  // rortan134/dockerized-strapi-meilisearch mounts it from outside the project.
  const strapi = ['services:', '  meilisearch:', '    image: getmeili/meilisearch:v1.6', '    command: meilisearch', '    volumes:', '      - ../meilisearch/data.ms:/data.ms', ''].join('\n');

  it('is storage the service writes, not a file with the extension ms to create a ConfigMap from', () => {
    const result = convertCompose(strapi);
    expect(result.objects('ConfigMap')).toEqual([]);
    expect(result.plan.toCreate).toEqual([]);
    const claim = volumesOf(result.object('Deployment', 'meilisearch')).find((volume: Json) => volume.persistentVolumeClaim);
    expect(claim).toBeDefined();
    expect(mountOf(result.object('Deployment', 'meilisearch'), '/data.ms').readOnly).toBeUndefined();
  });
});

describe('a missing hidden folder', () => {
  // metabase's dev compose mounts its Maven cache read-write from the home directory.
  const maven = ['services:', '  dev:', '    image: clojure:temurin-21-tools-deps', '    volumes:', '      - ./.m2:/root/.m2', ''].join('\n');

  it('is a folder, not a file with the extension m2 to create a ConfigMap from', () => {
    const result = convertCompose(maven);
    expect(result.plan.toCreate).toEqual([]);
    const claim = volumesOf(result.object('Deployment', 'dev')).find((volume: Json) => volume.persistentVolumeClaim);
    expect(claim).toBeDefined();
    expect(mountOf(result.object('Deployment', 'dev'), '/root/.m2').readOnly).toBeUndefined();
  });

  it('but a dotfile that holds credentials or settings stays a file', () => {
    const result = convertCompose(maven.replace('./.m2:/root/.m2', './.netrc:/root/.netrc:ro'));
    expect(result.plan.toCreate).toContainEqual(expect.objectContaining({ kind: 'Secret', how: expect.stringContaining('--from-file=.netrc=./.netrc') }));
  });
});

describe("SSH's files, named without an extension", () => {
  // markshust/docker-magento mounts the user's key and known_hosts into app and phpfpm, read-write as
  // compose's default is: both became claims, that is directories at the key's path (until 2026-12-06).
  const magento = [
    'services:',
    '  phpfpm:',
    '    image: markoshust/magento-php:8.3-fpm-4',
    '    volumes:',
    '      - ~/.ssh/id_rsa:/var/www/.ssh/id_rsa:cached',
    '      - ~/.ssh/known_hosts:/var/www/.ssh/known_hosts:cached',
    '      - ~/.ssh:/var/www/.ssh-folder',
    '',
  ].join('\n');

  it('are files: the key a Secret and known_hosts a ConfigMap the operator creates, each mounted as its file', () => {
    const result = convertCompose(magento);
    expect(result.plan.toCreate.map((object) => [object.kind, object.name])).toEqual([
      ['ConfigMap', 'home-ssh-known-hosts'],
      ['Secret', 'home-ssh-id-rsa'],
    ]);
    const deployment = result.object('Deployment', 'phpfpm');
    expect(mountOf(deployment, '/var/www/.ssh/id_rsa')).toMatchObject({ subPath: 'id_rsa', readOnly: true });
    expect(mountOf(deployment, '/var/www/.ssh/known_hosts')).toMatchObject({ subPath: 'known_hosts', readOnly: true });
    // The folder itself, written, is still storage.
    const folder = volumesOf(deployment).find((volume: Json) => volume.name === mountOf(deployment, '/var/www/.ssh-folder').name);
    expect(folder.persistentVolumeClaim).toBeDefined();
  });
});

describe('objects named after long host paths', () => {
  // Mimir's play-with-grafana-mimir mounts dashboards from ../../../../../operations/mimir-mixin-compiled/dashboards/.
  const dashboards = [
    'services:',
    '  grafana:',
    '    image: grafana/grafana:11.0.0',
    '    volumes:',
    '      - /srv/operations/mimir-mixin-compiled/dashboards/mimir-writes-resources.json:/var/lib/grafana/dashboards/a.json:ro',
    '      - /srv/operations/mimir-mixin-compiled/dashboards/mimir-writes-networking.json:/var/lib/grafana/dashboards/b.json:ro',
    '',
  ].join('\n');

  it('keep apart paths that differ past 63 characters: cut, with a hash of the whole path', () => {
    const names = convertCompose(dashboards).plan.toCreate.map((object) => object.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^srv-operations-mimir-mixin-compiled-dashboards-mimir-w[a-z-]*-[0-9a-f]{6}$/);
    }
  });

  it('stay as they are within 63 characters', () => {
    const names = convertCompose(dashboards.replaceAll('/srv/operations/mimir-mixin-compiled/dashboards/mimir-writes-', '/srv/d/')).plan.toCreate.map((object) => object.name);
    expect(names.sort()).toEqual(['srv-d-networking-json', 'srv-d-resources-json']);
  });
});

/**
 * MarquezProject/marquez: the entrypoint runs ./wait-for-it.sh from the image's working directory,
 * where compose mounts ./docker/wait-for-it.sh; absent at conversion time, the ConfigMap created
 * from it was mounted 0644, and the kernel refused to start it (permission denied).
 */
describe('a missing file the command starts', () => {
  const marquez = (entrypoint: string, workingDir?: string): string => [
    'services:',
    '  app:',
    '    image: marquezproject/marquez:0.50.0',
    ...(workingDir ? [`    working_dir: ${workingDir}`] : []),
    '    volumes:',
    '      - ./docker/wait-for-it.sh:/usr/src/app/wait-for-it.sh',
    `    entrypoint: ${entrypoint}`,
    '',
  ].join('\n');
  const itemOf = (result: ReturnType<typeof convertCompose>): Json =>
    volumesOf(result.object('Deployment', 'app')).find((volume: Json) => volume.configMap?.name === 'docker-wait-for-it-sh').configMap.items[0];

  it.each([
    ['relative to an unknown working directory', '["./wait-for-it.sh", "db:5432", "--", "./entrypoint.sh"]', undefined],
    ['relative to working_dir', '["./wait-for-it.sh", "db:5432"]', '/usr/src/app'],
    ['by its absolute path', '["/usr/src/app/wait-for-it.sh", "db:5432"]', undefined],
  ])('started %s is mounted executable, and the warning says so', (_how, entrypoint, workingDir) => {
    const result = convertCompose(marquez(entrypoint, workingDir));
    expect(itemOf(result)).toEqual({ key: 'wait-for-it.sh', path: 'wait-for-it.sh', mode: 0o755 });
    expect(result.warningsAt('services.app.volumes').join('\n')).toMatch(/create ConfigMap 'docker-wait-for-it-sh' .*; it is mounted executable \(0755\), as the command starts it, and read-only/);
  });

  it.each([
    ['a file the command only reads', '["sh", "/usr/src/app/other.sh"]', undefined],
    ['the same name in another working directory', '["./wait-for-it.sh"]', '/opt'],
  ])('%s keeps the default mode', (_what, entrypoint, workingDir) => {
    const result = convertCompose(marquez(entrypoint, workingDir));
    expect(itemOf(result)).toEqual({ key: 'wait-for-it.sh', path: 'wait-for-it.sh' });
  });
});

describe('a missing file whose name or mount path says it holds credentials', () => {
  // saarctf-gameserver's cp mounts ./kube.config at /root/.kube/config, itzg/mc-backup's restic
  // example ./rclone.conf: neither is in the repository, and both were ConfigMaps to create, which
  // the operator would fill with cluster credentials and storage keys, until 2026-12-07.
  const project = `services:
  cp:
    image: alpine:3.20
    command: ["sleep", "infinity"]
    volumes:
      - ./kube.config:/root/.kube/config:ro
      - ./cluster.yaml:/home/app/.kube/config:ro
  backup:
    image: rclone/rclone:1.68
    volumes:
      - ./rclone.conf:/config/rclone/rclone.conf:ro
      - ./filters.txt:/config/rclone/filters.txt:ro
`;

  it('is a Secret the operator creates, by its name (kube.config, rclone.conf) or by where it is mounted (.kube/config)', () => {
    const result = convertCompose(project);
    const toCreate = result.plan.toCreate.map((entry: Json) => `${entry.kind} ${entry.name}`).sort();
    expect(toCreate).toEqual(['ConfigMap filters-txt', 'Secret cluster-yaml', 'Secret kube-config', 'Secret rclone-conf']);
    expect(result.objects('ConfigMap').map((map: Json) => map.metadata.name)).not.toContain('kube-config');
    expect(volumesOf(result.object('Deployment', 'cp'))).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: 'kube-config' }) }));
    expect(result.warningsAt('services.cp.volumes').join('\n')).toMatch(/kubectl create secret generic kube-config/);
  });
});
