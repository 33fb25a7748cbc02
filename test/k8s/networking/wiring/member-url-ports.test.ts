import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../../support/compose-text.ts';

/**
 * MinIO's distributed mode with its endpoints written out (minio/minio's compose examples, rw14rc's
 * minio-explicit-urls): `http://minio1/data` is member minio1's drive /data, reached on the
 * server's port 9000, not a request to port 80.
 */
const explicit = `services:
  minio1:
    image: minio/minio:RELEASE.2024-01-16T16-07-38Z
    command: server http://minio1/data http://minio2/data
  minio2:
    image: minio/minio:RELEASE.2024-01-16T16-07-38Z
    command: server http://minio1/data http://minio2/data
`;

const ports = (service: Json): number[] => (service.spec.ports ?? []).map((port: Json) => port.port);

describe("a URL without a port that a member of a known server writes for a member", () => {
  it("names the member on the server's own port, as MinIO's ellipsis form does, not on the scheme's 80", () => {
    const converted = convertCompose(explicit);
    const ellipsis = convertCompose(explicit.replaceAll('http://minio1/data http://minio2/data', 'http://minio{1...2}/data'));
    for (const name of ['minio1', 'minio2']) {
      const service = converted.object('Service', name);
      expect(ports(service)).toEqual([9000]);
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec).toEqual(ellipsis.object('Service', name).spec);
    }
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/ports 80|port 80/);
  });

  it('keeps the port a member declares (which stands for the usual ones)', () => {
    const converted = convertCompose(explicit.replace('    command: server http://minio1/data http://minio2/data\n  minio2:', '    command: server http://minio1/data http://minio2/data\n    expose: ["80"]\n  minio2:'));
    expect(ports(converted.object('Service', 'minio1'))).toEqual([80]);
  });

  it("keeps the scheme's port for a client of another image, which dials it", () => {
    const converted = convertCompose(`services:
  minio:
    image: minio/minio:RELEASE.2024-01-16T16-07-38Z
    command: server /data
  app:
    image: x/app:1
    environment: {S3_ENDPOINT: "http://minio"}
`);
    expect(ports(converted.object('Service', 'minio'))).toEqual([80, 9000]);
  });
});
