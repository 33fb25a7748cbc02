/**
 * Host folders shared as compose shares them: a folder bound by one service and a folder below it
 * bound by another are one host tree, so they are one claim (the outermost folder's), the nested
 * mount showing its part by subPath; and a folder several services bind is their shared claim
 * whatever their workloads are (a run-once Job and a StatefulSet included).
 */
import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const podSpec = (workload: Json): Json => workload.spec.template.spec;
const claimsOf = (workload: Json): string[] => podSpec(workload).volumes.flatMap((volume: Json) => (volume.persistentVolumeClaim ? [volume.persistentVolumeClaim.claimName] : []));
const mountAt = (workload: Json, path: string): Json => podSpec(workload).containers[0].volumeMounts.find((mount: Json) => mount.mountPath === path);
const volumeOf = (workload: Json, name: string): Json => podSpec(workload).volumes.find((volume: Json) => volume.name === name);
const NODE_GROUP = 'storage.cdk8s-compose.io/node-group';

/** The media-server layout: the downloader writes below the folder the library services read. */
const mediaStack = (data: string) => `
services:
  downloader:
    image: lscr.io/linuxserver/qbittorrent:4.6.7
    volumes: ['${data}/torrents:/data/torrents']
  radarr:
    image: lscr.io/linuxserver/radarr:5.14.0
    volumes: ['${data}:/data']
  jellyfin:
    image: jellyfin/jellyfin:10.10.3
    volumes: ['${data}:/data', './jellyfin/config:/config', './jellyfin/config/web-config:/jellyfin/jellyfin-web/config']
`;

describe('nested host folders', () => {
  for (const [where, data, claim] of [
    ['in the project', './media', 'host-media'],
    ['outside the project', '/srv/media', 'host-srv-media'],
  ] as const) {
    it(`are one claim for the outermost folder, the nested mount by subPath (${where})`, () => {
      const converted = convertCompose(mediaStack(data));
      const downloader = converted.object('Deployment', 'downloader');
      const radarr = converted.object('Deployment', 'radarr');
      expect(claimsOf(downloader)).toEqual([claim]);
      expect(claimsOf(radarr)).toEqual([claim]);
      expect(mountAt(downloader, '/data/torrents')).toMatchObject({ subPath: 'torrents' });
      expect(mountAt(radarr, '/data').subPath).toBeUndefined();
      expect(converted.objects('PersistentVolumeClaim').map((pvc) => pvc.metadata.name)).not.toContain('downloader-data-torrents');
      // ReadWriteOnce, so every pod of the tree runs on one node.
      expect(converted.object('PersistentVolumeClaim', claim).spec.accessModes).toEqual(['ReadWriteOnce']);
      const groups = ['downloader', 'radarr', 'jellyfin'].map((name) => converted.object('Deployment', name).spec.template.metadata.labels[NODE_GROUP]);
      expect(new Set(groups).size).toBe(1);
      expect(groups[0]).toBeDefined();
      expect(podSpec(downloader).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[NODE_GROUP]).toBe(groups[0]);
      // Said once for the tree, naming every service that shares it.
      const shared = converted.warnings.filter((warning) => warning.message.includes(`claim '${claim}' is ReadWriteOnce`));
      expect(shared.map((warning) => warning.message)).toEqual([expect.stringContaining('(downloader, jellyfin, radarr)')]);
    });
  }

  it('are one volume of the pod when one service mounts a folder and a folder below it', () => {
    const converted = convertCompose(mediaStack('./media'));
    const jellyfin = converted.object('Deployment', 'jellyfin');
    const config = mountAt(jellyfin, '/config');
    const web = mountAt(jellyfin, '/jellyfin/jellyfin-web/config');
    expect(web).toMatchObject({ name: config.name, subPath: 'web-config' });
    expect(volumeOf(jellyfin, config.name).persistentVolumeClaim.claimName).toBe('host-jellyfin-config');
    expect(claimsOf(jellyfin)).toEqual(['host-media', 'host-jellyfin-config']);
  });
});

describe('a host tree with sharedStorageClass', () => {
  it('is one ReadWriteMany claim of that class, and its pods are not kept on one node', () => {
    const converted = convertCompose(`${mediaStack('./media')}
x-kubernetes:
  defaultVolume: { sharedStorageClass: nfs }
`);
    expect(converted.object('PersistentVolumeClaim', 'host-media').spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs' });
    for (const name of ['downloader', 'radarr']) expect(converted.object('Deployment', name).spec.template.metadata.labels[NODE_GROUP]).toBeUndefined();
  });
});

describe('one service mounting two folders of one claim', () => {
  it('writes through its read-write mount: the volume is read-only only when every mount of it is', () => {
    const converted = convertCompose(`
services:
  app:
    image: x/app:1
    volumes: ['./state:/srv/state:ro', './state/uploads:/srv/uploads']
`);
    const app = converted.object('Deployment', 'app');
    expect(podSpec(app).volumes).toEqual([{ name: 'srv-state', persistentVolumeClaim: { claimName: 'host-state' } }]);
    expect(podSpec(app).containers[0].volumeMounts).toEqual([
      { name: 'srv-state', mountPath: '/srv/state', readOnly: true },
      { name: 'srv-state', mountPath: '/srv/uploads', subPath: 'uploads' },
    ]);
    // Its own tree: no other pod to share a node with.
    expect(app.spec.template.metadata.labels[NODE_GROUP]).toBeUndefined();
  });
});

describe('a host folder a run-once Job and a StatefulSet bind', () => {
  const converted = convertCompose(`
services:
  init-scripts:
    image: busybox:1.36
    command: ["sh", "-c", "echo 'echo hi' > /var/lib/clickhouse/user_scripts/hello"]
    volumes: ['./user_scripts:/var/lib/clickhouse/user_scripts/']
  clickhouse:
    image: clickhouse/clickhouse-server:25.5.6
    depends_on:
      init-scripts: { condition: service_completed_successfully }
    volumes: ['./user_scripts:/var/lib/clickhouse/user_scripts/', 'data:/var/lib/clickhouse/']
volumes:
  data:
`);
  const clickhouse = converted.object('StatefulSet', 'clickhouse');
  const [job] = converted.objects('Job');

  it('is the shared claim in both, not a claim template of the StatefulSet', () => {
    expect(claimsOf(job)).toEqual(['host-user-scripts']);
    expect(claimsOf(clickhouse)).toEqual(['host-user-scripts']);
    expect(clickhouse.spec.volumeClaimTemplates.map((template: Json) => template.metadata.name)).toEqual(['data']);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/each replica gets an empty volume claim/);
  });

  it('keeps the Job and the StatefulSet on one node', () => {
    const group = job.spec.template.metadata.labels[NODE_GROUP];
    expect(group).toBeDefined();
    expect(clickhouse.spec.template.metadata.labels[NODE_GROUP]).toBe(group);
    expect(podSpec(clickhouse).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[NODE_GROUP]).toBe(group);
  });
});
