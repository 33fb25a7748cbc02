/**
 * The members of a cluster that name each other without a port (apache/pulsar's kitchen-sink:
 * zk1..zk3 with ZOOKEEPER_SERVERS=zk1,zk2,zk3, whose quorum ports 2888/3888 are in the image's
 * generated zookeeper.conf). In compose each reaches the others on any port. On the real API server
 * each member's Service is headless and its endpoints list the ready pod, so cluster DNS answers the
 * name with the pod's address, on which every port is reached — a ClusterIP Service, as they had
 * until 2026-12-06, passed only 2181, the port the brokers write, and the ensemble could not form.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace, directory } = scratchProject('cluster-members');

interface EndpointSlice {
  readonly endpoints?: readonly { readonly conditions?: { readonly ready?: boolean } }[];
}

const zookeeper = (id: number): string => `  zk${id}:
    image: apachepulsar/pulsar-all:3.3.2
    hostname: zk${id}
    command: ["bin/pulsar", "zookeeper"]
    environment: {ZOOKEEPER_SERVERS: "zk1,zk2,zk3"}
`;

describe('the members of a cluster, on a real API server', () => {
  it('answer their names with their pods through headless Services', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
${zookeeper(1)}${zookeeper(2)}${zookeeper(3)}  broker:
    image: apachepulsar/pulsar-all:3.3.2
    command: ["bin/pulsar", "broker"]
    expose: ["6650"]
    environment: {zookeeperServers: "zk1:2181,zk2:2181,zk3:2181"}
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    expect(unit.warnings).toContain("Service 'zk1' is headless: it and zk2, zk3, of the same image");
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    for (const name of ['zk1', 'zk2', 'zk3']) {
      const [service] = await getItems<{ spec: { clusterIP?: string; ports?: readonly { port: number }[] } }>(kubectl, [`service/${name}`, '-n', namespace]);
      expect(service?.spec.clusterIP, name).toBe('None');
      expect(service?.spec.ports?.map((port) => port.port), name).toEqual([2181]);
      // The endpoints controller follows the pod's readiness a moment later.
      let ready = 0;
      for (let attempt = 0; attempt < 30 && ready < 1; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
        const slices = await getItems<EndpointSlice>(kubectl, ['endpointslices', '-n', namespace, '-l', `kubernetes.io/service-name=${name}`]);
        ready = slices.flatMap((slice) => slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready === true).length;
      }
      expect(ready, name).toBe(1);
    }
    const [broker] = await getItems<{ spec: { clusterIP?: string } }>(kubectl, ['service/broker', '-n', namespace]);
    expect(broker?.spec.clusterIP).not.toBe('None');
  });
});

/**
 * apache/nifi's nifi-docker cluster: no node names another; each gives its own name
 * (NIFI_WEB_HTTP_HOST, a hostname), registers it through ZooKeeper, and the coordinator reaches the
 * nodes on the cluster protocol port 8082, a setting only. Until 2026-12-06 each node's ClusterIP
 * Service passed 8080 alone; headless, the name answers with the pod's address, on which 8082 is reached.
 */
const nifiProject = scratchProject('cluster-members-nifi');

const nifiNode = (id: number): string => `  node${id}:
    image: apache/nifi:1.28.1
    hostname: node${id}
    ports: ["${8079 + id}:8080"]
    environment: [NIFI_WEB_HTTP_HOST=node${id}, NIFI_CLUSTER_IS_NODE=true, NIFI_CLUSTER_NODE_PROTOCOL_PORT=8082, "NIFI_ZK_CONNECT_STRING=zookeeper:2181"]
`;

describe('the members of a cluster that register by their own names, on a real API server', () => {
  it('answer their names with their pods through headless Services; a service alone of its image keeps its ClusterIP', async () => {
    writeFileSync(
      join(nifiProject.directory, 'compose.yaml'),
      `services:
  zookeeper:
    image: zookeeper:3.9.2
    hostname: zookeeper
    ports: ["2181:2181"]
${nifiNode(1)}${nifiNode(2)}${nifiNode(3)}`,
    );
    const unit = await composeUnit(nifiProject.namespace, nifiProject.directory, ['-f', 'compose.yaml'], nifiProject.namespace);
    expect(unit.warnings).toContain("Service 'node3' is headless: its hostname is 'node3' and it runs the image of node1, node2");
    const report = await applyAndWatch(nifiProject.kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    for (const name of ['node1', 'node2', 'node3']) {
      const [service] = await getItems<{ spec: { clusterIP?: string; ports?: readonly { port: number }[] } }>(nifiProject.kubectl, [`service/${name}`, '-n', nifiProject.namespace]);
      expect(service?.spec.clusterIP, name).toBe('None');
      expect(service?.spec.ports?.map((port) => port.port), name).toEqual([8080]);
    }
    const [zookeeper] = await getItems<{ spec: { clusterIP?: string } }>(nifiProject.kubectl, ['service/zookeeper', '-n', nifiProject.namespace]);
    expect(zookeeper?.spec.clusterIP).not.toBe('None');
  });
});
