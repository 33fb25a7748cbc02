/**
 * A project folder that a run-once task mounts read-write and other services mount too: the task
 * renders there what the others read (pli01/teleport-deploy's `configure-auth` writes
 * teleport-auth.yaml into `./teleport/config`, which `teleport-auth` mounts). One claim for all,
 * filled with the folder's files once; not an emptyDir copy per pod, where the server never saw
 * what the task wrote.
 */
import { describe, expect, it } from 'vitest';
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
