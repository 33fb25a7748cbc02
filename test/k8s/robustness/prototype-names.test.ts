/**
 * Compose names that are also Object.prototype members (`constructor`, `toString`,
 * `hasOwnProperty`) are valid compose; every lookup by compose name must find only what the
 * project defines.
 */
import { describe, expect, test } from 'vitest';
import { findObject, synthManifests, type Manifest } from '../../support/k8s.ts';
import { chartOf } from './compose-files.ts';

// Synthesized manifests are plain JSON; tests walk them freely.
type Json = any;
const podSpec = (doc: Manifest): Json => (doc['spec'] as Json).template.spec;

const PROJECT = `name: proto
services:
  constructor:
    image: nginx:1.27
    ports: ["8080:80"]
    volumes: [toString:/data]
    networks: [valueOf, hasOwnProperty]
    secrets: [toString]
    configs: [constructor]
    depends_on:
      toString: {condition: service_healthy}
  toString:
    image: redis:7.2
    networks: [valueOf]
    healthcheck:
      test: [CMD, redis-cli, ping]
  hasOwnProperty:
    image: busybox:1.36
    command: [sleep, infinity]
    network_mode: service:constructor
volumes:
  toString: {}
networks:
  valueOf: {}
  hasOwnProperty: {internal: true}
secrets:
  toString: {file: ./token.txt}
configs:
  constructor: {content: "listen 80;"}
x-kubernetes:
  services:
    constructor: {replicas: 2}
`;

describe('compose names shared with Object.prototype members', () => {
  const chart = chartOf(PROJECT, { 'token.txt': 's3cret\n' });
  const docs = synthManifests(chart);

  test("a service named 'constructor' converts with its own options, ports and dependencies", () => {
    expect(chart.serviceName('constructor')).toBe('constructor');
    const deployment = findObject(docs, 'Deployment', 'constructor');
    expect((deployment['spec'] as Json).replicas).toBe(2);
    expect((findObject(docs, 'Service', 'constructor')['spec'] as Json).ports.map((p: Json) => p.port)).toEqual([80]);
    const waits = podSpec(deployment).initContainers.map((c: Json) => c.name);
    expect(waits).toEqual(['wait-for-tostring']);
  });

  test("a volume named 'toString' becomes its claim, mounted where the service asks", () => {
    findObject(docs, 'PersistentVolumeClaim', 'tostring');
    const pod = podSpec(findObject(docs, 'Deployment', 'constructor'));
    const volume = pod.volumes.find((v: Json) => v.persistentVolumeClaim?.claimName === 'tostring');
    expect(pod.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ name: volume.name, mountPath: '/data' }));
  });

  test("a secret named 'toString' and a config named 'constructor' are mounted from their own objects", () => {
    expect(chart.secrets).toEqual([{ name: 'tostring', stringData: { toString: 's3cret\n' } }]);
    expect(findObject(docs, 'ConfigMap', 'constructor')['data']).toEqual({ constructor: 'listen 80;' });
    const pod = podSpec(findObject(docs, 'Deployment', 'constructor'));
    const sources = pod.volumes.flatMap((v: Json) => [v.secret?.secretName, v.configMap?.name]).filter(Boolean);
    expect(sources).toEqual(expect.arrayContaining(['tostring', 'constructor']));
  });

  test("networks named 'valueOf' and 'hasOwnProperty' label the pods, and network_mode finds service 'constructor'", () => {
    const networkLabels = (name: string): string[] =>
      Object.keys((findObject(docs, 'Deployment', name)['spec'] as Json).template.metadata.labels).filter((l) => l.startsWith('network.'));
    const expected = ['network.cdk8s-compose.io/hasownproperty', 'network.cdk8s-compose.io/valueof'];
    expect(networkLabels('constructor')).toEqual(expected);
    // network_mode: service:constructor runs in the pod of service 'constructor'.
    expect((findObject(docs, 'Deployment', 'constructor')['spec'] as Json).template.spec.containers.map((c: Json) => c.name)).toEqual(['constructor', 'hasownproperty']);
    findObject(docs, 'NetworkPolicy', 'constructor-network');
  });

  test("an image, user, group or GPU driver named like a prototype member is unknown, not Object's", () => {
    const yaml = `services:
  app:
    image: constructor:1.0
    user: toString
    group_add: [hasOwnProperty]
    deploy:
      resources:
        reservations:
          devices: [{driver: constructor, capabilities: [gpu], count: 1}]
`;
    const app = chartOf(yaml);
    const container = podSpec(findObject(synthManifests(app), 'Deployment', 'app')).containers[0];
    expect(typeof container.securityContext.runAsUser).toBe('number');
    expect(container.resources.requests).not.toHaveProperty('constructor');
    expect(container.resources.limits).toBeUndefined();
    const warnings = app.warnings.map((w) => w.message).join('\n');
    expect(warnings).toContain("user 'toString' is not a user id this tool knows");
    expect(warnings).toContain("group 'hasOwnProperty' has no fixed id");
    expect(warnings).toContain('device reservation for driver constructor');
  });

  test("mapping keys named 'constructor', which cdk8s alone cannot render, reach the manifests", () => {
    const yaml = `services:
  app:
    image: nginx:1.27
    labels: {constructor: pod}
    deploy:
      labels: {constructor: workload}
      placement:
        constraints: [node.labels.constructor==fast]
    configs: [constructor]
configs:
  constructor: {content: "listen 80;"}
`;
    const manifests = synthManifests(chartOf(yaml));
    const deployment = findObject(manifests, 'Deployment', 'app') as Json;
    expect(deployment.metadata.annotations).toEqual({ constructor: 'workload' });
    expect(deployment.spec.template.metadata.annotations).toEqual({ constructor: 'pod' });
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ constructor: 'fast' });
    expect(findObject(manifests, 'ConfigMap', 'constructor')['data']).toEqual({ constructor: 'listen 80;' });
  });
});
