import { describe, expect, it } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import type { Dependency, Service } from '../../../lib/compose/model.ts';
import { initContainersFor, WAIT_IMAGE } from '../../../lib/k8s/workload/dependencies.ts';
import { JobWaits, KUBECTL_IMAGE } from '../../../lib/k8s/workload/run-once/job-wait.ts';
import { PodVolumeSet } from '../../../lib/k8s/storage/pod-volumes.ts';
import { podSecurityLevel } from '../../../lib/k8s/security/pod-security-level.ts';
import { validateManifests, type Manifest } from '../../support/k8s.ts';
import { makeService } from '../../support/model.ts';
import { contextFor, plain } from '../support/collecting-context.ts';
import { podManifest } from '../support/pss.ts';
import { convertCompose } from '../support/compose-text.ts';

const healthy = (required = true): Dependency => ({ condition: 'service_healthy', required, restart: false });
const started: Dependency = { condition: 'service_started', required: true, restart: false };
const completed = (required = true): Dependency => ({ condition: 'service_completed_successfully', required, restart: false });

// Its healthcheck is what a service_healthy wait tests (a wait on one without says so: healthy-wait.test.ts).
const db = makeService('db', { image: 'postgres:16', expose: [{ port: 5432, protocol: 'tcp' }], healthcheck: { test: ['CMD-SHELL', 'pg_isready'], disable: false } });
const cache = makeService('redis_cache', { ports: [{ target: 6379, protocol: 'tcp', mode: 'ingress' }] });
const worker = makeService('worker');
const migrate = makeService('migrate', { dependsOn: { db: healthy() } });

function init(dependsOn: Record<string, Dependency>, others: Service[] = [db, cache, worker, migrate], jobs?: JobWaits) {
  const context = contextFor(makeService('api', { dependsOn }), { others });
  return { containers: initContainersFor(context, jobs), warnings: context.warnings };
}

function jobWaits(jobOf: (service: string) => string | undefined) {
  const volumes = new PodVolumeSet('the pod', () => {}, 'services.api');
  return { jobs: new JobWaits(volumes, jobOf), volumes };
}

const script = (container: k8s.Container | undefined) => container?.command?.[2];

