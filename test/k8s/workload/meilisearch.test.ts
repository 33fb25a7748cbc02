import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * Meilisearch's image sets no USER and runs from WORKDIR /meili_data (root's), where it creates its
 * database, dumps and snapshots; rortan134/dockerized-strapi-meilisearch and
 * beakman/medusa-stack-dockerized mount their volume at the older /data.ms instead.
 */
const meilisearch = (volume: string): string => `services:
  meilisearch:
    image: getmeili/meilisearch:v1.6
    volumes: ["${volume}"]
volumes:
  meili:
`;

const mounts = (converted: ReturnType<typeof convertCompose>): Json[] => {
  const workload = converted.objects('Deployment').concat(converted.objects('StatefulSet'))[0];
  return workload.spec.template.spec.containers[0].volumeMounts;
};

describe('meilisearch images', () => {
  it('get a writable /meili_data, their working directory, when the volume is mounted elsewhere', () => {
    const converted = convertCompose(meilisearch('meili:/data.ms'));
    expect(mounts(converted).map((mount: Json) => mount.mountPath).sort()).toEqual(['/data.ms', '/meili_data']);
  });

  it('use the volume itself when it is mounted at /meili_data', () => {
    const converted = convertCompose(meilisearch('meili:/meili_data'));
    expect(mounts(converted).map((mount: Json) => mount.mountPath)).toEqual(['/meili_data']);
  });
});
