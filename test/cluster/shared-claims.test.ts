/**
 * Host folders the services share, on a real Kubernetes 1.37 API server, scheduler and controller
 * manager with kwok nodes in three zones and a default class that provisions ReadWriteOnce disks
 * once a pod is scheduled (a managed cluster as its users get it): the media-server layout (a
 * folder and a folder below it bound by different services, and by one service twice), a host
 * folder a run-once Job and a StatefulSet both bind, and postgres's data folder of the project.
 *
 * What this proves: every claim binds; the pods that share a ReadWriteOnce claim are scheduled
 * onto one node (else the second could never attach it); the nested mounts reach the pods with
 * their subPath; the StatefulSet mounts the Job's claim; postgres's folder is a claim its seed
 * container fills. What it cannot: kwok runs no containers, so that the files are the same is
 * shown by the manifests (one claim, one volume), not by a process reading them.
 */
import { describe, expect, it } from 'vitest';
import { findingText } from '../../tools/cluster/findings.ts';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { adminKubectl, appliedStack } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'shared-claims';

const compose = {
  services: {
    downloader: { image: 'lscr.io/linuxserver/qbittorrent:4.6.7', volumes: ['./media/torrents:/data/torrents'] },
    radarr: { image: 'lscr.io/linuxserver/radarr:5.14.0', volumes: ['./media:/data'] },
    jellyfin: { image: 'jellyfin/jellyfin:10.10.3', volumes: ['./media:/data', './jellyfin/config:/config', './jellyfin/config/web-config:/jellyfin/jellyfin-web/config'] },
    'init-scripts': {
      image: 'busybox:1.36',
      command: ['sh', '-c', "echo 'echo hi' > /var/lib/clickhouse/user_scripts/hello"],
      volumes: ['./user_scripts:/var/lib/clickhouse/user_scripts/'],
    },
    clickhouse: {
      image: 'clickhouse/clickhouse-server:25.5.6',
      depends_on: { 'init-scripts': { condition: 'service_completed_successfully' } },
      volumes: ['./user_scripts:/var/lib/clickhouse/user_scripts/', 'data:/var/lib/clickhouse/'],
    },
    db: { image: 'postgres:16', environment: { POSTGRES_PASSWORD: 'example' }, volumes: ['./pgdata:/var/lib/postgresql/data'] },
  },
  volumes: { data: {} },
};

type Json = any;

async function podsOf(name: string): Promise<KubeObject[]> {
  return getItems(kubectl, ['pods', '-n', NAMESPACE, '-l', `app.kubernetes.io/name=${name}`]);
}

describe('shared host folders on a real cluster', () => {
  const stack = appliedStack(NAMESPACE, compose, { 'pgdata/README.sh': 'echo kept\n' });

  it('runs: no finding (every pod scheduled and ready, every claim bound)', () => {
    expect(stack.report().findings.map(findingText)).toEqual([]);
  });

  it('binds one claim per host tree, and the StatefulSet its own data only', async () => {
    const claims = await getItems(kubectl, ['pvc', '-n', NAMESPACE]);
    expect(claims.map((claim) => claim.metadata.name).sort()).toEqual(['data-clickhouse-0', 'db-var-lib-postgresql-data', 'host-jellyfin-config', 'host-media', 'host-user-scripts']);
    expect(claims.map((claim) => claim.status.phase)).toEqual(claims.map(() => 'Bound'));
  });

  it('schedules the pods that share a ReadWriteOnce claim onto one node', async () => {
    const nodeOf = async (name: string) => (await podsOf(name)).map((pod) => pod.spec.nodeName as string);
    const media = [...(await nodeOf('downloader')), ...(await nodeOf('radarr')), ...(await nodeOf('jellyfin'))];
    expect(media).toHaveLength(3);
    expect(new Set(media).size).toBe(1);
    const scripts = [...(await nodeOf('init-scripts')), ...(await nodeOf('clickhouse'))];
    expect(scripts).toHaveLength(2);
    expect(new Set(scripts).size).toBe(1);
  });

  it('gives the nested mounts their folder of the claim by subPath', async () => {
    const mountsOf = async (name: string): Promise<Json[]> => (await podsOf(name))[0]?.spec.containers[0].volumeMounts ?? [];
    expect((await mountsOf('downloader')).find((mount) => mount.mountPath === '/data/torrents')).toMatchObject({ subPath: 'torrents' });
    const jellyfin = await mountsOf('jellyfin');
    const config = jellyfin.find((mount) => mount.mountPath === '/config');
    expect(jellyfin.find((mount) => mount.mountPath === '/jellyfin/jellyfin-web/config')).toMatchObject({ name: config.name, subPath: 'web-config' });
  });

  it("mounts the Job's claim in the StatefulSet, and fills postgres's claim by its seed container", async () => {
    const [clickhouse] = await podsOf('clickhouse');
    const claims = (clickhouse?.spec.volumes as Json[]).flatMap((volume) => (volume.persistentVolumeClaim ? [volume.persistentVolumeClaim.claimName] : []));
    expect(claims.sort()).toEqual(['data-clickhouse-0', 'host-user-scripts']);
    const [db] = await podsOf('db');
    const seed = (db?.status.initContainerStatuses as Json[]).find((status) => status.name === 'seed-var-lib-postgresql-data');
    expect(seed?.state?.terminated?.reason).toBe('Completed');
    expect((db?.spec.volumes as Json[]).find((volume) => volume.name === 'var-lib-postgresql-data')).toMatchObject({ persistentVolumeClaim: { claimName: 'db-var-lib-postgresql-data' } });
  });
});
