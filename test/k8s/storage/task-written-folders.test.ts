/**
 * A project folder that a run-once task mounts read-write and other services mount too: the task
 * renders there what the others read (pli01/teleport-deploy's `configure-auth` writes
 * teleport-auth.yaml into `./teleport/config`, which `teleport-auth` mounts). One claim for all,
 * filled with the folder's files once; not an emptyDir copy per pod, where the server never saw
 * what the task wrote.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { ServiceVolume } from '../../../lib/compose/model.ts';
import { taskWrittenFolder } from '../../../lib/k8s/storage/task-written-folders.ts';
import { hostDirectory, makeProject, makeService } from '../../support/model.ts';
import { findObject, findObjects, makeChart, synthManifests, validateManifests, type Manifest } from '../../support/k8s.ts';

const bind = (source: string, target: string, readOnly = false): ServiceVolume => ({ type: 'bind', source, target, readOnly, createHostPath: true });
type Json = any;
const podSpec = (manifest: Manifest): Json => (manifest as Json).spec.template.spec;
const template = { 'teleport-auth.yaml.template': 'auth_service:\n  cluster_name: ${TELEPORT_CLUSTER_NAME}\n' };

function teleport(readerReadOnly = false) {
  return makeProject(
    [
      makeService('configure-auth', {
        image: 'nginx:1.27-alpine',
        entrypoint: ['/bin/sh'],
        command: ['-c', 'if [ ! -f /etc/teleport/teleport-auth.yaml ]; then /teleport/bin/configure.sh; fi'],
        volumes: [bind('/project/teleport/config', '/etc/teleport'), bind('/project/teleport/bin', '/teleport/bin')],
      }),
      makeService('teleport-auth', {
        image: 'public.ecr.aws/gravitational/teleport:13.0.2',
        command: ['teleport', 'start', '-c', '/etc/teleport/teleport-auth.yaml'],
        volumes: [bind('/project/teleport/config', '/etc/teleport', readerReadOnly)],
        dependsOn: { 'configure-auth': { condition: 'service_started', required: true, restart: false } },
      }),
      makeService('web', { image: 'nginx:1.27-alpine', volumes: [bind('/project/site', '/usr/share/nginx/html')] }),
      // superset's superset-init: a task that only runs a script from the folder the servers mount writes nothing there for them.
      makeService('superset-init', { image: 'apache/superset:4.1.1', command: ['/app/docker/docker-init.sh'], volumes: [bind('/project/docker', '/app/docker')] }),
      makeService('superset', { image: 'apache/superset:4.1.1', command: ['/app/docker/docker-bootstrap.sh', 'app-gunicorn'], volumes: [bind('/project/docker', '/app/docker')] }),
    ],
    {
      hostFiles: {
        '/project/teleport/config': hostDirectory(template),
        '/project/teleport/bin': hostDirectory({ 'configure.sh': '#!/bin/sh\nenvsubst < /etc/teleport/teleport-auth.yaml.template > /etc/teleport/teleport-auth.yaml\n' }),
        '/project/site': hostDirectory({ 'index.html': '<p>hi</p>\n' }),
        '/project/docker': hostDirectory({ 'docker-init.sh': '#!/bin/sh\nsuperset db upgrade > /tmp/upgrade.log\n', 'docker-bootstrap.sh': '#!/bin/sh\nexec gunicorn\n' }),
      },
    },
  );
}

describe('a folder a run-once task writes for others', () => {
  it('is known by its writers and readers; a folder only servers mount is not one', () => {
    expect(taskWrittenFolder(teleport(), '/project/teleport/config')).toEqual({ writers: ['configure-auth'], readers: ['teleport-auth'] });
    expect(taskWrittenFolder(teleport(), '/project/site')).toBeUndefined();
    expect(taskWrittenFolder(teleport(), '/project/docker')).toBeUndefined();
    expect(taskWrittenFolder(teleport(), '/project/teleport/bin')).toBeUndefined();
  });

  for (const readerReadOnly of [false, true]) {
    it(`is one claim the task and the server share (the server's mount ${readerReadOnly ? 'read-only' : 'read-write'}), filled with the folder's files once`, async () => {
      const chart = makeChart(teleport(readerReadOnly));
      const docs = synthManifests(chart);
      const job = findObjects(docs, 'Job').find((each) => (each as Json).metadata.name.startsWith('configure-auth-'))!;
      for (const workload of [job, findObject(docs, 'Deployment', 'teleport-auth')]) {
        const spec = podSpec(workload);
        const mount = spec.containers.at(-1).volumeMounts.find((each: Json) => each.mountPath === '/etc/teleport');
        expect(spec.volumes.find((volume: Json) => volume.name === mount.name)).toEqual({ name: mount.name, persistentVolumeClaim: { claimName: 'host-teleport-config', ...(readerReadOnly && workload !== job ? { readOnly: true } : {}) } });
        expect(spec.initContainers.map((container: Json) => container.name)).toContain('seed-etc-teleport');
      }
      expect(findObject(docs, 'PersistentVolumeClaim', 'host-teleport-config')).toBeDefined();
      // The server's folder is not the one another pod copies and forgets.
      expect(chart.warnings.map((warning) => warning.message).filter((message) => message.includes('into an emptyDir at every start')).sort()).toEqual([
        expect.stringMatching(/^\.\/docker is mounted read-write/), expect.stringMatching(/^\.\/docker is mounted read-write/), expect.stringMatching(/^\.\/site is mounted read-write/),
        expect.stringMatching(/^\.\/teleport\/bin is mounted read-write/),
      ]);
      expect(await validateManifests(docs)).toEqual([]);
    });
  }
});

/**
 * The tasks are those the plan runs to completion, decided once with the image facts and options
 * (run-once-decision.ts), not a second time from the compose file alone (/tmp/rw16te/repros/task-decided-twice).
 */
