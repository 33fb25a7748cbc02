/**
 * The members of a cluster reach each other whatever their health in compose. A member whose
 * healthcheck needs the others (etcd's `etcdctl endpoint health`, a quorum) is never ready where a
 * Service answers only with ready pods: until 2026-12-07 no member of such a cluster ever became
 * ready, and what waited for one waited forever.
 */
import { describe, expect, test } from 'vitest';
import { convertCompose, type Json } from '../../support/compose-text.ts';

const etcd = (id: number): string => `  etcd${id}:
    image: quay.io/coreos/etcd:v3.5.15
    command: etcd --name etcd${id} --listen-peer-urls http://0.0.0.0:2380 --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://etcd${id}:2379 --initial-advertise-peer-urls http://etcd${id}:2380 --initial-cluster etcd1=http://etcd1:2380,etcd2=http://etcd2:2380,etcd3=http://etcd3:2380
    healthcheck: {test: [CMD, etcdctl, endpoint, health], interval: 5s}
`;

const waits = (deployment: Json): string[] => deployment.spec.template.spec.initContainers.map((container: Json) => container.command[2]);

describe('the members of a cluster', () => {
  const result = convertCompose(`services:
${etcd(1)}${etcd(2)}${etcd(3)}  app:
    image: x/app:1
    environment: {ETCD: "http://etcd1:2379"}
    depends_on: {etcd1: {condition: service_healthy}, etcd2: {condition: service_started}}
`);

  test('answer through Services that publish their pods whatever their readiness', () => {
    for (const name of ['etcd1', 'etcd2', 'etcd3']) {
      const spec = result.object('Service', name).spec;
      expect(spec.publishNotReadyAddresses, name).toBe(true);
      expect(spec.ports.map((port: Json) => port.port), name).toEqual([2379, 2380]);
    }
    expect(result.warningsAt('services.etcd2')).toContain(
      "services.etcd2: Service 'etcd2' answers with its pods whatever their readiness (publishNotReadyAddresses): it is a member of a cluster (it names services of its image, and etcd1, etcd3, of its image, name it), and in compose the members reach each other whatever their health; a member whose healthcheck needs the others (a quorum, an elected leader) would otherwise never become ready",
    );
    expect(result.warnings.filter((warning) => warning.message.includes('publishNotReadyAddresses'))).toHaveLength(3);
  });

  test('what waits for one to be healthy waits on a Service of its ready pods alone; a start, on its own Service', () => {
    const ready = result.object('Service', 'etcd1-ready').spec;
    expect(ready.publishNotReadyAddresses).toBeUndefined();
    expect(ready.selector).toEqual(result.object('Service', 'etcd1').spec.selector);
    expect(ready.ports.map((port: Json) => port.port)).toEqual([2379, 2380]);
    expect(waits(result.object('Deployment', 'app'))).toEqual([
      'until nc -z -w 2 etcd1-ready 2379; do echo waiting for etcd1-ready:2379; sleep 2; done',
      'until nc -z -w 2 etcd2 2379; do echo waiting for etcd2:2379; sleep 2; done',
    ]);
    // Nothing waits for etcd2 or etcd3 to be healthy: no Service of their ready pods.
    expect(result.objects('Service').map((service) => service.metadata.name).sort()).toEqual(['app', 'etcd1', 'etcd1-ready', 'etcd2', 'etcd3']);
    expect(result.warningsAt('services.etcd1')).toContainEqual(expect.stringContaining("; app waits for it to be healthy on Service 'etcd1-ready', which answers with its ready pods alone"));
  });

  test("a cluster's names answer as its Service does", () => {
    const aliased = convertCompose(`services:
  node1:
    image: emqx/emqx:5.8
    environment: {EMQX_CLUSTER__STATIC__SEEDS: "emqx@member2"}
    expose: ["1883"]
    networks: {default: {aliases: [member1]}}
  node2:
    image: emqx/emqx:5.8
    environment: {EMQX_CLUSTER__STATIC__SEEDS: "emqx@member1"}
    expose: ["1883"]
    networks: {default: {aliases: [member2]}}
`);
    for (const name of ['node1', 'member1', 'node2', 'member2']) expect(aliased.object('Service', name).spec.publishNotReadyAddresses, name).toBe(true);
  });

  test('the replicas of one service that find each other by its name', () => {
    // A Consul server scaled to 3 that -retry-joins its own name: its headless Service answered only
    // with ready pods, and a server is ready once a leader is elected among the three.
    const consul = convertCompose(`services:
  consul:
    image: hashicorp/consul:1.20
    command: agent -server -bootstrap-expect 3 -retry-join consul -client 0.0.0.0
    deploy: {replicas: 3}
    expose: ["8500"]
    healthcheck: {test: [CMD, consul, operator, raft, list-peers]}
  app:
    image: x/app:1
    environment: {CONSUL: "http://consul:8500"}
    depends_on: {consul: {condition: service_healthy}}
`);
    expect(consul.object('Service', 'consul').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(consul.object('Service', 'consul-ready').spec.publishNotReadyAddresses).toBeUndefined();
    expect(waits(consul.object('Deployment', 'app'))).toEqual(['until nc -z -w 2 consul-ready 8500; do echo waiting for consul-ready:8500; sleep 2; done']);
    expect(consul.warningsAt('services.consul')).toContainEqual(expect.stringContaining("(publishNotReadyAddresses): it runs 3 replicas, which find each other by its name, as the members of a cluster do"));
  });

  test('not a seed named by the others alone, nor services of other images, nor a server and its client', () => {
    const others = convertCompose(`services:
  jobmanager:
    image: apache/flink:1.20
    command: jobmanager.sh start-foreground
    expose: ["6123", "8081"]
    healthcheck: {test: [CMD, curl, -f, "http://localhost:8081"]}
  taskmanager:
    image: apache/flink:1.20
    command: taskmanager.sh start-foreground
    expose: ["6122"]
    environment: [JOB_MANAGER_RPC_ADDRESS=jobmanager]
  api:
    image: x/api:1
    expose: ["80"]
    environment: {WORKER: "http://worker:81"}
  worker:
    image: x/worker:1
    expose: ["81"]
    environment: {API: "http://api:80"}
`);
    for (const service of others.objects('Service')) expect(service.spec.publishNotReadyAddresses, service.metadata.name).toBeUndefined();
    expect(others.warnings.filter((warning) => warning.message.includes('publishNotReadyAddresses'))).toEqual([]);
  });
  test('not services given one env_file that says where each of them is (tryretool/retool-onpremise)', () => {
    // Retool's docker.env, given to every service, names api (DOMAINS) and workflows-backend
    // (WORKFLOW_BACKEND_HOST): each service of the one build was given the other's address and its
    // own, and until 2026-12-07 api and workflows-backend were called the members of a cluster.
    const env = 'WORKFLOW_BACKEND_HOST=http://workflows-backend:3000\nDOMAINS=retool.example.com -> http://api:3000\n';
    const retool = convertCompose(`services:
  api:
    build: .
    env_file: docker.env
    ports: ["3000:3000"]
  workflows-backend:
    build: .
    env_file: docker.env
`, { 'docker.env': env, Dockerfile: 'FROM tryretool/backend:3.33.1-stable\n' });
    for (const service of retool.objects('Service')) expect(service.spec.publishNotReadyAddresses, service.metadata.name).toBeUndefined();
    expect(retool.warnings.filter((warning) => warning.message.includes('publishNotReadyAddresses'))).toEqual([]);
  });

  test('members given one list of them all, in one env_file or anchor, still are', () => {
    // A shared setting that names several members (a peer list) is how the members of a cluster
    // are configured alike (scylla's SEEDS, etcd's ETCD_INITIAL_CLUSTER through a YAML anchor).
    const shared = convertCompose(`x-node: &node
  image: x/member:1
  expose: ["7000"]
  env_file: cluster.env
services:
  node1: *node
  node2: *node
`, { 'cluster.env': 'SEEDS=node1,node2\n' });
    for (const name of ['node1', 'node2']) expect(shared.object('Service', name).spec.publishNotReadyAddresses, name).toBe(true);
  });
});
