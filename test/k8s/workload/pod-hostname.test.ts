/**
 * A StatefulSet's controller sets each pod's hostname to the pod's name, whatever the template
 * says: serkodev/rabbitmq-cluster-docker's brokers (volumes, `hostname: rabbitmqN`) were
 * StatefulSets whose template carried the hostname, dropped without a word, so RabbitMQ named its
 * node rabbit@rabbitmq1-0 and `join_cluster rabbit@rabbitmq1` met a node of another name.
 */
import { describe, expect, test } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

describe("the pod's hostname", () => {
  const result = convertCompose(`services:
  rabbitmq1:
    image: rabbitmq:3-management
    hostname: rabbitmq1
    volumes: [rabbitmq1-data:/var/lib/rabbitmq]
  web:
    image: nginx:1.27
    hostname: frontend
volumes:
  rabbitmq1-data:
`);

  test('is said to be the pod name in a StatefulSet, and left out of its template', () => {
    expect(result.object('StatefulSet', 'rabbitmq1').spec.template.spec.hostname).toBeUndefined();
    expect(result.warningsAt('services.rabbitmq1')).toContain(
      "services.rabbitmq1: hostname 'rabbitmq1' is not the pod's: a StatefulSet's controller names each pod's host after the pod ('rabbitmq1-0'), so what the program derives from its own hostname (a node name such as RabbitMQ's rabbit@rabbitmq1, an address it advertises) is 'rabbitmq1-0'; other services still reach the pod as 'rabbitmq1' where a Service answers to that name (set x-kubernetes.workload: Deployment to keep the hostname)",
    );
  });

  test("is compose's in a Deployment", () => {
    expect(result.object('Deployment', 'web').spec.template.spec.hostname).toBe('frontend');
    expect(result.warningsAt('services.web').filter((warning) => warning.includes('hostname'))).toEqual([]);
  });
});
