/**
 * Ofelia's scheduled jobs. A stack runs the ofelia image as a scheduler that reads labels through
 * the Docker socket: `ofelia.job-exec.<job>.schedule` and `.command` on a service labelled
 * `ofelia.enabled: "true"` make it `docker exec` the command in that service's container on the
 * schedule (Nextcloud's cron.php, Laravel's schedule:run, backups). No pod has a Docker socket: on
 * Kubernetes the scheduler would run and never start a job, and the stack's cron work would stop
 * without a word (until 2026-12-07). So the scheduler is left out, and each job becomes a service of
 * its own, `<service>-<job>`, run as a CronJob: the service's image, environment, volumes, secrets,
 * networks and user, running the job's command as ofelia runs it, without the service's entrypoint.
 * It runs beside the service, not in its container: a command that signals the server's processes
 * does not reach them. Said once per job, with how its schedule was read.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import { parseShellWords } from '../../compose/normalize/shell-words.ts';
import { withServices } from '../../compose/with-services.ts';
import { withoutServices } from './left-out-services.ts';
import { ComposeError } from '../../compose/errors.ts';
import type { Warn } from '../plan/context.ts';
import type { ServiceOptions } from '../options/options.ts';
import { own } from '../plan/own.ts';
import { kubernetesName } from '../names/names.ts';
import { labelKey } from '../kompose/kompose-labels.ts';
import { parseImage } from './image-profiles.ts';
import { cronSchedule } from './ofelia-schedule.ts';
import { isOfeliaLabel } from './ofelia-labels.ts';

/** `ofelia.<type>.<job>.<setting>`: ofelia splits the key at its dots. */
const JOB_LABEL = /^ofelia\.(job-[a-z-]+)\.([^.]+)\.([^.]+)$/;
/** The settings of a job-exec the CronJob keeps; the others are reported. */
const EXEC_SETTINGS: ReadonlySet<string> = new Set(['schedule', 'command', 'user', 'environment', 'no-overlap', 'container', 'tty']);
/** Service keys that belong to the server, not to a job run beside it. */
const SERVER_KEYS: readonly string[] = [
  'command', 'entrypoint', 'ports', 'expose', 'healthcheck', 'depends_on', 'restart', 'labels', 'container_name', 'hostname',
  'post_start', 'pre_stop', 'pre_start', 'scale', 'x-kubernetes', 'links', 'external_links', 'stop_signal', 'stop_grace_period',
];

/** The project with ofelia's jobs as services, its schedulers left out, and the options the jobs run with. */
export interface OfeliaTranslation {
  readonly project: ComposeProject;
  /** x-kubernetes options of each job's service: a CronJob on the job's schedule. */
  readonly options: Readonly<Record<string, ServiceOptions>>;
  /** The service each job's service was made from, whose keys its warnings point at. */
  readonly sources: ReadonlyMap<string, string>;
}

interface ExecJob {
  readonly name: string;
  readonly target: Service;
  /** Where the job's labels are written, and on which service. */
  readonly holder: Service;
  readonly settings: ReadonlyMap<string, string>;
}

/** `key` of a service made from another, as the key of the service it was made from. */
export function sourceKey(key: string, sources: ReadonlyMap<string, string>): string {
  if (sources.size === 0 || !key.startsWith('services.')) return key;
  const end = key.indexOf('.', 'services.'.length);
  const source = sources.get(key.slice('services.'.length, end < 0 ? undefined : end));
  return source === undefined ? key : `services.${source}${end < 0 ? '' : key.slice(end)}`;
}

/** An image of ofelia's: mcuadros/ofelia and its forks (netresearch/ofelia). */
export function isOfeliaImage(image: string | undefined): boolean {
  if (image === undefined) return false;
  const { repository } = parseImage(image);
  return repository.slice(repository.lastIndexOf('/') + 1) === 'ofelia';
}

