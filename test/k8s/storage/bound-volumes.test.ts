/**
 * A local volume that binds a directory (`driver_opts: {type: none, o: bind, device: …}`) is that
 * directory. BohdanVovkotrub/redis-sentinel-docker-compose keeps its sentinels' start scripts in
 * ./redis-sentinel-base and mounts it through such a volume; until 2026-12-06 it became an empty
 * claim, and each sentinel's `/redis-sentinel-base/init-sentinel.sh` was not found.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { Json } from '../support/compose-text.ts';

const directory = mkdtempSync(join(tmpdir(), 'bound-volumes-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
mkdirSync(join(directory, 'redis-sentinel-base'));
writeFileSync(join(directory, 'redis-sentinel-base', 'init-sentinel.sh'), '#!/bin/sh\nexec redis-server /redis/sentinel.conf --sentinel\n');
chmodSync(join(directory, 'redis-sentinel-base', 'init-sentinel.sh'), 0o755);
writeFileSync(join(directory, 'compose.yaml'), `services:
  redis-sentinel-1:
    image: redis:8.2.1-alpine
    command: sh -c "/redis-sentinel-base/init-sentinel.sh"
    volumes:
      - redis-sentinel-base:/redis-sentinel-base
      - cache:/data
volumes:
  redis-sentinel-base:
    driver: local
    driver_opts:
      type: none
      o: bind
      device: \${PWD}/redis-sentinel-base
  cache:
    driver: local
    driver_opts:
      type: nfs
      o: addr=10.0.0.1,rw
      device: ":/exports/cache"
`);
const project = loadProject({ files: [join(directory, 'compose.yaml')], environment: { PWD: directory }, projectName: 'demo' });
const plan = translate(project);
const manifests = plan.entries.map((entry) => entry.manifest as Json);
const pod = manifests.find((manifest) => manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet').spec.template.spec;

describe('a local volume that binds a directory', () => {
  it('ships the directory\'s files, with their modes, where the volume is mounted', () => {
    const mount = pod.containers[0].volumeMounts.find((entry: Json) => entry.mountPath === '/redis-sentinel-base');
    const volume = pod.volumes.find((entry: Json) => entry.name === mount.name);
    const shipped = volume.configMap ?? volume.secret ?? volume.emptyDir;
    expect(shipped).toBeDefined();
    const source = JSON.stringify(manifests.filter((manifest) => manifest.kind === 'ConfigMap' || manifest.kind === 'Secret'));
    expect(source).toContain('init-sentinel.sh');
    expect(JSON.stringify(pod)).toContain('"mode":493');
  });

  it('makes no claim for it, and keeps the claim (and the warning) of any other volume with driver_opts', () => {
    const templates = manifests.flatMap((manifest) => manifest.spec?.volumeClaimTemplates ?? []);
    const claims = [...manifests.filter((manifest) => manifest.kind === 'PersistentVolumeClaim'), ...templates].map((claim) => claim.metadata.name);
    expect(claims).toEqual(['cache']);
    const driverWarnings = plan.warnings.filter((warning) => warning.key?.endsWith('.driver_opts')).map((warning) => warning.key);
    expect(driverWarnings).toEqual(['volumes.cache.driver_opts']);
  });

  it('stays a volume in the loaded project, as `docker compose config` prints it', () => {
    expect(project.services['redis-sentinel-1']?.volumes[0]).toMatchObject({ type: 'volume', source: 'redis-sentinel-base' });
  });
});
