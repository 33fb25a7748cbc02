/**
 * Top-level `jobs` (compose-go 2.16) on a real Kubernetes 1.37 API server, scheduler and controller
 * manager, with kwok nodes: a nightly backup on two schedules (one in a time zone, skipping missed
 * fires) and a migration run by hand.
 *
 * What this proves: the API server admits each CronJob and keeps what the job said (the zone, which it
 * checks against its tz database; the starting deadline; the suspension of the template); a run made
 * by hand from the suspended template, as the warning says to, is a Job whose pod is scheduled; no
 * CronJob is left without a schedule the controller can read. What it cannot: kwok runs no
 * containers, and the test does not wait for a schedule to fire.
 */
import { describe, expect, it } from 'vitest';
import { findingText } from '../../tools/cluster/findings.ts';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { adminKubectl, appliedStack } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'compose-jobs';

const compose = {
  services: {
    db: { image: 'postgres:17', environment: { POSTGRES_PASSWORD: 'cluster-Job-Pa55word' }, volumes: ['data:/var/lib/postgresql/data'] },
  },
  jobs: {
    backup: {
      image: 'postgres:17',
      command: ['sh', '-c', 'pg_dump -h db -U postgres > /backup/dump.sql'],
      environment: { PGPASSWORD: 'cluster-Job-Pa55word' },
      volumes: ['backups:/backup'],
      depends_on: ['db'],
      triggers: { schedule: ['0 3 * * *', { cron: '30 12 * * 1', timezone: 'Europe/Paris', missed_fires: 'skip' }] },
    },
    migrate: { image: 'alpine:3.20', command: ['echo', 'migrated'], triggers: { manual: true } },
  },
  volumes: { data: {}, backups: {} },
};

describe('top-level jobs on a real cluster', () => {
  const stack = appliedStack(NAMESPACE, compose);

  it('runs: no finding, and a CronJob per schedule and per job run by hand', async () => {
    expect(stack.report().findings.map(findingText)).toEqual([]);
    const cronJobs = await getItems<KubeObject>(kubectl, ['cronjobs', '-n', NAMESPACE]);
    expect(cronJobs.map((cronJob) => cronJob.metadata.name).sort()).toEqual(['backup', 'backup-2', 'migrate']);
  });

  it('keeps the time zone, the starting deadline and the suspension the jobs asked for', async () => {
    const cronJobs = new Map((await getItems<KubeObject>(kubectl, ['cronjobs', '-n', NAMESPACE])).map((cronJob) => [cronJob.metadata.name, cronJob.spec]));
    expect(cronJobs.get('backup')).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', suspend: false });
    expect(cronJobs.get('backup-2')).toMatchObject({ schedule: '30 12 * * 1', timeZone: 'Europe/Paris', startingDeadlineSeconds: 60 });
    expect(cronJobs.get('migrate')).toMatchObject({ suspend: true });
  });

  it('runs the job started by hand from its template, as the warning says', async () => {
    const created = await kubectl(['create', 'job', 'migrate-1', '--from=cronjob/migrate', '-n', NAMESPACE]);
    expect(created.code).toBe(0);
    let nodes: string[] = [];
    for (let attempt = 0; attempt < 60 && (nodes.length === 0 || nodes.some((node) => !node)); attempt++) {
      const pods = await getItems<KubeObject>(kubectl, ['pods', '-n', NAMESPACE, '-l', 'job-name=migrate-1']);
      nodes = pods.map((pod) => pod.spec.nodeName as string);
      if (nodes.length === 0 || nodes.some((node) => !node)) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toBeTruthy();
  });
});
