/**
 * MinIO names the members of a distributed deployment by a range (`http://minio{1...4}/data`):
 * until 2026-12-07 no name was found in it, so no member resolved its own name to its pod and
 * MinIO refused to start (minio/minio's docs/orchestration/docker-compose).
 */
import { describe, expect, test } from 'vitest';
import { ellipsisHosts } from '../../../../lib/k8s/networking/wiring/ellipsis-hosts.ts';
import { convertCompose } from '../../support/compose-text.ts';

describe('ellipsisHosts', () => {
  test('expands the hosts of a URL, zero-padded as written, with a port when one is written', () => {
    expect(ellipsisHosts('server http://minio{1...3}/data{1...2}').map((host) => host.name)).toEqual(['minio1', 'minio2', 'minio3']);
    expect(ellipsisHosts('https://node{09...11}.minio.lan:9000/disk{1...4}').map((host) => [host.name, host.port])).toEqual([
      ['node09.minio.lan', 9000],
      ['node10.minio.lan', 9000],
      ['node11.minio.lan', 9000],
    ]);
    const [first] = ellipsisHosts('x http://minio{1...2}/d');
    expect(first).toMatchObject({ start: 9, end: 21 });
  });

  test('not a path, a bare range, a range backwards or one too long to be hosts', () => {
    expect(ellipsisHosts('server /data{1...4} http://{1...4} echo {1...3}')).toEqual([]);
    expect(ellipsisHosts('http://minio{4...1}/data http://minio{1...5000}/data')).toEqual([]);
  });
});

describe('a MinIO deployment named by a range', () => {
  const minio = (id: number): string => `  minio${id}:
    image: minio/minio:RELEASE.2020-07-22T00-26-33Z
    ports: ["900${id}:9000"]
    command: server http://minio{1...4}/data{1...2}
    healthcheck: {test: [CMD, curl, -f, "http://localhost:9000/minio/health/live"]}
`;
  const result = convertCompose(`services:\n${minio(1)}${minio(2)}${minio(3)}${minio(4)}`);

  test("each member's own name is its pod's, and the others reach it on every port, whatever its readiness", () => {
    for (const id of [1, 2, 3, 4]) {
      const name = `minio${id}`;
      expect(result.object('Deployment', name).spec.template.spec.hostname, name).toBe(name);
      expect(result.object('Service', name).spec, name).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    }
    // The range stays as written.
    expect(result.object('Deployment', 'minio1').spec.template.spec.containers[0].args).toEqual(['server', 'http://minio{1...4}/data{1...2}']);
  });
});
