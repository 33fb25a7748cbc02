/**
 * Where ofelia finds its job-exec jobs: the labels of the containers labelled `ofelia.enabled: "true"`
 * (`ofelia.job-exec.<job>.<setting>`), and the INI file the scheduler reads (`/etc/ofelia/config.ini`,
 * or `--config`), when the project ships it: `[job-exec "<job>"]` sections of `setting = value`
 * lines (PhotoPrism's scheduler example keeps its index and backup jobs in `./jobs.ini`).
 */
import type { ComposeProject, HostFile, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { own } from '../plan/own.ts';
import { labelKey } from '../kompose/kompose-labels.ts';
import { isOfeliaLabel } from './ofelia-labels.ts';

export interface ExecJob {
  readonly name: string;
  /** The service the command runs in. */
  readonly target: Service;
  readonly settings: ReadonlyMap<string, string>;
  /** The key a warning about one of its settings is located at. */
  readonly key: (setting: string) => string;
}

/** `ofelia.<type>.<job>.<setting>`: ofelia splits the key at its dots. */
const JOB_LABEL = /^ofelia\.(job-[a-z-]+)\.([^.]+)\.([^.]+)$/;
/** The settings of a job-exec the CronJob keeps; the others are reported. */
const EXEC_SETTINGS: ReadonlySet<string> = new Set(['schedule', 'command', 'user', 'environment', 'no-overlap', 'container', 'tty']);
const DEFAULT_CONFIG = '/etc/ofelia/config.ini';
const SECTION = /^\[\s*([A-Za-z-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]$/;
const SETTING = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/;

/** The job-exec jobs of the project: from the labels of the services, and from the schedulers' INI files. */
export function execJobs(project: ComposeProject, schedulers: ReadonlySet<string>, warn: Warn): ExecJob[] {
  const jobs: ExecJob[] = [];
  for (const holder of Object.values(project.services)) {
    const byJob = labelledJobs(holder, schedulers.has(holder.name), warn);
    if (byJob.size === 0) continue;
    if (holder.labels['ofelia.enabled'] !== 'true' && !schedulers.has(holder.name)) {
      const first = [...byJob.keys()][0] ?? '';
      warn(`ofelia's jobs of service '${holder.name}' are not translated: ofelia reads the labels of containers labelled ofelia.enabled: "true" only, and this one is not`, labelKey(holder, `ofelia.job-exec.${first}.schedule`));
      continue;
    }
    for (const [name, settings] of byJob) {
      const key = (setting: string) => labelKey(holder, `ofelia.job-exec.${name}.${setting}`);
      const target = targetOf(project, holder, settings, schedulers);
      if (target === undefined) warn(`ofelia job '${name}' is not translated: no service of the project runs container '${settings.get('container') ?? ''}'`, key('container'));
      else jobs.push({ name, target, settings, key });
    }
  }
  for (const name of schedulers) {
    const scheduler = own(project.services, name);
    if (scheduler !== undefined) jobs.push(...configuredJobs(project, scheduler, schedulers, warn));
  }
  return jobs;
}

/** One service's ofelia labels, by job; the others reported. */
function labelledJobs(holder: Service, isScheduler: boolean, warn: Warn): Map<string, Map<string, string>> {
  const byJob = new Map<string, Map<string, string>>();
  for (const label of Object.keys(holder.labels).filter(isOfeliaLabel).sort()) {
    const match = JOB_LABEL.exec(label);
    if (match === null) {
      // The scheduler's own settings (mail, Slack, logging) leave with it.
      if (label !== 'ofelia.enabled' && !isScheduler) warn(`'${label}' is not translated: it is no setting of an ofelia job`, labelKey(holder, label));
      continue;
    }
    const [, type = '', job = '', setting = ''] = match;
    if (type !== 'job-exec') {
      warn(`'${label}' is not translated: ${otherJobs(type)}`, labelKey(holder, label));
      continue;
    }
    if (!EXEC_SETTINGS.has(setting)) warn(`'${label}' is not translated: a CronJob has no equivalent of ofelia's ${setting}`, labelKey(holder, label));
    const settings = byJob.get(job) ?? new Map<string, string>();
    settings.set(setting, holder.labels[label] ?? '');
    byJob.set(job, settings);
  }
  return byJob;
}

function otherJobs(type: string): string {
  return `only ofelia's job-exec jobs become CronJobs; run a ${type} as a service with x-kubernetes: {workload: CronJob, schedule: "…"}`;
}

/** The service a job runs in: the one its `container` setting names, else the one it is written on. */
function targetOf(project: ComposeProject, holder: Service | undefined, settings: ReadonlyMap<string, string>, schedulers: ReadonlySet<string>): Service | undefined {
  const container = settings.get('container');
  const target = container === undefined ? holder : containerService(project, container);
  return target === undefined || schedulers.has(target.name) ? undefined : target;
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

/** The job-exec sections of the INI file the scheduler reads, when the project ships it. */
function configuredJobs(project: ComposeProject, scheduler: Service, schedulers: ReadonlySet<string>, warn: Warn): ExecJob[] {
  const path = configPath(scheduler);
  const index = scheduler.volumes.findIndex((mount) => mount.type === 'bind' && (path === mount.target || path.startsWith(`${mount.target.replace(/\/+$/, '')}/`)));
  const mount = scheduler.volumes[index];
  if (mount?.type !== 'bind') return [];
  const mountKey = `services.${scheduler.name}.volumes.${index}`;
  const host = own(project.hostFiles, mount.source);
  const file: HostFile | undefined =
    host?.kind === 'file' ? host : host?.kind === 'directory' ? own(host.entries, path.slice(mount.target.replace(/\/+$/, '').length + 1)) : undefined;
  if (file === undefined || file.binary) {
    warn(`the jobs of ofelia's configuration file ${path} are not translated: the project does not ship it; declare each as a service with x-kubernetes: {workload: CronJob, schedule: "…"}`, mountKey);
    return [];
  }
  const jobs: ExecJob[] = [];
  for (const section of iniSections(file.content)) {
    if (section.type === 'global') continue;
    if (section.type !== 'job-exec') {
      warn(`ofelia's [${section.type} "${section.name}"] is not translated: ${otherJobs(section.type)}`, mountKey);
      continue;
    }
    for (const setting of section.settings.keys()) {
      if (!EXEC_SETTINGS.has(setting)) warn(`the setting ${setting} of ofelia's job '${section.name}' is not translated: a CronJob has no equivalent`, mountKey);
    }
    const target = targetOf(project, undefined, section.settings, schedulers);
    if (target === undefined) warn(`ofelia job '${section.name}' is not translated: no service of the project runs container '${section.settings.get('container') ?? ''}'`, mountKey);
    else jobs.push({ name: section.name, target, settings: section.settings, key: () => mountKey });
  }
  return jobs;
}

/** `--config=<path>` or `--config <path>` of the scheduler's command, else ofelia's default. */
function configPath(scheduler: Service): string {
  const words = scheduler.command ?? [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word.startsWith('--config=')) return word.slice('--config='.length);
    if (word === '--config') return words[index + 1] ?? DEFAULT_CONFIG;
  }
  return DEFAULT_CONFIG;
}

interface IniSection {
  readonly type: string;
  readonly name: string;
  readonly settings: Map<string, string>;
}

/** gcfg's sections as ofelia reads them; repeated `environment` lines gather into a JSON list. */
function iniSections(content: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  const environment = new Map<IniSection, string[]>();
  for (const raw of content.split(/\r?\n/)) {
    const line = withoutComment(raw).trim();
    if (line === '') continue;
    const header = SECTION.exec(line);
    if (header !== null) {
      current = { type: (header[1] ?? '').toLowerCase(), name: (header[2] ?? '').replace(/\\(.)/g, '$1'), settings: new Map() };
      sections.push(current);
      continue;
    }
    const setting = SETTING.exec(line);
    if (setting === null || current === undefined) continue;
    const name = (setting[1] ?? '').toLowerCase();
    const value = unquoted((setting[2] ?? '').trim());
    if (name === 'environment') {
      const list = [...(environment.get(current) ?? []), value];
      environment.set(current, list);
      current.settings.set(name, JSON.stringify(list));
    } else current.settings.set(name, value);
  }
  return sections;
}

/** The line before a `;` or `#` outside double quotes. */
function withoutComment(line: string): string {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"' && line[index - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (char === ';' || char === '#')) return line.slice(0, index);
  }
  return line;
}

function unquoted(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