export function withOfeliaJobs(project: ComposeProject, warn: Warn): OfeliaTranslation {
  const schedulers = new Set(Object.values(project.services).filter((service) => isOfeliaImage(service.image)).map((service) => service.name));
  const jobs = execJobs(project, schedulers, warn);
  if (schedulers.size === 0 && jobs.length === 0) return { project, options: {}, sources: new Map() };
  const leftOut = new Map<string, string>();
  for (const name of schedulers) {
    reportScheduler(own(project.services, name) as Service, warn);
    leftOut.set(name, `'${name}' is ofelia's scheduler, which is left out (its jobs are CronJobs)`);
  }
  const services: Record<string, Service> = { ...withoutServices(project, leftOut, warn).services };
  const taken = new Set(Object.keys(services).map(kubernetesName));
  const options: Record<string, ServiceOptions> = {};
  const sources = new Map<string, string>();
  for (const job of jobs) {
    const made = jobService(job, taken, warn);
    if (made === undefined) continue;
    services[made.service.name] = made.service;
    options[made.service.name] = { workload: 'CronJob', schedule: made.schedule };
    sources.set(made.service.name, job.target.name);
  }
  return { project: withServices(project, services), options, sources };
}

/** The job-exec jobs of the project, from the labels of the services they run in and of the schedulers. */
function execJobs(project: ComposeProject, schedulers: ReadonlySet<string>, warn: Warn): ExecJob[] {
  const jobs: ExecJob[] = [];
  for (const holder of Object.values(project.services)) {
    const byJob = new Map<string, Map<string, string>>();
    for (const label of Object.keys(holder.labels).filter(isOfeliaLabel).sort()) {
      const match = JOB_LABEL.exec(label);
      if (match === null) {
        // The scheduler's own settings (mail, Slack, logging) leave with it.
        if (label !== 'ofelia.enabled' && !schedulers.has(holder.name)) warn(`'${label}' is not translated: it is no setting of an ofelia job`, labelKey(holder, label));
        continue;
      }
      const [, type = '', job = '', setting = ''] = match;
      if (type !== 'job-exec') {
        warn(`'${label}' is not translated: only ofelia's job-exec jobs become CronJobs; run a ${type} as a service with x-kubernetes: {workload: CronJob, schedule: "…"}`, labelKey(holder, label));
        continue;
      }
      if (!EXEC_SETTINGS.has(setting)) warn(`'${label}' is not translated: a CronJob has no equivalent of ofelia's ${setting}`, labelKey(holder, label));
      const settings = byJob.get(job) ?? new Map<string, string>();
      settings.set(setting, holder.labels[label] ?? '');
      byJob.set(job, settings);
    }
    if (byJob.size === 0) continue;
    if (holder.labels['ofelia.enabled'] !== 'true' && !schedulers.has(holder.name)) {
      const first = [...byJob.keys()][0] ?? '';
      warn(`ofelia's jobs of service '${holder.name}' are not translated: ofelia reads the labels of containers labelled ofelia.enabled: "true" only, and this one is not`, labelKey(holder, `ofelia.job-exec.${first}.schedule`));
      continue;
    }
    for (const [name, settings] of byJob) {
      const container = settings.get('container');
      const target = container === undefined ? holder : containerService(project, container);
      if (target === undefined || schedulers.has(target.name)) {
        warn(`ofelia job '${name}' is not translated: no service of the project runs container '${container ?? ''}'`, labelKey(holder, `ofelia.job-exec.${name}.container`));
        continue;
      }
      jobs.push({ name, target, holder, settings });
    }
  }
  return jobs;
}

/** The service whose container ofelia names: its container_name, its service name, or compose's `<project>-<service>-1`. */
function containerService(project: ComposeProject, container: string): Service | undefined {
  const services = Object.values(project.services);
  return (
    services.find((service) => service.containerName === container) ??
    own(project.services, container) ??
    services.find((service) => [`${project.name}-${service.name}-1`, `${project.name}_${service.name}_1`].includes(container))
  );
}

function reportScheduler(service: Service, warn: Warn): void {
  warn(
    `service '${service.name}' runs ofelia, which starts its jobs through the Docker socket that no pod has: it is left out, and each ofelia job-exec label becomes a CronJob`,
    `services.${service.name}.image`,
  );
  const zone = service.environment['TZ'];
  if (zone !== undefined && zone !== null && !/^(UTC|Etc\/UTC|GMT|Etc\/GMT|Z|)$/i.test(zone)) {
    warn(`ofelia ran its schedules in TZ=${zone}; the CronJobs run them in the cluster's time zone (UTC on managed clusters): shift their hours, or set spec.timeZone`, `services.${service.name}.environment.TZ`);
  }
  const configured = service.volumes.some((mount) => /\.ini$/i.test(mount.target)) || (service.command ?? []).some((word) => word.startsWith('--config'));
  if (configured) {
    warn(`the jobs of ofelia's configuration file are not translated (rules never read it): declare each as a service with x-kubernetes: {workload: CronJob, schedule: "…"}`, `services.${service.name}`);
  }
}

