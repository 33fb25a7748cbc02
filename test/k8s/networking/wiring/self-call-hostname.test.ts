/**
 * A healthcheck that calls its service by the pod's own hostname: the pod's /etc/hosts maps the name
 * to the pod's address, whatever its readiness, as compose's DNS does, so the name is kept. A server
 * may listen on that address alone (Kafka's `KAFKA_LISTENERS=PLAINTEXT://kafka:9092`), which a call
 * of localhost never reaches: olivier-2018/IoT_pipeline_EMQX-Kafka-Spark's kafka checked itself on
 * localhost:9092, and its pod was never ready (until 2026-12-07).
 */
import { describe, expect, test } from 'vitest';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { plan, podOf } from '../../names/support.ts';

const readiness = (translation: TranslationPlan, service: string) => podOf(translation, service).containers[0]?.readinessProbe;
const warnings = (translation: TranslationPlan): string[] => translation.warnings.map((w) => `${w.key}: ${w.message}`);

describe("a healthcheck's call of the pod's own hostname", () => {
  test('keeps the name where the service listens on it and the converter makes it the hostname (Kafka)', () => {
    const translation = plan(project(`services:
  kafka:
    image: confluentinc/cp-kafka:7.5.0
    environment:
      KAFKA_LISTENERS: PLAINTEXT://kafka:9092,PLAINTEXT_HOST://0.0.0.0:29092
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092,PLAINTEXT_HOST://localhost:29092
    healthcheck:
      test: ["CMD", "kafka-broker-api-versions", "--bootstrap-server", "kafka:9092"]
`));
    expect(podOf(translation, 'kafka').hostname).toBe('kafka');
    expect(readiness(translation, 'kafka')?.exec?.command).toEqual(['kafka-broker-api-versions', '--bootstrap-server', 'kafka:9092']);
    expect(warnings(translation).filter((warning) => warning.includes('the probe calls localhost'))).toEqual([]);
    expect(translation.wiring['kafka']?.references).toContainEqual({ key: 'services.kafka.healthcheck.test.3', name: 'kafka', service: 'kafka', port: 9092, resolvesAs: 'kafka', outcome: 'resolves' });
  });

  test("keeps the name of a compose hostname, and a plain fetch of it is still an httpGet probe (FIWARE's orion)", () => {
    const translation = plan(project(`services:
  orion:
    image: quay.io/fiware/orion-ld:1.6.0
    hostname: orion
    ports: ["1026:1026"]
    healthcheck:
      test: curl --fail -s http://orion:1026/version || exit 1
`));
    expect(readiness(translation, 'orion')?.httpGet).toEqual({ path: '/version', port: 1026, scheme: 'HTTP' });
    expect(warnings(translation).filter((warning) => warning.includes('the probe calls localhost'))).toEqual([]);
  });

  test('calls localhost where the name is no pod hostname (several replicas)', () => {
    const translation = plan(project(`services:
  orion:
    image: quay.io/fiware/orion-ld:1.6.0
    hostname: orion
    deploy: {replicas: 2}
    ports: ["1026:1026"]
    healthcheck:
      test: curl --fail -s http://orion:1026/version | grep -q version
`));
    expect(readiness(translation, 'orion')?.exec?.command?.at(-1)).toBe('curl --fail -s http://localhost:1026/version | grep -q version');
    expect(warnings(translation)).toContain("services.orion.healthcheck.test.1: the healthcheck calls 'orion', the service itself: the probe calls localhost, because a Service sends traffic to ready pods only");
  });

  // StrangeBeeCorp/docker's TheHive: `curl -s -f thehive:9000/thehive/api/status`, probed at /localhost/api/status.
  test('keeps a path that repeats the name as it is', () => {
    const translation = plan(project(`services:
  thehive:
    image: strangebee/thehive:5.4
    hostname: thehive
    ports: ["9000:9000"]
    healthcheck:
      test: ["CMD-SHELL", "curl -s -f thehive:9000/thehive/api/status || exit 1"]
`));
    expect(readiness(translation, 'thehive')?.httpGet).toEqual({ path: '/thehive/api/status', port: 9000, scheme: 'HTTP' });
  });
});