describe('the writers of a task-written folder are the Jobs the plan runs', () => {
  const directories: string[] = [];
  afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

  function convert(files: Record<string, string>) {
    const directory = mkdtempSync(path.join(tmpdir(), 'task-decided-'));
    directories.push(directory);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
      writeFileSync(path.join(directory, name), text);
    }
    const project = loadProject({ cwd: directory, environment: {}, projectName: 'demo' });
    const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
    const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
    const workload = (name: string): Json =>
      manifests.find((manifest) => ['Deployment', 'Job', 'StatefulSet', 'CronJob'].includes(manifest.kind) && manifest.metadata.labels?.['app.kubernetes.io/name'] === name);
    const volumeAt = (name: string, mountPath: string): Json => {
      const spec = workload(name).spec.template.spec;
      const mount = spec.containers.at(-1).volumeMounts.find((each: Json) => each.mountPath === mountPath);
      return spec.volumes.find((volume: Json) => volume.name === mount.name);
    };
    return { workload, volumeAt, messages: plan.warnings.map((warning) => warning.message) };
  }

  it("shares the folder an image's script writes, the script making the service a Job (render.sh ends with exit)", () => {
    const { workload, volumeAt, messages } = convert({
      'compose.yaml': 'services:\n  render:\n    build: ./render\n    volumes: ["./config:/out"]\n  web:\n    image: nginx:1.27-alpine\n    volumes: ["./config:/etc/nginx/conf.d"]\n    depends_on: [render]\n',
      'render/Dockerfile': 'FROM alpine:3.20\nCOPY render.sh /usr/local/bin/render.sh\nCMD ["/usr/local/bin/render.sh"]\n',
      'render/render.sh': '#!/bin/sh\nset -e\ncat /out/app.conf.template > /out/app.conf\nexit 0\n',
      'config/app.conf.template': 'server { listen 80; }\n',
    });
    expect(workload('render').kind).toBe('Job');
    for (const [name, at] of [['render', '/out'], ['web', '/etc/nginx/conf.d']] as const) expect(volumeAt(name, at)).toEqual({ name: expect.any(String), persistentVolumeClaim: { claimName: 'host-config' } });
    expect(messages.filter((message) => message.includes('into an emptyDir at every start'))).toEqual([]);
  });

  it('counts a task made a Job by x-kubernetes.workload, and not a task-named service its image checks for health', () => {
    const { workload, volumeAt, messages } = convert({
      'compose.yaml':
        'services:\n  render:\n    image: alpine:3.20\n    command: ["sh", "-c", "echo ok > /out/app.conf"]\n    x-kubernetes: { workload: Job }\n    volumes: ["./config:/out"]\n' +
        '  web:\n    image: nginx:1.27-alpine\n    volumes: ["./config:/etc/nginx/conf.d:ro"]\n' +
        '  cache-setup:\n    build: ./prep\n    command: ["sh", "-c", "echo hi > /cache/index.html"]\n    volumes: ["./cache:/cache"]\n' +
        '  cache-reader:\n    image: nginx:1.27-alpine\n    volumes: ["./cache:/usr/share/nginx/html:ro"]\n',
      'prep/Dockerfile': 'FROM alpine:3.20\nHEALTHCHECK CMD test -f /cache/index.html\nCMD ["sleep", "infinity"]\n',
      'config/app.conf.template': 'server { listen 80; }\n',
      'cache/index.html': '<p>old</p>\n',
    });
    expect(workload('render').kind).toBe('Job');
    expect(volumeAt('web', '/etc/nginx/conf.d')).toEqual({ name: expect.any(String), persistentVolumeClaim: { claimName: 'host-config', readOnly: true } });
    expect(workload('cache-setup').kind).toBe('Deployment');
    expect(messages.filter((message) => message.includes('written by cache-setup, which runs once'))).toEqual([]);
  });
});

