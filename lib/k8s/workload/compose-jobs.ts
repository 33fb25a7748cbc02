/**
 * Top-level `jobs` (compose-go 2.16): containers that run to completion, started by hand (`manual`)
 * or on `schedule`s. Until 2026-12-07 each was reported and left out. Each becomes a service of its
 * own, translated as services are, run as a CronJob:
 * - one per schedule (a CronJob has one), the first named after the job and the others `<job>-2`, … ;
 *   `timezone` is the CronJob's `timeZone`; runs never overlap (`concurrencyPolicy: Forbid`, compose's
 *   `forbid`); `missed_fires: skip` gives a starting deadline of 60 s;
 * - a job run only by hand is a suspended CronJob: a template that never fires, run with `kubectl
 *   create job --from=cronjob/<job> <run>` as often as `docker compose` would run it (a Job would
 *   run once, on apply, and a suspended Job once when resumed).
 * A job's own `x-kubernetes` options apply (`workload: Job` runs it once on apply instead). Its
 * dependency on another job starts nothing, as in compose: it waits for that job's services.
 * Warnings about the job's service point at the job's keys.
 */
import type { ComposeJob, ComposeProject, Dependency, JobSchedule, Service } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import type { Warn } from '../plan/context.ts';
import type { ServiceOptions } from '../options/options.ts';
import { EXTENSION_KEY, isValidServiceOptions, jobExtensionOptions } from '../options/options-validation.ts';
import { own } from '../plan/own.ts';
import { kubernetesName } from '../names/names.ts';
import { cronTimeZone } from './cron-time-zone.ts';
import { nameRecord } from '../../name-records.ts';

/** The project with its jobs as services, the options they run with, and the keys they were made from. */
export interface ComposeJobsTranslation {
  readonly project: ComposeProject;
  readonly options: Readonly<Record<string, ServiceOptions>>;
  /** Each job's service → the key prefix of its job (`jobs.backup`). */
  readonly sources: ReadonlyMap<string, string>;
}

/** A suspended CronJob still needs a schedule: New Year's midnight, should anyone resume it. */
export const TEMPLATE_SCHEDULE = '0 0 1 1 *';
const SKIPPED_AFTER_SECONDS = 60;

export function withComposeJobs(project: ComposeProject, warn: Warn): ComposeJobsTranslation {
  const jobs = project.jobs ?? {};
  const names = Object.keys(jobs);
  if (names.length === 0) return { project, options: {}, sources: new Map() };
  const services: Record<string, Service> = { ...project.services };
  const taken = new Set([...Object.keys(services), ...names].map(kubernetesName));
  const options: Record<string, ServiceOptions> = {};
  const sources = new Map<string, string>();
  for (const name of names) {
    const job = own(jobs, name) as ComposeJob;
    const key = `jobs.${name}`;
    const declared = jobExtensionOptions(project, name);
    const service = jobService(project, job, warn);
    const runs = jobRuns(job, key, warn);
    runs.forEach((run, index) => {
      const made = index === 0 ? name : `${name}-${index + 1}`;
      if (index > 0 && taken.has(kubernetesName(made))) {
        warn(`schedule '${run.schedule}' of job '${name}' is not translated: its CronJob would be named '${made}', as a service or job already is`, run.key);
        return;
      }
      taken.add(kubernetesName(made));
      if (index > 0) warn(`job '${name}' has several schedules and a CronJob one: this one runs as CronJob '${made}'`, run.key);
      services[made] = { ...service, name: made };
      options[made] = declared.workload === undefined || declared.workload === 'CronJob' ? { ...run.options, ...declared } : declared;
      sources.set(made, key);
    });
  }
  return { project: withServices(project, services), options, sources };
}

interface JobRun {
  readonly schedule: string;
  readonly key: string;
  readonly options: ServiceOptions;
}

