import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * Tempo's distributed example runs MinIO without a volume: `mkdir -p /data/tempo && minio server
 * /data`. MinIO's image declares VOLUME /data, which Docker fills with an anonymous volume.
 */
const tempo = (volumes: string): string => `services:
  minio:
    image: minio/minio:latest
    environment: [MINIO_ACCESS_KEY=tempo]
    entrypoint: [sh, -euc, "mkdir -p /data/tempo && minio server /data --console-address ':9001'"]
${volumes}`;

const podOf = (converted: ReturnType<typeof convertCompose>): Json => {
  const [workload] = [...converted.objects('Deployment'), ...converted.objects('StatefulSet')];
  return workload.spec.template.spec;
};

describe('minio images', () => {
  it('get an emptyDir at /data, as Docker gives the VOLUME an anonymous volume, so uid 1000 can create its buckets there', () => {
    const pod = podOf(convertCompose(tempo('')));
    const mount = pod.containers[0].volumeMounts.find((candidate: Json) => candidate.mountPath === '/data');
    expect(mount).toBeDefined();
    expect(pod.volumes).toContainEqual({ name: mount.name, emptyDir: {} });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
  });

  it('say that the emptyDir lasts only as long as the pod, which compose did not choose', () => {
    expect(convertCompose(tempo('')).warningsAt('services.minio')).toContainEqual(expect.stringMatching(/^services.minio: \/data gets an emptyDir, .*lasts only as long as the pod; mount a volume at \/data to keep it$/));
  });

  it('keep the volume the service mounts at /data instead, without a word', () => {
    const converted = convertCompose(tempo('    volumes: ["minio-data:/data"]\nvolumes:\n  minio-data:\n'));
    expect(converted.warningsAt('services.minio').join('\n')).not.toContain('gets an emptyDir');
    const pod = podOf(converted);
    expect(pod.containers[0].volumeMounts.filter((candidate: Json) => candidate.mountPath === '/data')).toEqual([{ name: 'minio-data', mountPath: '/data' }]);
    expect((pod.volumes ?? []).filter((volume: Json) => volume.emptyDir)).toEqual([]);
  });

  it('from quay.io too', () => {
    const pod = podOf(convertCompose(tempo('').replace('minio/minio:latest', 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z')));
    expect(pod.containers[0].volumeMounts.map((candidate: Json) => candidate.mountPath)).toContain('/data');
  });
});

describe('the minio client image', () => {
  // revoltchat/self-hosted's createbuckets: as uid 1000, HOME is /, where mc cannot create /.mc, so
  // `mc config host add` failed on every turn of its loop and the Job never finished.
  const createbuckets = (image: string): string => `services:
  minio:
    image: minio/minio:RELEASE.2024-11-07T00-52-20Z
    command: server /data
  createbuckets:
    image: ${image}
    depends_on: [minio]
    entrypoint: >
      /bin/sh -c "
      while ! /usr/bin/mc ready minio; do
        /usr/bin/mc config host add minio http://minio:9000 minioautumn minioautumn;
        echo 'Waiting minio...' && sleep 1;
      done;
      /usr/bin/mc mb minio/revolt-uploads;
      exit 0;
      "
`;

  it.each(['minio/mc', 'minio/mc:RELEASE.2024-11-05T11-29-45Z', 'quay.io/minio/mc:RELEASE.2024-11-05T11-29-45Z'])('%s gets a writable /.mc, its config folder under the HOME of a uid it does not know', (image) => {
    const converted = convertCompose(createbuckets(image));
    const [job] = converted.objects('Job');
    const pod = job.spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((candidate: Json) => candidate.mountPath === '/.mc');
    expect(mount).toBeDefined();
    expect(pod.volumes).toContainEqual({ name: mount.name, emptyDir: {} });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
  });
});
