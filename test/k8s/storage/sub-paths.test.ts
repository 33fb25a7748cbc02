import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const mounts = (result: ReturnType<typeof convertCompose>, name: string) => {
  const workload = [...result.objects('Deployment'), ...result.objects('StatefulSet')].find((object) => object.metadata.name === name);
  return workload.spec.template.spec.containers[0].volumeMounts;
};

describe('x-kubernetes.subPaths', () => {
  it('mounts one directory of the volume at the listed target, so two services share one volume', () => {
    const result = convertCompose(
      'services:\n  db:\n    image: postgres:16\n    volumes: ["data:/var/lib/postgresql/data"]\n    x-kubernetes:\n      subPaths: { /var/lib/postgresql/data: pgdata }\n  cache:\n    image: redis:7\n    volumes: ["data:/data"]\n    x-kubernetes:\n      subPaths: { /data: redis }\nvolumes:\n  data: {}\n',
    );
    expect(mounts(result, 'db')).toEqual([expect.objectContaining({ mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' })]);
    expect(mounts(result, 'cache')).toEqual([expect.objectContaining({ mountPath: '/data', subPath: 'redis' })]);
  });

  it("reports a target nothing is mounted at, and keeps compose's own volume.subpath", () => {
    const result = convertCompose(
      'services:\n  db:\n    image: postgres:16\n    volumes:\n      - { type: volume, source: data, target: /data, volume: { subpath: own } }\n    x-kubernetes:\n      subPaths: { /data: other, /nowhere: x }\nvolumes:\n  data: {}\n',
    );
    expect(mounts(result, 'db')).toEqual([expect.objectContaining({ mountPath: '/data', subPath: 'own' })]);
    const warnings = result.warningsAt('services.db.x-kubernetes.subPaths');
    expect([...warnings].sort()).toEqual([expect.stringContaining('has a subPath already'), expect.stringContaining("no volume is mounted at '/nowhere'")]);
  });

  it("refuses a path that leaves the volume", () => {
    expect(() => convertCompose('services:\n  db:\n    image: postgres:16\n    volumes: ["data:/data"]\n    x-kubernetes:\n      subPaths: { /data: ../etc }\nvolumes:\n  data: {}\n')).toThrow(
      /must be a relative path without '\.\.'/,
    );
  });
});

describe('x-kubernetes.subPaths on a mount that is no volume', () => {
  it('is reported and left out: a bind mount is filled at its root', () => {
    const result = convertCompose('services:\n  web:\n    image: nginx:1.27\n    volumes: ["./site:/usr/share/nginx/html"]\n    x-kubernetes:\n      subPaths: { /usr/share/nginx/html: public }\n');
    expect(mounts(result, 'web').find((mount: { mountPath: string }) => mount.mountPath === '/usr/share/nginx/html')?.subPath).toBeUndefined();
    expect(result.warningsAt('services.web.x-kubernetes.subPaths')).toEqual([expect.stringContaining('is a bind mount; subPaths apply to volumes')]);
  });
});
