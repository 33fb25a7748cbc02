/**
 * A Kafka broker that advertises a listener without a host sends its clients to its own host name
 * (lib/k8s/networking/wiring/advertised-hostname.ts): the name must resolve for them, as the
 * container's does in compose (apache/flink-playgrounds' operations-playground, rw18va).
 */
import { describe, expect, test } from 'vitest';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { advertisedHostname } from '../../../../lib/k8s/networking/wiring/advertised-hostname.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { find, plan, podOf } from '../../names/support.ts';

const warnings = (translation: TranslationPlan): string[] => translation.warnings.map((w) => `${w.key}: ${w.message}`);

describe('a Kafka broker that advertises a listener without a host', () => {
  test("gets its Service's name as the pod's hostname, so that the name Kafka sends its clients to resolves", () => {
    const translation = plan(project(`services:
  zookeeper:
    image: wurstmeister/zookeeper:3.4.6
  kafka:
    image: wurstmeister/kafka:2.12-2.2.1
    environment:
      KAFKA_ADVERTISED_LISTENERS: INSIDE://:9092,OUTSIDE://:9094
      KAFKA_LISTENERS: INSIDE://:9092,OUTSIDE://:9094
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: INSIDE:PLAINTEXT,OUTSIDE:PLAINTEXT
      KAFKA_INTER_BROKER_LISTENER_NAME: INSIDE
      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181
    ports: ["9094:9094"]
  generator:
    image: example/generator:1.0
    command: --bootstrap.servers kafka:9092 --topic input
`));
    expect(podOf(translation, 'kafka').hostname).toBe('kafka');
    expect(find(translation, 'Service', 'kafka')).toBeDefined();
    expect(warnings(translation)).toContain(
      "services.kafka.environment.KAFKA_ADVERTISED_LISTENERS: the pod's hostname is 'kafka': KAFKA_ADVERTISED_LISTENERS advertises INSIDE://:9092, a listener without a host, so Kafka sends its clients to its own host name, which is then the name its Service 'kafka' answers to, as the container's own name resolves in compose (a pod's generated name resolves nowhere else)",
    );
    expect(podOf(translation, 'zookeeper').hostname).toBeUndefined();
    expect(podOf(translation, 'generator').hostname).toBeUndefined();
  });

  test('is said where several pods run, and needs nothing where the controller names the pod or a host is written', () => {
    const translation = plan(project(`services:
  replicated:
    image: bitnami/kafka:3.4
    deploy: {replicas: 2}
    environment: {KAFKA_CFG_LISTENERS: "PLAINTEXT://:9092", KAFKA_CFG_ZOOKEEPER_CONNECT: "zk:2181"}
  stored:
    image: wurstmeister/kafka:2.12-2.2.1
    environment: {KAFKA_ADVERTISED_LISTENERS: "INSIDE://:9092"}
    volumes: [data:/kafka]
  named:
    image: confluentinc/cp-kafka:7.6.0
    environment: {KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://broker.example.com:9092", KAFKA_LISTENERS: "PLAINTEXT://:9092"}
volumes:
  data:
`));
    expect(podOf(translation, 'replicated').hostname).toBeUndefined();
    expect(warnings(translation)).toContain(
      'services.replicated.environment.KAFKA_CFG_LISTENERS: KAFKA_CFG_LISTENERS sets, and Kafka advertises without advertised listeners, PLAINTEXT://:9092, a listener without a host, so Kafka sends its clients to its own host name, which no other pod resolves: it runs 2 replicas, each named by Kubernetes; write the host each broker is reached at in its listener',
    );
    expect(find(translation, 'StatefulSet', 'stored')).toBeDefined();
    expect(podOf(translation, 'named').hostname).toBeUndefined();
    expect(warnings(translation).filter((warning) => /own host name/.test(warning) && !warning.startsWith('services.replicated.'))).toEqual([]);
  });

  test('reads the advertised listeners first, then those Kafka listens on, leaving out the controllers of KRaft', () => {
    expect(advertisedHostname({ KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092', KAFKA_LISTENERS: 'PLAINTEXT://:9092' })).toBeUndefined();
    expect(advertisedHostname({ KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092, EXTERNAL://:9094' })).toEqual({ variable: 'KAFKA_LISTENERS', listener: 'EXTERNAL://:9094', advertised: false });
    expect(advertisedHostname({ KAFKA_CFG_LISTENERS: 'PLAINTEXT://kafka:9092,CONTROLLER://:9093', KAFKA_CFG_CONTROLLER_LISTENER_NAMES: 'CONTROLLER' })).toBeUndefined();
    expect(advertisedHostname({ KAFKA_CFG_ADVERTISED_LISTENERS: 'CLIENT://:9092' })).toEqual({ variable: 'KAFKA_CFG_ADVERTISED_LISTENERS', listener: 'CLIENT://:9092', advertised: true });
    expect(advertisedHostname({ KAFKA_ADVERTISED_LISTENERS: null, LISTENERS: 'PLAINTEXT://:9092' })).toBeUndefined();
  });
});
