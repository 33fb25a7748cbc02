/**
 * A project folder with files, mounted read-write where the service keeps its data
 * (`./pgdata:/var/lib/postgresql/data`): compose keeps what the database writes on the host across
 * restarts, so it is a claim, filled with the folder's files once, while it is empty; not an
 * emptyDir refilled at every start, which lost the database at every restart (keycloak's postgres).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceVolume } from '../../../lib/compose/model.ts';
import { hostDirectory, makeProject, makeService } from '../../support/model.ts';
import { findObject, findObjects, makeChart, synthManifests, validateManifests, type Manifest } from '../../support/k8s.ts';
import { convertCompose } from '../support/compose-text.ts';

const bind = (source: string, target: string, readOnly = false): ServiceVolume => ({ type: 'bind', source, target, readOnly, createHostPath: true });
type Json = any;
const podSpec = (manifest: Manifest): Json => (manifest as Json).spec.template.spec;

function convert(readOnly = false) {
  const project = makeProject(
    [makeService('db', { image: 'postgres:16', environment: { POSTGRES_PASSWORD: 'example' }, volumes: [bind('/project/pgdata', '/var/lib/postgresql/data', readOnly)] })],
    { hostFiles: { '/project/pgdata': hostDirectory({ 'README.sh': 'echo keep me\n' }) } },
  );
  const chart = makeChart(project);
  return { docs: synthManifests(chart), warnings: chart.warnings.map((warning) => warning.message) };
}

describe('a read-write project folder at the data path of the image', () => {
  const { docs, warnings } = convert();
  const spec = podSpec(findObject(docs, 'Deployment', 'db'));

  it('is a claim, not an emptyDir', () => {
    const data = spec.containers[0].volumeMounts.find((mount: Json) => mount.mountPath === '/var/lib/postgresql/data');
    const volume = spec.volumes.find((candidate: Json) => candidate.name === data.name);
    expect(volume).toEqual({ name: data.name, persistentVolumeClaim: { claimName: 'db-var-lib-postgresql-data' } });
    expect(findObject(docs, 'PersistentVolumeClaim', 'db-var-lib-postgresql-data')).toBeDefined();
    expect(spec.volumes.filter((candidate: Json) => candidate.emptyDir !== undefined && candidate.name === data.name)).toEqual([]);
  });

  it("is filled from the folder's ConfigMap by an init container", () => {
    expect((findObject(docs, 'ConfigMap', 'db-var-lib-postgresql-data') as Json).data).toEqual({ 'README.sh': 'echo keep me\n' });
    const [seed] = spec.initContainers;
    expect(seed.name).toBe('seed-var-lib-postgresql-data');
    expect(seed.volumeMounts).toEqual([
      { name: 'seed-var-lib-postgresql-data', mountPath: '/seed', readOnly: true },
      { name: 'var-lib-postgresql-data', mountPath: '/target' },
    ]);
  });

  it('says what was chosen, once', () => {
    const said = warnings.filter((message) => message.includes('pgdata'));
    expect(said).toEqual([expect.stringMatching(/PersistentVolumeClaim 'db-var-lib-postgresql-data'.*ConfigMap 'db-var-lib-postgresql-data'.*only while the claim holds no file.*kept/)]);
  });

  it('is filled only while it holds no file, so what the database wrote survives a restart', () => {
    const [seed] = spec.initContainers;
    const root = mkdtempSync(join(tmpdir(), 'seed-once-'));
    try {
      const [source, target] = [join(root, 'seed'), join(root, 'target')];
      mkdirSync(source);
      // Folders are no data: the file system's, and one the kubelet made for another mount's subPath.
      mkdirSync(join(target, 'lost+found'), { recursive: true });
      mkdirSync(join(target, 'torrents'));
      writeFileSync(join(source, 'README.sh'), 'echo keep me\n');
      const script = (seed.command[2] as string).replaceAll('/seed', source).replaceAll('/target', target);
      execFileSync('sh', ['-c', script]);
      expect(readdirSync(target).sort()).toEqual(['README.sh', 'lost+found', 'torrents']);
      // The database's own files, and its change to the seeded one, are what the next start finds.
      writeFileSync(join(target, 'README.sh'), 'changed by the service\n');
      writeFileSync(join(target, 'PG_VERSION'), '16\n');
      execFileSync('sh', ['-c', script]);
      expect(readFileSync(join(target, 'README.sh'), 'utf8')).toBe('changed by the service\n');
      expect(readdirSync(target).sort()).toEqual(['PG_VERSION', 'README.sh', 'lost+found', 'torrents']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('pass the Kubernetes schema', async () => {
    expect(await validateManifests(docs)).toEqual([]);
  });
});

describe('a read-only project folder at the data path of the image', () => {
  it('stays the ConfigMap mounted as it is: the service does not write there', () => {
    const { docs } = convert(true);
    expect(findObjects(docs, 'PersistentVolumeClaim')).toEqual([]);
    expect(podSpec(findObject(docs, 'Deployment', 'db')).initContainers).toBeUndefined();
  });
});

describe('a read-write project folder two services keep data in', () => {
  it("is their shared claim, which each one's seed container fills while it holds no file; each says so once", () => {
    const project = makeProject(
      [makeService('a', { volumes: [bind('/project/shared', '/data')] }), makeService('b', { volumes: [bind('/project/shared', '/data')] })],
      { hostFiles: { '/project/shared': hostDirectory({ 'seed.txt': 'x\n' }) } },
    );
    const chart = makeChart(project);
    const docs = synthManifests(chart);
    for (const name of ['a', 'b']) {
      const spec = podSpec(findObject(docs, 'Deployment', name));
      expect(spec.volumes.find((volume: Json) => volume.name === 'data')).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'host-shared' } });
      expect(spec.initContainers.map((container: Json) => container.name)).toEqual(['seed-data']);
    }
    const said = chart.warnings.filter((warning) => warning.message.includes('fills from')).map((warning) => `${warning.key}: ${warning.message}`);
    expect(said).toEqual([
      expect.stringMatching(/^services\.a\.volumes\.0: .*new PersistentVolumeClaim 'host-shared'.*ConfigMap 'a-data'/),
      expect.stringMatching(/^services\.b\.volumes\.0: .*is mounted from PersistentVolumeClaim 'host-shared', which an init container fills from ConfigMap 'b-data'/),
    ]);
  });
});

describe('a read-write configuration folder whose configuration names a database the service writes there', () => {
  // authelia's examples/compose/lite: `./authelia:/config` ships configuration.yml, which keeps
  // storage in /config/db.sqlite3. Copied into an emptyDir at every start, the database (every
  // user's registered second factor) was lost at each restart, until 2026-12-06.
  const convertFolder = (configuration: string) => {
    const project = makeProject(
      [makeService('authelia', { image: 'authelia/authelia:4.39', volumes: [bind('/project/authelia', '/config')] })],
      { hostFiles: { '/project/authelia': hostDirectory({ 'configuration.yml': configuration, 'users_database.yml': 'users: {}\n' }) } },
    );
    const chart = makeChart(project);
    return { spec: podSpec(findObject(synthManifests(chart), 'Deployment', 'authelia')), warnings: chart.warnings.map((warning) => warning.message) };
  };

  it('is a claim the files fill once', () => {
    const { spec, warnings } = convertFolder("storage:\n  local:\n    path: '/config/db.sqlite3'\nauthentication_backend:\n  file:\n    path: '/config/users_database.yml'\n");
    expect(spec.volumes.find((volume: Json) => volume.name === 'config')).toEqual({ name: 'config', persistentVolumeClaim: { claimName: 'authelia-config' } });
    expect(spec.initContainers.map((container: Json) => container.name)).toEqual(['seed-config']);
    expect(warnings.filter((message) => message.includes('./authelia'))).toEqual([
      expect.stringMatching(/mounted read-write at \/config, where its configuration has the service keep \/config\/db\.sqlite3: .*PersistentVolumeClaim 'authelia-config'.*only while the claim holds no file/),
    ]);
  });

  it('reads a long run of the prefix in linear time', () => {
    const started = performance.now();
    const { spec } = convertFolder(`${'/config/'.repeat(20_000)}x\n`);
    expect(spec.volumes.find((volume: Json) => volume.name === 'config')).toEqual({ name: 'config', emptyDir: {} });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stays a copy per start when the configuration names only files the folder holds', () => {
    const { spec } = convertFolder("authentication_backend:\n  file:\n    path: '/config/users_database.yml'\n");
    expect(spec.volumes.find((volume: Json) => volume.name === 'config')).toEqual({ name: 'config', emptyDir: {} });
  });
});

describe("a read-write project folder at an application's home", () => {
  // ljbkusters/gitea-jenkins-docker-compose mounts its ./jenkins folder (the build context, holding
  // the Dockerfile) at /var/jenkins_home, where Jenkins keeps its jobs, builds and credentials.
  // Until 2026-12-06 it was copied afresh into an emptyDir at every start, losing all of them.
  it('is a claim the files fill once', () => {
    const project = makeProject(
      [makeService('jenkins-server', { image: 'jenkins/jenkins:2.479.1-lts', volumes: [bind('/project/jenkins', '/var/jenkins_home')] })],
      { hostFiles: { '/project/jenkins': hostDirectory({ Dockerfile: 'FROM jenkins/jenkins:lts\nUSER jenkins\n' }) } },
    );
    const chart = makeChart(project);
    const spec = podSpec(findObject(synthManifests(chart), 'Deployment', 'jenkins-server'));
    expect(spec.volumes.find((volume: Json) => volume.name === 'var-jenkins-home')).toEqual({ name: 'var-jenkins-home', persistentVolumeClaim: { claimName: 'jenkins-server-var-jenkins-home' } });
    expect(spec.initContainers.map((container: Json) => container.name)).toEqual(['seed-var-jenkins-home']);
    expect(chart.warnings.map((warning) => warning.message).filter((message) => message.includes('./jenkins'))).toEqual([
      expect.stringMatching(/mounted read-write at \/var\/jenkins_home, where the service keeps its data: .*PersistentVolumeClaim 'jenkins-server-var-jenkins-home'.*only while the claim holds no file/),
    ]);
  });
});

describe('a claim seeded for a pod that gives its claims no group', () => {
  // slochewie's hass: zigbee2mqtt with PUID starts as root, so its pod has no fsGroup, and a new
  // claim is root's (mode 755): a seed running as nobody could create no file in it.
  const seedOf = (compose: string, files: Record<string, string>) => {
    const converted = convertCompose(compose, files);
    const [deployment] = converted.objects('Deployment');
    return (deployment.spec.template.spec.initContainers as Json[]).find((init) => init.name.startsWith('seed-'));
  };

  it("copies as the service's user, root, with no capability", () => {
    const seed = seedOf(
      'services:\n  zigbee2mqtt:\n    image: koenkk/zigbee2mqtt:1.42.0\n    environment: [PUID=1000, PGID=1000]\n    volumes: ["./zigbee2mqtt/data:/app/data"]\n',
      { 'zigbee2mqtt/data/configuration.yaml': 'permit_join: false\nmqtt:\n  server: mqtt://mosquitto\n' },
    );
    expect(seed.command[2]).toMatch(/^\[ -z "\$\(find \/target/);
    expect(seed.securityContext).toEqual(expect.objectContaining({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }));
  });

  it('copies as root for a privileged service whose user the image keeps', () => {
    const seed = seedOf(
      'services:\n  homeassistant:\n    image: ghcr.io/home-assistant/home-assistant:2024.6\n    privileged: true\n    volumes: ["./zigbee2mqtt/data:/app/data"]\n',
      { 'zigbee2mqtt/data/configuration.yaml': 'permit_join: false\n' },
    );
    expect(seed.securityContext).toEqual(expect.objectContaining({ runAsUser: 0, runAsNonRoot: false }));
  });

  it('copies as nobody where the pod gives its claims a group', () => {
    const seed = seedOf(
      'services:\n  zigbee2mqtt:\n    image: koenkk/zigbee2mqtt:1.42.0\n    user: "1000:1000"\n    volumes: ["./zigbee2mqtt/data:/app/data"]\n',
      { 'zigbee2mqtt/data/configuration.yaml': 'permit_join: false\n' },
    );
    expect(seed.securityContext).toEqual(expect.objectContaining({ runAsUser: 65534, runAsNonRoot: true }));
  });
});

describe("a read-write project folder where the image keeps its state (its profile's)", () => {
  // slochewie's hass: linuxserver's homeassistant keeps .storage (users, integrations, the device
  // registry) and its database in /config; Prometheus its TSDB in /prometheus. A folder the project
  // ships there was copied afresh into an emptyDir at every start, losing both (until 2026-12-07).
  it.each([
    ['lscr.io/linuxserver/homeassistant:2024.6.0', '/config', 'configuration.yaml', 'default_config:\n'],
    ['prom/prometheus:v2.53.0', '/prometheus', 'README', 'the TSDB\n'],
  ])('%s at %s is a claim the files fill once', (image, target, file, content) => {
    const converted = convertCompose(`services:\n  app:\n    image: ${image}\n    volumes: ["./state:${target}"]\n`, { [`state/${file}`]: content });
    const spec = converted.object('Deployment', 'app').spec.template.spec;
    const mount = spec.containers[0].volumeMounts.find((candidate: Json) => candidate.mountPath === target);
    expect(spec.volumes.find((volume: Json) => volume.name === mount.name)).toEqual({ name: mount.name, persistentVolumeClaim: { claimName: expect.any(String) } });
    expect(converted.warningsAt('services.app.volumes.0')).toEqual([expect.stringMatching(new RegExp(`read-write at ${target}, where its image keeps its state: .*only while the claim holds no file`))]);
  });

  it('stays a read-only ConfigMap where compose mounts it read-only', () => {
    const converted = convertCompose('services:\n  app:\n    image: lscr.io/linuxserver/homeassistant:2024.6.0\n    volumes: ["./state:/config:ro"]\n', { 'state/configuration.yaml': 'default_config:\n' });
    const spec = converted.object('Deployment', 'app').spec.template.spec;
    expect(spec.volumes.filter((volume: Json) => volume.persistentVolumeClaim !== undefined)).toEqual([]);
  });
});
