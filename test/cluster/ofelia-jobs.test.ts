/**
 * Ofelia's jobs on a real Kubernetes 1.37 API server, scheduler and controller manager, with kwok
 * nodes in three zones and a default class of ReadWriteOnce disks: Nextcloud's cron.php as an ofelia
 * job-exec label, the way self-hosted stacks run it, beside the ofelia scheduler and watchtower.
 *
 * What this proves: the scheduler and watchtower, which need the Docker socket, are not deployed;
 * the job is a CronJob the API server admits on the schedule and in the time zone (the scheduler's
 * TZ) it was given; a run of it (a Job made from the CronJob, as the controller makes one at the
 * scheduled minute) is scheduled onto the node of the service whose ReadWriteOnce claim it mounts,
 * as its user. What it cannot: kwok runs no
 * containers, so that cron.php runs is not shown.
 */
import { describe, expect, it } from 'vitest';
import { findingText } from '../../tools/cluster/findings.ts';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { adminKubectl, appliedStack } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'ofelia-jobs';

const compose = {
  services: {
    app: {
      image: 'nextcloud:29-apache',
      ports: ['8080:80'],
      volumes: ['html:/var/www/html'],
      labels: {
        'ofelia.enabled': 'true',
        'ofelia.job-exec.cron.schedule': '@every 5m',
        'ofelia.job-exec.cron.user': 'www-data',
        'ofelia.job-exec.cron.command': 'php -f /var/www/html/cron.php',
      },
    },
    watchtower: { image: 'containrrr/watchtower:1.7.1', volumes: ['/var/run/docker.sock:/var/run/docker.sock'] },
    ofelia: {
      image: 'mcuadros/ofelia:0.3.13',
      command: 'daemon --docker',
      environment: { TZ: 'Europe/Berlin' },
      depends_on: ['app'],
      volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'],
    },
  },
  volumes: { html: {} },
};

async function nodesOf(selector: string): Promise<string[]> {
  const pods = await getItems<KubeObject>(kubectl, ['pods', '-n', NAMESPACE, '-l', selector]);
  return pods.map((pod) => pod.spec.nodeName as string);
}

describe("ofelia's jobs on a real cluster", () => {
  const stack = appliedStack(NAMESPACE, compose);

  it('runs: no finding, and neither the scheduler nor watchtower deployed', async () => {
    expect(stack.report().findings.map(findingText)).toEqual([]);
    const deployments = await getItems<KubeObject>(kubectl, ['deployments', '-n', NAMESPACE]);
    expect(deployments.map((deployment) => deployment.metadata.name)).toEqual(['app']);
  });

  it('admits the job as a CronJob on its schedule, running the command as the label’s user', async () => {
    const [cronJob] = await getItems<KubeObject>(kubectl, ['cronjobs', '-n', NAMESPACE]);
    expect(cronJob?.metadata.name).toBe('app-cron');
    expect(cronJob?.spec.schedule).toBe('*/5 * * * *');
    // The API server checks the zone against its tz database: ofelia's TZ is kept, not refused.
    expect(cronJob?.spec.timeZone).toBe('Europe/Berlin');
    const container = cronJob?.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command).toEqual(['php', '-f', '/var/www/html/cron.php']);
    expect(container.securityContext).toMatchObject({ runAsUser: 33, runAsNonRoot: true });
    // Kept beside the service by a required pod affinity, not by the luck of the scheduler.
    const [affinity] = cronJob?.spec.jobTemplate.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(affinity?.topologyKey).toBe('kubernetes.io/hostname');
  });

  it("schedules a run onto the node of the service whose ReadWriteOnce claim it mounts", async () => {
    const created = await kubectl(['create', 'job', 'app-cron-now', '--from=cronjob/app-cron', '-n', NAMESPACE]);
    expect(created.code).toBe(0);
    let run: string[] = [];
    for (let attempt = 0; attempt < 60 && (run.length === 0 || run.some((node) => !node)); attempt++) {
      run = await nodesOf('job-name=app-cron-now');
      if (run.length === 0 || run.some((node) => !node)) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const app = await nodesOf('app.kubernetes.io/name=app');
    expect(app).toHaveLength(1);
    expect(run).toEqual(app);
  });
});