describe('initContainersFor', () => {
  it('adds no init container without depends_on', () => {
    expect(init({}).containers).toEqual([]);
  });

  it('waits for each dependency Service on its first TCP port, in name order', () => {
    const { containers, warnings } = init({ redis_cache: started, db: healthy() });
    expect(containers.map((c) => c.name)).toEqual(['wait-for-db', 'wait-for-redis-cache']);
    expect(containers[0]?.command).toEqual(['sh', '-c', 'until nc -z -w 2 db 5432; do echo waiting for db:5432; sleep 2; done']);
    expect(script(containers[1])).toContain('nc -z -w 2 redis-cache 6379');
    expect(warnings).toEqual([]);
  });

  it('uses a pinned small image with restricted security and small resources', () => {
    const [container] = init({ db: healthy() }).containers;
    expect(container?.image).toBe(WAIT_IMAGE);
    expect(WAIT_IMAGE).toMatch(/^busybox:\d+\.\d+\.\d+$/);
    expect(plain(container?.resources)).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } });
    const spec: k8s.PodSpec = { initContainers: [container as k8s.Container], containers: [{ ...(container as k8s.Container), name: 'app' }] };
    expect(podSecurityLevel(spec)).toBe('restricted');
  });

  it('produces valid Kubernetes 1.27 containers', async () => {
    const { containers } = init({ db: healthy(), redis_cache: healthy(false) });
    const spec: k8s.PodSpec = { initContainers: containers, containers: [{ name: 'app', image: 'example/api:1.0' }] };
    expect(await validateManifests([podManifest('api', spec) as unknown as Manifest])).toEqual([]);
  });

  it('waits a bounded time for optional dependencies', () => {
    const [container] = init({ db: healthy(false) }).containers;
    expect(script(container)).toBe(
      "timeout 60 sh -c 'until nc -z -w 2 db 5432; do echo waiting for db:5432; sleep 2; done' || echo db:5432 not reachable after 60s, starting anyway",
    );
    expect(script(container)).not.toContain('$(');
  });

  it('warns when a dependency has no port to wait on', () => {
    const { containers, warnings } = init({ worker: started });
    expect(containers).toEqual([]);
    expect(warnings.map((w) => w.key)).toEqual(['services.api.depends_on.worker']);
  });

  it('warns about dependencies that are not enabled (restart is restart-with.ts\'s)', () => {
    const { containers, warnings } = init({ ghost: started, db: { ...healthy(), restart: true } });
    expect(containers.map((c) => c.name)).toEqual(['wait-for-db']);
    expect(warnings.map((w) => w.key)).toEqual(['services.api.depends_on.ghost']);
  });

  it('names what implies a dependency the file does not write, at that key', () => {
    const { containers, warnings } = init({ worker: { ...started, restart: true, impliedBy: 'services.api.ipc' } });
    expect(containers).toEqual([]);
    expect(warnings.map((w) => [w.key, w.message])).toEqual([
      ['services.api.ipc', "the start after 'worker' that ipc: service:worker implies is not waited for: no TCP port of it is known to connect to (declare expose: to wait for it)"],
    ]);
    expect(init({ worker: started }).warnings.map((w) => w.key)).toEqual(['services.api.depends_on.worker']);
    expect(init({ worker: { ...started, impliedBy: 'services.api.volumes_from' } }).warnings.map((w) => w.key)).toEqual(['services.api.volumes_from']);
  });

  it('says nothing of the restart compose implies for links and shared namespaces (their own warnings cover them)', () => {
    const { containers, warnings } = init({ db: { ...started, restart: true, impliedBy: 'services.api.links' } });
    expect(containers.map((c) => c.name)).toEqual(['wait-for-db']);
    expect(warnings).toEqual([]);
  });

  it('waits for a completion dependency\'s Job through the API, once, with the token in that container only', () => {
    const asked: string[] = [];
    const { jobs, volumes } = jobWaits((name) => {
      asked.push(name);
      return `${name}-0123abcd`;
    });
    const { containers, warnings } = init({ migrate: completed(), db: healthy() }, undefined, jobs);
    expect(asked).toEqual(['migrate']);
    // No more re-runs of the task here: only waits, the task's own waits stay in its Job.
    expect(containers.map((c) => c.name)).toEqual(['wait-for-db', 'wait-for-migrate']);
    const wait = containers[1];
    expect(wait?.image).toBe(KUBECTL_IMAGE);
    expect(KUBECTL_IMAGE).toMatch(/^registry\.k8s\.io\/kubectl:v1\.(3[3-9]|[4-9]\d)\.\d+$/);
    expect(wait?.command).toEqual(['kubectl', 'wait', '--for=condition=complete', '--timeout=30m', '--cache-dir=/var/cache/kubectl', 'job/migrate-0123abcd']);
    expect(wait?.volumeMounts?.map((m) => m.mountPath)).toEqual(['/var/run/secrets/kubernetes.io/serviceaccount', '/var/cache/kubectl']);
    expect(volumes.volumes.map((v) => v.name)).toEqual(['job-wait-api-access', 'job-wait-cache']);
    expect(jobs.jobs).toEqual(['migrate-0123abcd']);
    expect(warnings).toEqual([]);
    const spec: k8s.PodSpec = { initContainers: containers, containers: [{ ...(wait as k8s.Container), name: 'app' }], volumes: [...volumes.volumes] };
    expect(podSecurityLevel(spec)).toBe('restricted');
  });

  it('warns when a completion dependency does not run as a Job, or is optional', () => {
    const notAJob = init({ migrate: completed() }, undefined, jobWaits(() => undefined).jobs);
    expect(notAJob.containers).toEqual([]);
    expect(notAJob.warnings.map((w) => [w.key, w.message])).toEqual([
      ['services.api.depends_on.migrate', expect.stringMatching(/not enforced: 'migrate' does not run as a Job/)],
    ]);
    const optional = init({ migrate: completed(false) }, undefined, jobWaits((name) => `${name}-1`).jobs);
    expect(optional.containers).toEqual([]);
    expect(optional.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/optional depends_on 'migrate'.*not waited for/)]);
  });

  it('keeps container names within 63 characters', () => {
    const long = makeService('a'.repeat(60), { expose: [{ port: 80, protocol: 'tcp' }] });
    const [container] = init({ [long.name]: started }, [long]).containers;
    expect(container?.name).toHaveLength(63);
  });
});