/** A task that writes through an output flag writes (/tmp/rw16te/repros/output-flag-writer, after OffchainLabs/eth-pos-devnet). */
describe('a folder a task writes through an output flag', () => {
  const genesis = (command: string[]) =>
    makeProject(
      [
        makeService('create-genesis', {
          image: 'gcr.io/prysmaticlabs/prysm/cmd/prysmctl',
          command,
          volumes: [bind('/project/consensus', '/consensus'), bind('/project/execution', '/execution')],
        }),
        makeService('beacon', {
          image: 'gcr.io/prysmaticlabs/prysm/beacon-chain:v4.1.1',
          command: ['--genesis-state=/consensus/genesis.ssz'],
          volumes: [bind('/project/consensus', '/consensus')],
          dependsOn: { 'create-genesis': { condition: 'service_completed_successfully', required: true, restart: false } },
        }),
        makeService('geth-genesis', {
          image: 'ethereum/client-go:v1.13.15',
          command: ['init', '/execution/genesis.json'],
          volumes: [bind('/project/execution', '/execution', true)],
          dependsOn: { 'create-genesis': { condition: 'service_completed_successfully', required: true, restart: false } },
        }),
      ],
      {
        hostFiles: {
          '/project/consensus': hostDirectory({ 'config.yml': 'CONFIG_NAME: interop\n' }),
          '/project/execution': hostDirectory({ 'genesis.json': '{"config":{"chainId":32382}}\n' }),
        },
      },
    );

  it('is written by the task for its readers, in long = and space forms', () => {
    const project = genesis(['testnet', 'generate-genesis', '--output-ssz=/consensus/genesis.ssz', '--geth-genesis-json-out', '/execution/genesis.json']);
    expect(taskWrittenFolder(project, '/project/consensus')).toEqual({ writers: ['create-genesis'], readers: ['beacon'] });
    expect(taskWrittenFolder(project, '/project/execution')).toEqual({ writers: ['create-genesis'], readers: ['geth-genesis'] });
    const docs = synthManifests(makeChart(project));
    expect(podSpec(findObject(docs, 'Deployment', 'beacon')).volumes).toContainEqual({ name: expect.any(String), persistentVolumeClaim: { claimName: 'host-consensus' } });
  });

  it('is not where the flag names a format, a switch or an input', () => {
    const project = genesis(['testnet', '--output=json', '--out-of-order', '/consensus/genesis.ssz', '--geth-genesis-json-in=/execution/genesis.json']);
    expect(taskWrittenFolder(project, '/project/consensus')).toBeUndefined();
    expect(taskWrittenFolder(project, '/project/execution')).toBeUndefined();
  });
});

/** A file of the folder the task writes, bound alone by a service waiting for the task, is the claim's file, not the project's copy. */
describe('a file a task writes, bound on its own by a service that waits for it', () => {
  const project = (waits: boolean) =>
    makeProject(
      [
        makeService('create-genesis', {
          image: 'gcr.io/prysmaticlabs/prysm/cmd/prysmctl',
          command: ['testnet', 'generate-genesis', '--geth-genesis-json-in=/execution/genesis.json', '--geth-genesis-json-out=/execution/genesis.json'],
          volumes: [bind('/project/execution', '/execution')],
        }),
        makeService('geth-genesis', {
          image: 'ethereum/client-go:v1.13.15',
          command: ['init', '/genesis.json'],
          volumes: [bind('/project/execution/genesis.json', '/genesis.json', true), bind('/project/execution/jwtsecret', '/jwtsecret', true)],
          ...(waits ? { dependsOn: { 'create-genesis': { condition: 'service_completed_successfully', required: true, restart: false } } } : {}),
        }),
      ],
      {
        hostFiles: {
          '/project/execution': hostDirectory({ 'genesis.json': '{"config":{"chainId":32382}}\n', jwtsecret: 'abc\n' }),
          '/project/execution/genesis.json': { kind: 'file', content: '{"config":{"chainId":32382}}\n', size: 29, binary: false, executable: false },
          '/project/execution/jwtsecret': { kind: 'file', content: 'abc\n', size: 4, binary: false, executable: false },
        },
      },
    );

  it('reads it from the folder claim the task fills; a file the task does not write stays the project file', () => {
    expect(taskWrittenFolder(project(true), '/project/execution')).toEqual({ writers: ['create-genesis'], readers: ['geth-genesis'] });
    const docs = synthManifests(makeChart(project(true)));
    const spec = podSpec(findObject(docs, 'Deployment', 'geth-genesis'));
    const mount = spec.containers.at(-1).volumeMounts.find((each: Json) => each.mountPath === '/genesis.json');
    expect(mount).toMatchObject({ subPath: 'genesis.json', readOnly: true });
    expect(spec.volumes.find((volume: Json) => volume.name === mount.name)).toEqual({ name: mount.name, persistentVolumeClaim: { claimName: 'host-execution', readOnly: true } });
    const jwt = spec.containers.at(-1).volumeMounts.find((each: Json) => each.mountPath === '/jwtsecret');
    expect(spec.volumes.find((volume: Json) => volume.name === jwt.name).persistentVolumeClaim).toBeUndefined();
  });

  it('is the project file where the reader does not wait for the task', () => {
    expect(taskWrittenFolder(project(false), '/project/execution')).toBeUndefined();
  });
});
