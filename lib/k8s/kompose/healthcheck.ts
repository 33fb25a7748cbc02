import type { LabelFamily } from './label-family.ts';

const PROBES = ['readiness', 'liveness'] as const;
const FIELDS = ['test', 'http_get_path', 'http_get_port', 'tcp_port', 'interval', 'timeout', 'retries', 'start_period', 'disable'] as const;

/**
 * kompose.service.healthcheck.*: probes of their own beside the compose healthcheck. Here both
 * probes come from the healthcheck (its test, timing and start period), so a second description is
 * reported with the healthcheck key that gives the same probe.
 */
export const healthcheck: LabelFamily = {
  labels: Object.fromEntries(
    PROBES.flatMap((probe) => FIELDS.map((field) => [`kompose.service.healthcheck.${probe}.${field}`, `reported: ${insteadOf(field)}`])),
  ),
  translate(labels) {
    for (const probe of PROBES) {
      for (const field of FIELDS) {
        const label = `kompose.service.healthcheck.${probe}.${field}`;
        if (labels.value(label) === undefined) continue;
        labels.warn(label, `not translated: the readiness and liveness probes both come from the service's healthcheck; ${insteadOf(field)}`);
      }
    }
  },
};

function insteadOf(field: (typeof FIELDS)[number]): string {
  switch (field) {
    case 'test':
      return 'use healthcheck.test';
    case 'http_get_path':
    case 'http_get_port':
      return 'use a healthcheck.test that fetches the URL (wget or curl -f http://localhost:PORT/PATH), written as an httpGet probe';
    case 'tcp_port':
      return 'use a healthcheck.test that connects to the port (nc -z localhost PORT), written as a tcpSocket probe; without a healthcheck the readiness probe is one on the port the service serves';
    case 'disable':
      return 'use healthcheck.disable: true';
    default:
      return `use healthcheck.${field}`;
  }
}
