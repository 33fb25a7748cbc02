import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { convertCompose } from '../support/compose-text.ts';

/** A database with a nightly backup and a migration run by hand, as compose-go 2.16's jobs declare them. */
const stack = `services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: n1ghtly-Backup-Pa55
  api:
    image: example/api:2.1
    depends_on: [db]
jobs:
  backup:
    image: postgres:17
    command: ["sh", "-c", "pg_dump -h db -U postgres > /backup/dump.sql"]
    environment:
      PGPASSWORD: n1ghtly-Backup-Pa55
    volumes: ["backups:/backup"]
    depends_on: [db]
    ulimits:
      nofile: 4096
    triggers:
      schedule:
        - "0 3 * * *"
        - cron: "30 12 * * 1"
          timezone: Europe/Paris
          missed_fires: skip
          concurrency: queue
  migrate:
    image: example/api:2.1
    command: ["api", "migrate"]
    depends_on: [report]
    triggers:
      manual: true
  report:
    image: example/api:2.1
    command: ["api", "report"]
    depends_on: [db]
    triggers:
      schedule: ["@weekly"]
volumes:
  backups: {}
`;

const converted = convertCompose(stack);
const messagesAt = (key: string): string[] => converted.warnings.filter((warning) => warning.key === key).map((warning) => warning.message);
const podSpec = (cronJob: { spec: { jobTemplate: { spec: { template: { spec: unknown } } } } }): any => cronJob.spec.jobTemplate.spec.template.spec;

describe('top-level jobs', () => {
  it('run as CronJobs, one per schedule, with its time zone and missed-fire policy', () => {
    const nightly = converted.object('CronJob', 'backup');
    expect(nightly.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' });
    expect(nightly.spec.timeZone).toBeUndefined();
    expect(nightly.spec.suspend).toBeUndefined();
    const weekly = converted.object('CronJob', 'backup-2');
    expect(weekly.spec).toMatchObject({ schedule: '30 12 * * 1', timeZone: 'Europe/Paris', startingDeadlineSeconds: 60, concurrencyPolicy: 'Forbid' });
    expect(messagesAt('jobs.backup.triggers.schedule.1')).toEqual([expect.stringContaining("this one runs as CronJob 'backup-2'")]);
    expect(converted.warningsAt('jobs.backup.triggers.schedule.1.concurrency')).toEqual([expect.stringContaining("concurrency 'queue' becomes concurrencyPolicy Forbid")]);
    expect(converted.warningsAt('jobs.backup.triggers.schedule.1.missed_fires')).toEqual([expect.stringContaining('startingDeadlineSeconds 60')]);
  });

  it("run the job's container: its command, its volumes, its secrets kept out of the manifest, after its dependencies", () => {
    const spec = podSpec(converted.object('CronJob', 'backup'));
    const [container] = spec.containers;
    expect(container.image).toBe('postgres:17');
    expect(container.args).toEqual(['sh', '-c', 'pg_dump -h db -U postgres > /backup/dump.sql']);
    expect(container.env).toContainEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'backup-env', key: 'PGPASSWORD' } } });
    // The CronJob of its further schedule reads the same Secret: one copy of the job's secrets.
    expect(podSpec(converted.object('CronJob', 'backup-2')).containers[0].env).toContainEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'backup-env', key: 'PGPASSWORD' } } });
    expect(converted.plan.secrets.map((secret) => secret.name)).not.toContain('backup-2-env');
    expect(JSON.stringify(converted.plan.entries.map((entry) => entry.manifest))).not.toContain('n1ghtly-Backup-Pa55');
    expect(spec.volumes).toContainEqual(expect.objectContaining({ persistentVolumeClaim: { claimName: 'backups' } }));
    expect(spec.initContainers.map((init: { name: string }) => init.name)).toEqual(['wait-for-db']);
    // compose's `restart` of a job is `no`.
    expect(spec.restartPolicy).toBe('Never');
  });

  it("are the clients of a service of their image they name, not the members of its cluster: its Service stays a ClusterIP", () => {
    expect(converted.object('Service', 'db').spec.clusterIP).toBeUndefined();
    expect(converted.objects('Service').map((service) => service.metadata.name)).not.toContain('db-headless');
    expect(converted.warnings.filter((warning) => warning.message.includes('headless'))).toEqual([]);
  });

  it('run by hand only: a suspended CronJob, a template for kubectl create job --from, said once', () => {
    const template = converted.object('CronJob', 'migrate');
    expect(template.spec.suspend).toBe(true);
    expect(podSpec(template).containers[0].args).toEqual(['api', 'migrate']);
    expect(converted.warningsAt('jobs.migrate.triggers.manual')).toEqual([expect.stringMatching(/schedule, '0 0 1 1 \*'.*applies only if someone resumes it.*kubectl create job --from=cronjob\/migrate/)]);
    expect(template.spec.schedule).toBe('0 0 1 1 *');
  });

  it("wait, through a job they depend on, for that job's services, as compose starts them", () => {
    expect(podSpec(converted.object('CronJob', 'migrate')).initContainers.map((init: { name: string }) => init.name)).toEqual(['wait-for-db']);
    expect(converted.warningsAt('jobs.migrate.depends_on.report')).toEqual([expect.stringContaining("depends on job 'report', which compose does not run first")]);
  });

  it("report the keys a service's would be reported at, at the job's own keys, and nothing as a service's", () => {
    const located = converted.warnings.find((warning) => warning.key === 'jobs.backup.ulimits');
    expect(located?.message).toContain('ulimits');
    expect(located?.location).toMatchObject({ line: 17, column: 5 });
    expect(converted.warnings.filter((warning) => /^services\.(backup|migrate|report)\b/.test(warning.key ?? ''))).toEqual([]);
    expect(messagesAt('jobs.backup.triggers.schedule.0')).toEqual([]);
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['api', 'db']);
  });
});

