/**
 * Integers valid in Compose but out of range for the Kubernetes field they become (found by the
 * evidence fuzz test) end in one ComposeError at the compose key, naming the Kubernetes limit.
 */
import { describe, expect, test } from 'vitest';
import { findObject, synthManifests } from '../../support/k8s.ts';
import { chartOf, conversionError } from './compose-files.ts';

const HUGE = '9007199254740992';
const service = (lines: string): string => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

describe('int32 fields from compose values', () => {
  test.each([
    ['scale', `    scale: ${HUGE}\n`, `compose.yaml:4:5: services.web.scale: ${HUGE} is more than Kubernetes allows (2147483647)`],
    ['deploy.replicas', `    deploy:\n      replicas: ${HUGE}\n`, `compose.yaml:5:7: services.web.deploy.replicas: ${HUGE} is more than Kubernetes allows (2147483647)`],
    [
      'healthcheck.retries',
      `    healthcheck:\n      test: [CMD, "true"]\n      retries: ${HUGE}\n`,
      `compose.yaml:6:7: services.web.healthcheck.retries: ${HUGE} is more than Kubernetes allows (2147483647)`,
    ],
    [
      'healthcheck.interval in seconds',
      '    healthcheck:\n      test: [CMD, "true"]\n      interval: 1000000h\n',
      'compose.yaml:6:7: services.web.healthcheck.interval: 3600000000 seconds is more than Kubernetes allows (2147483647)',
    ],
    [
      'healthcheck.timeout in seconds',
      '    healthcheck:\n      test: [CMD, "true"]\n      timeout: 1000000h\n',
      'compose.yaml:6:7: services.web.healthcheck.timeout: 3600000000 seconds is more than Kubernetes allows (2147483647)',
    ],
    [
      'update_config.delay (minReadySeconds)',
      '    deploy:\n      update_config:\n        delay: 1000000h\n',
      'compose.yaml:6:9: services.web.deploy.update_config.delay: 3600000000 seconds is more than Kubernetes allows (2147483647)',
    ],
    [
      'update_config.parallelism (maxUnavailable)',
      `    deploy:\n      update_config:\n        parallelism: ${HUGE}\n`,
      `compose.yaml:6:9: services.web.deploy.update_config.parallelism: ${HUGE} is more than Kubernetes allows (2147483647)`,
    ],
    [
      'restart_policy.max_attempts (Job backoffLimit)',
      `    deploy:\n      mode: replicated-job\n      restart_policy:\n        condition: on-failure\n        max_attempts: ${HUGE}\n`,
      `compose.yaml:8:9: services.web.deploy.restart_policy.max_attempts: ${HUGE} is more than Kubernetes allows (2147483647)`,
    ],
    ['user id', `    user: "${HUGE}"\n`, `compose.yaml:4:5: services.web.user: ${HUGE} is more than Kubernetes allows (2147483647)`],
    ['group id', `    user: "1000:${HUGE}"\n`, `compose.yaml:4:5: services.web.user: ${HUGE} is more than Kubernetes allows (2147483647)`],
    ['group_add', `    group_add: ["${HUGE}"]\n`, `compose.yaml:4:17: services.web.group_add.0: ${HUGE} is more than Kubernetes allows (2147483647)`],
  ])('%s', (_field, lines, message) => {
    expect(conversionError(service(lines))).toBe(message);
  });

  test('the x-kubernetes replicas option has the same limit', () => {
    expect(conversionError(service(`    x-kubernetes:\n      replicas: ${HUGE}\n`))).toBe(
      `compose.yaml:5:7: services.web.x-kubernetes.replicas must be an integer of at least 0 and at most 2147483647, not number ${HUGE}`,
    );
  });

  test('a file mode beyond the permission bits is refused (Kubernetes allows 0-0777)', () => {
    const yaml = service('    secrets:\n      - source: token\n        mode: 4095\n') + 'secrets:\n  token:\n    content: abc\n';
    expect(conversionError(yaml)).toBe('compose.yaml:6:9: services.web.secrets.0.mode: 4095 is more than Kubernetes allows (0777)');
  });

  test('the largest values Kubernetes accepts still convert, unchanged', () => {
    const yaml = service(
      '    deploy:\n      replicas: 2147483647\n    healthcheck:\n      test: [CMD, "true"]\n      retries: 2147483647\n      interval: 2147483647s\n    user: "2147483647:2147483647"\n    stop_grace_period: 1000000h\n',
    );
    const deployment = findObject(synthManifests(chartOf(yaml)), 'Deployment', 'web') as unknown as { spec: { replicas: number; template: { spec: Pod } } };
    expect(deployment.spec.replicas).toBe(2147483647);
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0]?.readinessProbe).toMatchObject({ failureThreshold: 2147483647, periodSeconds: 2147483647 });
    expect(pod.containers[0]?.securityContext).toMatchObject({ runAsUser: 2147483647, runAsGroup: 2147483647 });
    // int64 in Kubernetes: a million hours fits.
    expect(pod.terminationGracePeriodSeconds).toBe(3_600_000_000);
  });
});

interface Pod {
  readonly terminationGracePeriodSeconds?: number;
  readonly containers: readonly { readonly readinessProbe?: object; readonly securityContext?: object }[];
}
