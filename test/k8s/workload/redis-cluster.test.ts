import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * bitnami's redis-cluster compose (bitnami/containers, bitnami/redis-cluster/7.4): nodes of
 * `bitnami/redis-cluster` naming each other in REDIS_NODES, each with a volume of its own. They are
 * a cluster: clients on 6379, the cluster bus on 16379, each node's data on its own claim.
 */
const node = (index: number, extra = ''): string => `  redis-node-${index}:
    image: docker.io/bitnami/redis-cluster:7.4
    volumes: ["data-${index}:/bitnami/redis/data"]
    environment:
      - 'REDIS_PASSWORD=bitnami'
      - 'REDIS_NODES=redis-node-0 redis-node-1 redis-node-2'
${extra}`;

const stack = `services:
${node(0)}${node(1)}${node(2, `    depends_on: [redis-node-0, redis-node-1]
`)}volumes:
  data-0:
  data-1:
  data-2:
`;

const ports = (service: Json): number[] => service.spec.ports.map((port: Json) => port.port);

describe("bitnami's redis-cluster nodes", () => {
  it('are StatefulSets whose Services answer on the client port and the cluster bus, for every pod', () => {
    const converted = convertCompose(stack);
    for (const name of ['redis-node-0', 'redis-node-1', 'redis-node-2']) {
      const statefulSet = converted.object('StatefulSet', name);
      expect(statefulSet.spec.volumeClaimTemplates).toHaveLength(1);
      expect(statefulSet.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 6379 } });
      const service = converted.object('Service', name);
      expect(ports(service)).toEqual([6379, 16379]);
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.publishNotReadyAddresses).toBe(true);
    }
    expect(converted.objects('Deployment')).toEqual([]);
  });

  it('are waited for on the client port by the node that creates the cluster', () => {
    const converted = convertCompose(stack);
    const waits = converted.object('StatefulSet', 'redis-node-2').spec.template.spec.initContainers.map((init: Json) => init.command.join(' '));
    expect(waits).toEqual([expect.stringContaining('nc -z -w 2 redis-node-0 6379'), expect.stringContaining('nc -z -w 2 redis-node-1 6379')]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/not waited for/);
  });

  it('leave grokzen/redis-cluster, all nodes in one container on 7000-7005, without a guessed port', () => {
    const converted = convertCompose('services:\n  cluster:\n    image: grokzen/redis-cluster:7.0.10\n');
    expect(converted.object('Service', 'cluster').spec.ports ?? []).toEqual([]);
  });
});