describe("top-level jobs' own settings", () => {
  const job = (triggers: string, extra = ''): string => `services:\n  web: {image: example/web:1.0}\njobs:\n  task:\n    image: example/task:1.0\n${extra}    triggers:\n${triggers}`;

  it('x-kubernetes on a job applies: workload Job runs it once on apply', () => {
    const converted = convertCompose(job('      manual: true\n', "    x-kubernetes: {workload: Job}\n"));
    expect(converted.objects('CronJob')).toEqual([]);
    expect(converted.objects('Job').map((run) => run.spec.template.spec.containers[0].image)).toEqual(['example/task:1.0']);
  });

  it('a schedule a CronJob cannot take, and a job that can never run, are reported and not translated', () => {
    const sixFields = convertCompose(job('      schedule: ["0 0 3 * * *"]\n'));
    expect(sixFields.objects('CronJob')).toEqual([]);
    expect(sixFields.warningsAt('jobs.task.triggers.schedule.0')).toEqual([expect.stringContaining('a CronJob takes five cron fields')]);
    const never = convertCompose(job('      manual: false\n'));
    expect(never.objects('CronJob')).toEqual([]);
    expect(never.warningsAt('jobs.task.triggers.manual')).toEqual([expect.stringContaining('never runs')]);
  });

  it('a time zone that is no tz database name is reported, and the schedule runs in the cluster’s', () => {
    const converted = convertCompose(job('      schedule: [{cron: "@daily", timezone: "UTC+01:00"}]\n'));
    expect(converted.object('CronJob', 'task').spec.timeZone).toBeUndefined();
    expect(converted.warningsAt('jobs.task.triggers.schedule.0.timezone')).toEqual([expect.stringContaining("timezone 'UTC+01:00' is no time zone name")]);
  });

  it('names shared by a service and a job, and a service depending on a job, are refused as compose-go refuses them', () => {
    const clash = `services:\n  task: {image: example/web:1.0}\njobs:\n  task:\n    image: example/task:1.0\n    triggers: {manual: true}\n`;
    expect(() => convertCompose(clash)).toThrow(ComposeError);
    expect(() => convertCompose(clash)).toThrow(/declared both as a service and a job/);
    const dependsOnJob = `services:\n  web:\n    image: example/web:1.0\n    depends_on: [task]\njobs:\n  task:\n    image: example/task:1.0\n    triggers: {manual: true}\n`;
    expect(() => convertCompose(dependsOnJob)).toThrow(/service "web" cannot depend on job "task"/);
  });
});