describe('the port a dependency is waited on', () => {
  // debezium-examples' tutorial/docker-compose-mysql-avro-worker.yaml: schema-registry publishes 8181
  // and 8081 but listens on 8081 (SCHEMA_REGISTRY_LISTENERS); connect, linked to it, waited on 8181
  // and never started.
  const converted = convertCompose(`services:
  schema-registry:
    image: confluentinc/cp-schema-registry:7.0.1
    ports: ["8181:8181", "8081:8081"]
    environment:
      SCHEMA_REGISTRY_LISTENERS: http://0.0.0.0:8081
  connect:
    image: quay.io/debezium/connect:2.7
    links: [schema-registry]
    environment:
      CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL: http://schema-registry:8081
  ui:
    image: x/ui:1
    depends_on: [schema-registry]
`);
  const waits = (name: string): string[] =>
    converted.object('Deployment', name).spec.template.spec.initContainers.map((container: k8s.Container) => container.command?.join(' '));

  it('is the port the dependent connects to', () => {
    expect(waits('connect')).toEqual([expect.stringContaining('until nc -z -w 2 schema-registry 8081;')]);
  });

  it('is the first TCP port when the dependent names no port of it', () => {
    expect(waits('ui')).toEqual([expect.stringContaining('until nc -z -w 2 schema-registry 8181;')]);
  });
});

describe('a port no text writes is waited on only where the dependency is known to listen on it', () => {
  // wazuh-docker's multi-node: the dashboard reaches the manager's API at https://wazuh.master, its
  // port (55000) given in another file; the wait on 443, the scheme's, never ended (until 2026-12-07).
  const converted = convertCompose(`services:
  manager:
    image: wazuh/wazuh-manager:4.9.2
    ports: ["1515:1515", "55000:55000"]
  dashboard:
    image: wazuh/wazuh-dashboard:4.9.2
    environment: [WAZUH_API_URL=https://manager]
    links: [manager]
  api:
    image: x/api:1
    environment: [UPSTREAM=https://web]
    depends_on: [web]
  web:
    image: x/web:1
`);
  const waits = (name: string): string[] =>
    converted.object('Deployment', name).spec.template.spec.initContainers.map((container: k8s.Container) => container.command?.join(' '));

  it("waits on the dependency's own first port instead of the scheme's", () => {
    expect(waits('dashboard')).toEqual([expect.stringContaining('until nc -z -w 2 manager 1515;')]);
    expect(converted.object('Service', 'manager').spec.ports.map((port: k8s.ServicePort) => port.port)).toEqual([443, 1515, 55000]);
  });

  it("keeps the scheme's port where nothing else says what the dependency listens on", () => {
    expect(waits('api')).toEqual([expect.stringContaining('until nc -z -w 2 web 443;')]);
  });
});

/**
 * Onyx: api_server dials Vespa as VESPA_HOST=index on 8081 and 19071 (its services.xml, its code's
 * defaults), which no file of the stack states; vespaengine/vespa has no usual port in the table. The
 * Service 'index' is headless, whose name answers with the pod's address once it is ready, on any
 * port: the wait is for the name, where it waited for nothing.
 */
describe('a dependency of which no port is known', () => {
  const onyx = (index: string) => convertCompose(`services:
  api_server:
    image: onyxdotapp/onyx-backend:v2.9.0
    ports: ["8080:8080"]
    environment: {VESPA_HOST: index}
    depends_on: [index]
  index:
${index}
`);
  const waits = (converted: ReturnType<typeof convertCompose>): string[] =>
    (converted.object('Deployment', 'api-server').spec.template.spec.initContainers ?? []).map((container: { command: string[] }) => container.command.join(' '));

  it('is waited for until its headless Service resolves, said once', () => {
    const converted = onyx('    image: vespaengine/vespa:8.609.39');
    expect(waits(converted)).toEqual(['sh -c while nc -z -w 2 index 1 2>&1 | grep -q "bad address"; do echo waiting for index; sleep 2; done']);
    expect(converted.object('Service', 'index').spec.clusterIP).toBe('None');
    expect(converted.warningsAt('services.api_server.depends_on.index')).toEqual([
      "services.api_server.depends_on.index: depends_on 'index' waits until the name 'index' resolves: no port of it is known, so its Service is headless, whose name answers with its pod's address once the pod is ready (on any port, as under compose); declare expose: with the ports it serves to wait for one of them",
    ]);
  });

  it('with a UDP port only, whose ClusterIP resolves at once, is not waited for, as before', () => {
    const converted = onyx('    image: vespaengine/vespa:8.609.39\n    expose: ["5353/udp"]');
    expect(waits(converted)).toEqual([]);
    expect(converted.warningsAt('services.api_server.depends_on.index')).toEqual([expect.stringContaining('is not waited for: no TCP port of it is known')]);
  });
});
