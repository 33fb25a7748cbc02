/**
 * Ofelia's schedules as a CronJob's. Ofelia parses them with robfig/cron: a descriptor (`@daily`,
 * `@every 1h30m`), six fields with seconds first, or five fields. A CronJob takes five fields, no
 * seconds, and the descriptors but `@every`; it runs at most once a minute, aligned to the clock,
 * where `@every` counts from the scheduler's start.
 */

export type CronSchedule =
  /** `approximation` says how the CronJob's runs differ from ofelia's, when they do. */
  | { readonly schedule: string; readonly approximation?: string }
  | { readonly refused: string };

const DESCRIPTORS: ReadonlySet<string> = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** One cron field: numbers, names, ranges, steps, lists, `*` and `?`. */
const FIELD = /^[*?\dA-Za-z,/-]+$/;

/** Go's time.ParseDuration units that a schedule can use, in seconds. */
const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function cronSchedule(spec: string): CronSchedule {
  const text = spec.trim();
  if (DESCRIPTORS.has(text)) return { schedule: text };
  if (text.startsWith('@every ')) return every(text.slice('@every '.length).trim());
  const fields = text.split(/\s+/);
  if (!fields.every((field) => FIELD.test(field))) return { refused: `'${spec}' is not a cron schedule` };
  if (fields.length === 5) return { schedule: fields.join(' ') };
  if (fields.length !== 6) return { refused: `'${spec}' has ${fields.length} fields, where a cron schedule has five (six with seconds)` };
  const [seconds, ...rest] = fields;
  const schedule = rest.join(' ');
  if (seconds === '0') return { schedule };
  if (/^\d+$/.test(seconds ?? '')) return { schedule, approximation: `at the start of the minute, not at second ${seconds}` };
  return { schedule, approximation: `at most once a minute, where ofelia ran it at seconds '${seconds}' of the minute` };
}

/** `@every <Go duration>` as the nearest clock-aligned schedule. */
function every(duration: string): CronSchedule {
  const seconds = durationSeconds(duration);
  if (seconds === undefined || seconds <= 0) return { refused: `'@every ${duration}' is not a duration ofelia can run` };
  const aligned = 'aligned to the clock, where ofelia counts from its own start';
  if (seconds < 60) return { schedule: '* * * * *', approximation: `every minute, the most often a CronJob runs, where ofelia ran it every ${duration}` };
  const minutes = Math.round(seconds / 60);
  const rounded = minutes * 60 === seconds ? '' : ` (${duration} rounded to whole minutes)`;
  if (minutes < 60) {
    if (60 % minutes === 0) return { schedule: minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`, approximation: `${aligned}${rounded}` };
    return { schedule: `*/${minutes} * * * *`, approximation: `every ${minutes} minutes from each full hour, ${aligned}${rounded}` };
  }
  const hours = Math.round(minutes / 60);
  const hourly = hours * 60 === minutes ? rounded : ` (${duration} rounded to whole hours)`;
  if (hours < 24) {
    if (24 % hours === 0) return { schedule: hours === 1 ? '0 * * * *' : `0 */${hours} * * *`, approximation: `${aligned}${hourly}` };
    return { schedule: `0 */${hours} * * *`, approximation: `every ${hours} hours from each midnight, ${aligned}${hourly}` };
  }
  const days = Math.round(hours / 24);
  const daily = days * 24 === hours ? hourly : ` (${duration} rounded to whole days)`;
  if (days === 1) return { schedule: '0 0 * * *', approximation: `${aligned}${daily}` };
  return { schedule: `0 0 */${days} * *`, approximation: `every ${days} days from each month's first, ${aligned}${daily}` };
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** Seconds of a Go duration such as `90s`, `1h30m` or `1.5h`; undefined for anything else. */
function durationSeconds(duration: string): number | undefined {
  if (!/^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.test(duration)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(DURATION_PART)) seconds += Number(amount) * (UNITS[unit ?? ''] ?? 0);
  return seconds;
}
