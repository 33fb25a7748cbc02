import type { ComposeJob, JobSchedule, Service } from '../model.ts';
import type { Mapping, Tree } from '../read/tree.ts';
import type { Reporter } from './values.ts';

/**
 * Top-level `jobs` (compose-go 2.16): each enabled job's service keys (already normalized, as
 * `services`) with its `triggers`. A plain crontab string is the schedule `{cron: …}`, as compose-go
 * canonicalizes it.
 */
export function normalizeJobs(tree: Mapping, services: Readonly<Record<string, Service>>, report: Reporter): Record<string, ComposeJob> {
  const jobs: Record<string, ComposeJob> = {};
  for (const [name, service] of Object.entries(services)) {
    const key = `jobs.${name}.triggers`;
    const triggers = report.mapping((tree[name] as Mapping)['triggers'], key) ?? {};
    const manual = triggers['manual'] === undefined ? undefined : report.boolean(triggers['manual'], `${key}.manual`);
    const listed = triggers['schedule'];
    const schedules = Array.isArray(listed) ? listed.map((entry, index) => schedule(entry, `${key}.schedule.${index}`, report)) : [];
    jobs[name] = { service, ...(manual === undefined ? {} : { manual }), schedules };
  }
  return jobs;
}

function schedule(entry: Tree, key: string, report: Reporter): JobSchedule {
  if (typeof entry === 'string') return { cron: entry };
  const settings = report.mapping(entry, key) ?? {};
  const timezone = report.string(settings['timezone'], `${key}.timezone`);
  const concurrency = report.string(settings['concurrency'], `${key}.concurrency`);
  const missedFires = report.string(settings['missed_fires'], `${key}.missed_fires`);
  return {
    cron: report.string(settings['cron'], `${key}.cron`) ?? '',
    ...(timezone === undefined ? {} : { timezone }),
    ...(concurrency === 'forbid' || concurrency === 'queue' ? { concurrency } : {}),
    ...(missedFires === 'one' || missedFires === 'skip' ? { missedFires } : {}),
  };
}