/** The CronJobs a job's triggers give: one per schedule, or the template of a job run by hand. */
function jobRuns(job: ComposeJob, key: string, warn: Warn): JobRun[] {
  const runs = job.schedules.flatMap((schedule, index) => scheduledRun(job.service.name, schedule, `${key}.triggers.schedule.${index}`, warn));
  if (job.schedules.length > 0) return runs;
  if (job.manual === false) {
    warn(`job '${job.service.name}' is not translated: it has no schedule and forbids manual runs, so it never runs`, `${key}.triggers.manual`);
    return [];
  }
  warn(
    `job '${job.service.name}' runs only when started by hand: it becomes a suspended CronJob, a template that never fires (its schedule, '${TEMPLATE_SCHEDULE}', New Year's midnight, applies only if someone resumes it); run it with kubectl create job --from=cronjob/${kubernetesName(job.service.name)} ${kubernetesName(job.service.name)}-1 (a new name each run)`,
    `${key}.triggers.manual`,
  );
  return [{ schedule: TEMPLATE_SCHEDULE, key: `${key}.triggers`, options: { workload: 'CronJob', schedule: TEMPLATE_SCHEDULE, suspend: true } }];
}

function scheduledRun(name: string, schedule: JobSchedule, key: string, warn: Warn): JobRun[] {
  const cron = schedule.cron.trim();
  // The options' schema says what a CronJob takes: five fields, or a descriptor.
  if (!isValidServiceOptions({ workload: 'CronJob', schedule: cron })) {
    warn(`schedule '${schedule.cron}' of job '${name}' is not translated: a CronJob takes five cron fields or a descriptor such as @daily`, key);
    return [];
  }
  const zone = schedule.timezone === undefined ? 'utc' : cronTimeZone(schedule.timezone);
  if (zone === 'invalid') warn(`timezone '${schedule.timezone}' is no time zone name of the tz database: the CronJob runs in the cluster's time zone (UTC on managed clusters)`, `${key}.timezone`);
  const timeZone = typeof zone === 'object' ? zone.timeZone : undefined;
  if (schedule.concurrency === 'queue') {
    warn(
      "concurrency 'queue' becomes concurrencyPolicy Forbid: runs never overlap, and a fire missed while a run is active starts once it ends (the latest only; Kubernetes queues no more)",
      `${key}.concurrency`,
    );
  }
  if (schedule.missedFires === 'skip') {
    warn(`missed_fires 'skip' becomes startingDeadlineSeconds ${SKIPPED_AFTER_SECONDS}: a fire not started within ${SKIPPED_AFTER_SECONDS} s of its time is skipped`, `${key}.missed_fires`);
  }
  return [
    {
      schedule: cron,
      key,
      options: {
        workload: 'CronJob',
        schedule: cron,
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(schedule.missedFires === 'skip' ? { startingDeadlineSeconds: SKIPPED_AFTER_SECONDS } : {}),
      },
    },
  ];
}

/**
 * The job's service: its keys without `triggers` (read here) and its `x-kubernetes` (validated at the
 * job's key), its dependencies on other jobs replaced by their services (compose starts those, not
 * the jobs).
 */
function jobService(project: ComposeProject, job: ComposeJob, warn: Warn): Service {
  const { service } = job;
  const dependsOn = nameRecord<Dependency>();
  for (const [dependency, spec] of Object.entries(service.dependsOn)) {
    if (own(project.jobs ?? {}, dependency) === undefined) {
      dependsOn[dependency] = spec;
      continue;
    }
    warn(`job '${service.name}' depends on job '${dependency}', which compose does not run first: it waits for that job's services only`, `jobs.${service.name}.depends_on.${dependency}`);
    for (const [name, inherited] of jobDependencies(project, dependency, new Set([service.name]))) if (dependsOn[name] === undefined) dependsOn[name] = inherited;
  }
  const raw = Object.fromEntries(Object.entries(service.raw).filter(([key]) => key !== 'triggers'));
  const extensions = Object.fromEntries(Object.entries(service.extensions).filter(([key]) => key !== EXTENSION_KEY));
  // Object.assign, not a spread (lib/name-records.ts).
  return Object.assign({}, service, { dependsOn, raw, extensions });
}

/** The services a job depends on, through the jobs it depends on. */
function jobDependencies(project: ComposeProject, name: string, seen: Set<string>): [string, Dependency][] {
  if (seen.has(name)) return [];
  seen.add(name);
  const job = own(project.jobs ?? {}, name);
  if (job === undefined) return [];
  return Object.entries(job.service.dependsOn).flatMap(([dependency, spec]) =>
    own(project.jobs ?? {}, dependency) === undefined ? [[dependency, spec] as [string, Dependency]] : jobDependencies(project, dependency, seen),
  );
}
