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
import { parseImage } from './image-profiles.ts';
import { cronSchedule } from './ofelia-schedule.ts';
import { cronTimeZone } from './cron-time-zone.ts';
import { execJobs, type ExecJob } from './ofelia-job-settings.ts';

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

/** The options of a job's service that say how its service runs its image: it runs the same. */
const INHERITED_OPTIONS = [
  'image', 'pinDigests', 'imagePullSecrets', 'resources', 'securityContext', 'devices', 'allowHostPath', 'sensitiveEnvironment',
  'plainEnvironment', 'fieldEnvironment', 'nodeSelector', 'serviceAccountName', 'storage', 'subPaths', 'polarisExemptions',
] as const satisfies readonly (keyof ServiceOptions)[];

/** A job's options: those of its service that say how it runs its image, under the job's own. */
export function inheritedJobOptions(source: ServiceOptions, job: ServiceOptions): ServiceOptions {
  const inherited: Record<string, unknown> = {};
  for (const option of INHERITED_OPTIONS) if (source[option] !== undefined) inherited[option] = source[option];
  return { ...(inherited as ServiceOptions), ...job };
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
  const zone = schedulingZone(project, schedulers, warn);
  const taken = new Set(Object.keys(services).map(kubernetesName));
  const options: Record<string, ServiceOptions> = {};
  const sources = new Map<string, string>();
  for (const job of jobs) {
    const made = jobService(job, project.name, taken, zone, warn);
    if (made === undefined) continue;
    services[made.service.name] = made.service;
    options[made.service.name] = { workload: 'CronJob', schedule: made.schedule, ...(zone === undefined ? {} : { timeZone: zone }) };
    sources.set(made.service.name, job.target.name);
  }
  return { project: withServices(project, services), options, sources };
}

/** ofelia's time zone, its scheduler's `TZ`, when it is no name of UTC: the CronJobs' `timeZone`. */
function schedulingZone(project: ComposeProject, schedulers: ReadonlySet<string>, warn: Warn): string | undefined {
  for (const name of schedulers) {
    const zone = own(project.services, name)?.environment['TZ'];
    if (zone === undefined || zone === null) continue;
    const read = cronTimeZone(zone);
    if (read === 'utc') continue;
    if (read !== 'invalid') return read.timeZone;
    warn(`TZ '${zone}' is no time zone name of the tz database: ofelia's jobs run in the cluster's time zone (UTC on managed clusters); set x-kubernetes timeZone on each`, `services.${name}.environment.TZ`);
  }
  return undefined;
}

function reportScheduler(service: Service, warn: Warn): void {
  warn(
    `service '${service.name}' runs ofelia, which starts its jobs through the Docker socket that no pod has: it is left out, and each of its job-exec jobs (labels, or its INI file) becomes a CronJob`,
    `services.${service.name}.image`,
  );
}

/** The job's service and schedule; undefined, and said why, when the job cannot run as a CronJob. */
function jobService(job: ExecJob, projectName: string, taken: Set<string>, zone: string | undefined, warn: Warn): { service: Service; schedule: string } | undefined {
  const { target, settings } = job;
  const where = job.key;
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
  const name = freeName(`${target.name}-${job.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}`, taken);
  const environment = jobEnvironment(settings.get('environment'));
  const user = settings.get('user');
  const { command: _command, entrypoint: _entrypoint, healthcheck: _healthcheck, restart: _restart, hostname: _hostname, containerName: _containerName, ...kept } = target;
  const service: Service = {
    ...kept,
    name,
    // A build-only service runs the image `docker compose build` tags after it, not after the job.
    ...(target.image === undefined && target.build !== undefined ? { image: `${projectName}-${target.name}` } : {}),
    entrypoint: words.run,
    networks: jobNetworks(target),
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
    location: target.location,
  };
  const inZone = zone === undefined ? '' : ` in ${zone}, the scheduler's TZ`;
  const runs = `on '${schedule.schedule}'${inZone}${schedule.approximation === undefined ? '' : `, ${schedule.approximation}`}`;
  const shell = words.shell ? '; its command holds shell syntax, which ofelia passes to the program as words, and runs through sh -c' : '';
  const runAs = user === undefined ? `; ofelia runs it as root unless its user setting says otherwise, the CronJob as the service's user` : '';
  warn(
    `ofelia job '${job.name}' becomes CronJob '${kubernetesName(name)}' ${runs}, one run at a time: a pod of service '${target.name}''s image with its environment and volumes runs the command, beside the service's container, not in it${runAs}${shell}`,
    where('schedule'),
  );
  return { service, schedule: schedule.schedule };
}

/**
 * The job's networks: the service's, for what it may reach, without the names and addresses the
 * server answers to there. mailcow's sogo-mailcow holds the alias `sogo` (nginx proxies to it) and
 * runs four ofelia jobs: each job kept the alias, so Service 'sogo' became a headless one selecting
 * the jobs' pods too, and while a job ran, 'sogo' answered with its address, where nothing listens
 * (until 2026-12-07).
 */
function jobNetworks(target: Service): Service['networks'] {
  return Object.fromEntries(Object.keys(target.networks).map((network) => [network, { aliases: [] }]));
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
