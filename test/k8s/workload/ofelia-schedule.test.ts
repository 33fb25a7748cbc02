import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../../lib/k8s/workload/ofelia-schedule.ts';

describe("ofelia's schedules as a CronJob's", () => {
  it.each([
    ['@daily', '@daily'],
    ['@hourly', '@hourly'],
    ['0 2 * * 0', '0 2 * * 0'],
    ['0 0 2 * * *', '0 2 * * *'],
    ['0 */15 * * * *', '*/15 * * * *'],
    ['0 30 1 * * ?', '30 1 * * ?'],
  ])('keeps %s as %s', (spec, schedule) => {
    expect(cronSchedule(spec)).toEqual({ schedule });
  });

  it.each([
    ['@every 5m', '*/5 * * * *'],
    ['@every 1h', '0 * * * *'],
    ['@every 12h', '0 */12 * * *'],
    ['@every 24h', '0 0 * * *'],
    ['@every 1m', '* * * * *'],
    ['@every 30s', '* * * * *'],
    ['@every 500ms', '* * * * *'],
    ['@every 7m', '*/7 * * * *'],
    ['@every 90m', '0 */2 * * *'],
    ['@every 1h30m', '0 */2 * * *'],
    ['@every 72h', '0 0 */3 * *'],
    ['30 0 3 * * *', '0 3 * * *'],
    ['*/10 * * * * *', '* * * * *'],
  ])('runs %s on %s, saying how it differs', (spec, schedule) => {
    const result = cronSchedule(spec);
    expect(result).toMatchObject({ schedule });
    expect('approximation' in result && result.approximation).toBeTruthy();
  });

  it.each(['@every', '@every soon', '@every 0s', '* * *', '0 0 0 0 0 0 0', 'every day', '@reboot'])('refuses %s', (spec) => {
    expect(cronSchedule(spec)).toHaveProperty('refused');
  });
});
