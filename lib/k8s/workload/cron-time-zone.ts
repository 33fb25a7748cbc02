import { isValidServiceOptions } from '../options/options-validation.ts';

/**
 * A time zone compose names for a schedule (ofelia's `TZ`, a job's `timezone`), as a CronJob's
 * `timeZone`: `utc` for a name of UTC, which needs none (the controller manager's zone on managed
 * clusters), `invalid` for what the options' schema refuses as a tz database name.
 */
export function cronTimeZone(zone: string): { readonly timeZone: string } | 'utc' | 'invalid' {
  if (/^(UTC|Etc\/UTC|GMT|Etc\/GMT|Z|)$/i.test(zone.trim())) return 'utc';
  return isValidServiceOptions({ timeZone: zone }) ? { timeZone: zone } : 'invalid';
}
