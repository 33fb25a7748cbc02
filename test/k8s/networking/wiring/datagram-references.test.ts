import { describe, expect, it, test } from 'vitest';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import type * as k8s from '../../../../lib/k8s/plan/api-types.ts';
import { sendsDatagrams } from '../../../../lib/k8s/networking/wiring/datagram-references.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { find, plan, podOf } from '../../names/support.ts';

const servicePorts = (translation: TranslationPlan, name: string): string[] =>
  (find<k8s.Service>(translation, 'Service', name).spec?.ports ?? []).map((port) => `${port.protocol ?? 'TCP'}/${port.port}`);

describe('sendsDatagrams', () => {
  it('a StatsD or UDP variable, or a udp:// URL, sends datagrams', () => {
    expect(sendsDatagrams('telegraf', 0, '_APP_STATSD_HOST')).toBe(true);
    expect(sendsDatagrams('datadog', 0, 'DD_DOGSTATSD_HOST')).toBe(true);
    expect(sendsDatagrams('logs', 0, 'SYSLOG_UDP_HOST')).toBe(true);
    expect(sendsDatagrams('udp://telegraf:8125', 'udp://'.length, 'METRICS_URL')).toBe(true);
    expect(sendsDatagrams('syslog+udp://user@logs:514', 'syslog+udp://user@'.length, undefined)).toBe(true);
  });

  it('any other variable or scheme does not', () => {
    expect(sendsDatagrams('redis', 0, 'REDIS_HOST')).toBe(false);
    expect(sendsDatagrams('tcp://telegraf:8094', 'tcp://'.length, 'METRICS_URL')).toBe(false);
    expect(sendsDatagrams('http://studio:3000', 'http://'.length, 'STUDIO_URL')).toBe(false);
    expect(sendsDatagrams('db', 0, undefined)).toBe(false);
  });
});

describe('a port the others send datagrams to', () => {
  // appwrite/appwrite's docker-compose.yml: _APP_STATSD_HOST=telegraf beside _APP_STATSD_PORT=8125.
  // The Service carried 8125 as TCP, telegraf got a TCP readiness probe its UDP listener never
  // answered, and appwrite waited for telegraf:8125 over TCP before starting, forever.
  test('is carried as UDP, with no TCP probe or wait on it', () => {
    const translation = plan(project(`services:
  appwrite:
    image: appwrite/appwrite:0.6.0
    depends_on: [telegraf, graphite]
    environment: {_APP_STATSD_HOST: telegraf, _APP_STATSD_PORT: "8125", METRICS_URL: "udp://graphite:8126", _APP_INFLUXDB_HOST: influxdb, _APP_INFLUXDB_PORT: "8086"}
  telegraf:
    image: appwrite/telegraf:1.0.0
  graphite:
    image: x/graphite:1
  influxdb:
    image: influxdb:1.6
`));
    expect(servicePorts(translation, 'telegraf')).toEqual(['UDP/8125']);
    expect(servicePorts(translation, 'graphite')).toEqual(['UDP/8126']);
    expect(servicePorts(translation, 'influxdb')).toEqual(['TCP/8086']);
    expect(podOf(translation, 'telegraf').containers[0]?.readinessProbe).toBeUndefined();
    const waits = (podOf(translation, 'appwrite').initContainers ?? []).map((container) => container.command?.join(' ') ?? '');
    expect(waits.filter((command) => command.includes('nc -z'))).toEqual([]);
    expect(translation.warnings.map((w) => `${w.key}: ${w.message}`)).toContain(
      "services.telegraf: the Service carries port 8125/udp (used by appwrite) that compose does not declare, so that the others reach 'telegraf' on it (declare expose: to change)",
    );
  });
});