/** The job's service and schedule; undefined, and said why, when the job cannot run as a CronJob. */
function jobService(job: ExecJob, taken: Set<string>, warn: Warn): { service: Service; schedule: string } | undefined {
  const { target, holder, settings } = job;
  const where = (setting: string) => labelKey(holder, `ofelia.job-exec.${job.name}.${setting}`);
  const spec = settings.get('schedule');
  const command = settings.get('command');
  if (spec === undefined || command === undefined || command.trim() === '') {
    warn(`ofelia job '${job.name}' is not translated: it sets no ${spec === undefined ? 'schedule' : 'command'}`, where(spec === undefined ? 'schedule' : 'command'));
    return undefined;
  }
  const schedule = cronSchedule(spec);
  if ('refused' in schedule) {
    warn(`ofelia job '${job.name}' is not translated: ${schedule.refused}`, where('schedule'));
    return undefined;
  }
  const words = commandWords(command);
  if (words === undefined) {
    warn(`ofelia job '${job.name}' is not translated: its command is not a command line ofelia can split`, where('command'));
    return undefined;
  }
  const name = freeName(`${target.name}-${job.name}`, taken);
  const environment = jobEnvironment(settings.get('environment'));
  const user = settings.get('user');
  const { command: _command, entrypoint: _entrypoint, healthcheck: _healthcheck, restart: _restart, hostname: _hostname, containerName: _containerName, ...kept } = target;
  const service: Service = {
    ...kept,
    name,
    entrypoint: words.run,
    ports: [],
    expose: [],
    dependsOn: {},
    restart: 'no',
    deploy: { ...target.deploy, mode: 'replicated', replicas: undefined, restartPolicy: undefined, updateConfig: undefined, rollbackConfig: undefined, labels: {}, endpointMode: undefined },
    labels: {},
    hooks: { postStart: [], preStop: [], preStart: [] },
    extensions: {},
    environment: { ...target.environment, ...environment },
    ...(user !== undefined && user !== '' ? { user } : target.user !== undefined ? { user: target.user } : {}),
    raw: Object.fromEntries(Object.entries(target.raw).filter(([key]) => !SERVER_KEYS.includes(key))),
    location: holder.location,
  };
  const runs = schedule.approximation === undefined ? `on '${schedule.schedule}'` : `on '${schedule.schedule}', ${schedule.approximation}`;
  const shell = words.shell ? '; its command holds shell syntax, which ofelia passes to the program as words, and runs through sh -c' : '';
  const runAs = user === undefined ? `; ofelia runs it as root unless .user says otherwise, the CronJob as the service's user` : '';
  warn(
    `ofelia job '${job.name}' becomes CronJob '${kubernetesName(name)}' ${runs}, one run at a time: a pod of service '${target.name}''s image with its environment and volumes runs the command, beside the service's container, not in it${runAs}${shell}`,
    where('schedule'),
  );
  return { service, schedule: schedule.schedule };
}

/** The words ofelia runs; through `sh -c` where the text holds shell syntax it would pass on as words. */
function commandWords(command: string): { run: readonly string[]; shell: boolean } | undefined {
  try {
    const parsed = parseShellWords(command);
    return parsed.dropped === undefined ? { run: parsed.words, shell: false } : { run: ['sh', '-c', command], shell: true };
  } catch (error) {
    if (error instanceof ComposeError) return undefined;
    throw error;
  }
}

/** `environment`, a JSON list of `NAME=value` as ofelia's labels give it. */
function jobEnvironment(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    items = [text];
  }
  const environment: Record<string, string> = {};
  for (const item of Array.isArray(items) ? items : []) {
    if (typeof item !== 'string' || !item.includes('=')) continue;
    environment[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
  }
  return environment;
}

/** `wanted`, or `wanted-2`, `wanted-3`… when another service already becomes its Kubernetes name. */
function freeName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let suffix = 2; taken.has(kubernetesName(name)); suffix++) name = `${wanted}-${suffix}`;
  taken.add(kubernetesName(name));
  return name;
}
