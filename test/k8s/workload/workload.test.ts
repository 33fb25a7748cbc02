import { describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { NamedVolumeMount, Service } from '../../../lib/compose/model.ts';
import { parseImage } from '../../../lib/k8s/workload/image-profiles.ts';
import type { ComposeKubernetesOptions, ServiceOptions } from '../../../lib/k8s/options/options.ts';
import { chooseWorkload as choose, DATA_STORE_IMAGES, isDataStoreImage } from '../../../lib/k8s/workload/stateful.ts';
import { findObject, findObjects, makeChart, synthManifests, type Manifest } from '../../support/k8s.ts';
import { makeDeploy, makeProject, makeService } from '../../support/model.ts';

const dataVolume: NamedVolumeMount = { type: 'volume', source: 'data', target: '/data', readOnly: false, nocopy: false };
const volumes = { data: { name: 'demo_data', external: false, driverOpts: {}, labels: {}, extensions: {} } };

function synth(services: Service[], options?: ComposeKubernetesOptions): Manifest[] {
  return synthManifests(makeChart(makeProject(services, { volumes }), options ? { options } : {}));
}

// Synthesized manifests are plain JSON; tests walk them freely.
type Json = any;
const spec = (doc: Manifest): Json => doc['spec'];
const podSpec = (doc: Manifest): Json => spec(doc).template.spec;
const container = (doc: Manifest): Json => podSpec(doc).containers[0];

/** A run-once Job is named after its service and its spec's hash (run-once/job-name.ts). */
const jobOf = (docs: Manifest[], service: string): Manifest => {
  const [job, ...more] = findObjects(docs, 'Job').filter((doc) => doc.metadata.name.startsWith(`${service}-`));
  expect(more).toEqual([]);
  return job as Manifest;
};

const warnings: string[] = [];
const chooseWorkload = (service: Service, options: ServiceOptions, others: Service[] = []) =>
  choose(makeProject([service, ...others]), service, options, (message) => warnings.push(message));

describe('workload choice', () => {
  test('recognizes data-store images with or without registry, namespace, tag and digest', () => {
    for (const image of ['postgres:16', 'docker.io/library/redis:7', 'bitnami/postgresql:16', 'eclipse-mosquitto', 'mcr.microsoft.com/mssql/server:2022-latest', 'ghcr.io/x/valkey@sha256:abc', 'localhost:5000/mongo', 'crate:5.8', 'crate/crate:4.8']) {
      expect(isDataStoreImage(image), image).toBe(true);
    }
    for (const image of ['nginx', 'grafana/grafana', 'my-postgres-exporter', 'redis-commander']) {
      expect(isDataStoreImage(image), image).toBe(false);
    }
  });

  test('a data store is the whole repository path, its last segment, or its path after any slash', () => {
    // The definition, spelled out: the lookup in isDataStoreImage must agree with it.
    const byDefinition = (image: string): boolean => {
      const path = parseImage(image).repository;
      const name = path.split('/').pop() ?? path;
      return DATA_STORE_IMAGES.some((known) => known === name || path === known || path.endsWith(`/${known}`));
    };
    const images = ['acme/mssql/server:1', 'quay.io/acme/team/postgres', 'mssql/server', 'server', 'acme/server', 'mssql/server-tools',
      'postgres-x/tool', 'a//postgres', 'postgres/', 'acme/redis-stack', 'redis-stack/x', ...DATA_STORE_IMAGES.map((known) => `x/${known}:1`)];
    for (const image of images) expect(isDataStoreImage(image), image).toBe(byDefinition(image));
    expect(images.filter((image) => isDataStoreImage(image)).length).toBeGreaterThan(DATA_STORE_IMAGES.length);
  });

  test('Deployment by default; StatefulSet for a data store with a named volume only', () => {
    expect(chooseWorkload(makeService('web'), {})).toBe('Deployment');
    expect(chooseWorkload(makeService('db', { image: 'postgres:16', volumes: [dataVolume] }), {})).toBe('StatefulSet');
    expect(chooseWorkload(makeService('db', { image: 'postgres:16' }), {})).toBe('Deployment');
    const anonymous: NamedVolumeMount = { type: 'volume', target: '/data', readOnly: false, nocopy: false };
    expect(chooseWorkload(makeService('db', { image: 'postgres:16', volumes: [anonymous] }), {})).toBe('Deployment');
    expect(chooseWorkload(makeService('app', { volumes: [dataVolume] }), {})).toBe('Deployment');
  });

  test('a data store sharing its volume with another service stays a Deployment, with a warning', () => {
    const db = makeService('db', { image: 'postgres:16', volumes: [dataVolume] });
    const backup = makeService('backup', { volumes: [{ ...dataVolume, readOnly: true }] });
    warnings.length = 0;
    expect(chooseWorkload(db, {}, [backup])).toBe('Deployment');
    expect(warnings).toEqual(["'backup' also mounts this data store's volumes, so it stays a Deployment sharing one claim instead of a StatefulSet"]);
  });

  test('deploy.mode picks DaemonSet and Job; the workload option overrides everything', () => {
    expect(chooseWorkload(makeService('agent', { deploy: makeDeploy({ mode: 'global' }) }), {})).toBe('DaemonSet');
    expect(chooseWorkload(makeService('migrate', { deploy: makeDeploy({ mode: 'replicated-job' }) }), {})).toBe('Job');
    expect(chooseWorkload(makeService('migrate', { deploy: makeDeploy({ mode: 'global-job' }) }), {})).toBe('Job');
    expect(chooseWorkload(makeService('db', { image: 'postgres', volumes: [dataVolume] }), { workload: 'Deployment' })).toBe('Deployment');
  });
});

describe('Deployment', () => {
  test('named exactly as the service, with selector labels only name+instance', () => {
    const docs = synth([makeService('web')]);
    const deployment = findObject(docs, 'Deployment', 'web');
    expect(deployment.metadata.namespace).toBe('demo');
    expect(spec(deployment).selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo' });
    expect(spec(deployment).template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'demo',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'demo',
      'app.kubernetes.io/managed-by': 'cdk8s-compose',
    });
    expect(spec(deployment).replicas).toBe(1);
  });

  test('pod settings from compose keys', () => {
    const service = makeService('web', {
      entrypoint: ['/bin/sh', '-c'],
      command: ['exec nginx -g "daemon off;"'],
      workingDir: '/srv',
      hostname: 'frontend',
      tty: true,
      stdinOpen: true,
      stopGracePeriod: 1500,
      pullPolicy: 'always',
      extraHosts: ['db.local:10.0.0.5', 'cache.local=10.0.0.5', 'v6.local:[::1]'],
      shmSize: 268435456,
    });
    const deployment = findObject(synth([service]), 'Deployment', 'web');
    const pod = podSpec(deployment);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBe(2);
    expect(pod.hostname).toBe('frontend');
    expect(pod.hostAliases).toEqual([
      { ip: '10.0.0.5', hostnames: ['db.local', 'cache.local'] },
      { ip: '::1', hostnames: ['v6.local'] },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } });
    const main = container(deployment);
    expect(main.name).toBe('web');
    expect(main.command).toEqual(['/bin/sh', '-c']);
    expect(main.args).toEqual(['exec nginx -g "daemon off;"']);
    expect(main.workingDir).toBe('/srv');
    expect(main.tty).toBe(true);
    expect(main.stdin).toBe(true);
    expect(main.imagePullPolicy).toBe('Always');
    expect(main.volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
  });

  test('platform → os/arch nodeSelector; untagged images are warned about', () => {
    const service = makeService('arm', { image: 'nginx', platform: 'linux/arm64/v8' });
    const chart = makeChart(makeProject([service]));
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'arm')).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' });
    const messages = chart.warnings.map((w) => w.message);
    expect(messages).toContain("image 'nginx' has no version tag, so each pod start may run a different version; pin a tag or digest");
    expect(messages).toContain("platform variant 'v8' has no node label; only linux/arm64 is required");
    const pinned = makeChart(makeProject([makeService('a', { image: 'nginx:1.27' }), makeService('b', { image: 'nginx@sha256:abc' })]));
    expect(pinned.warnings).toEqual([]);
    expect(makeChart(makeProject([makeService('c', { image: 'nginx:latest' })])).warnings.map((w) => w.key)).toEqual(['services.c.image']);
  });

  test('extra_hosts as Docker takes them: spaces around the parts and the host name\'s case do not count; what the API server refuses is reported, not emitted', () => {
    const service = makeService('web', {
      extraHosts: ['in5.localhost:192.168.0.124 ', ' Printer.LAN = 10.0.0.9', 'nas:not-an-address', 'my_nas:10.0.0.7', 'link:fe80::1%eth0'],
    });
    const chart = makeChart(makeProject([service]));
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'web')).hostAliases).toEqual([
      { ip: '192.168.0.124', hostnames: ['in5.localhost'] },
      { ip: '10.0.0.9', hostnames: ['printer.lan'] },
    ]);
    const reported = chart.warnings.filter((w) => w.key?.startsWith('services.web.extra_hosts.'));
    expect(reported.map((w) => w.key)).toEqual(['services.web.extra_hosts.2', 'services.web.extra_hosts.3', 'services.web.extra_hosts.4']);
    expect(reported[0]?.message).toContain("'not-an-address' is not an IP address");
    expect(reported[1]?.message).toContain("'my_nas' is not a host name Kubernetes accepts");
  });

  test('compose labels become annotations; deploy.labels and Polaris exemptions only on the workload', () => {
    const service = makeService('web', {
      labels: { 'com.example.team': 'shop', 'bad key!': 'x' },
      deploy: makeDeploy({ labels: { 'com.example.tier': 'front' } }),
      extraHosts: ['host.docker.internal:host-gateway'],
    });
    const chart = makeChart(makeProject([service]), { options: { services: { web: { polarisExemptions: { tagNotSpecified: 'built in CI' }, podAnnotations: { 'prometheus.io/scrape': 'true' } } } } });
    const deployment = findObject(synthManifests(chart), 'Deployment', 'web');
    expect(deployment.metadata['annotations']).toEqual({
      'com.example.team': 'shop',
      'com.example.tier': 'front',
      'polaris.fairwinds.com/tagNotSpecified-exempt': 'true',
      // The options' value is the reason; it wins over the reason the image rule gives.
      'cdk8s-compose.io/polaris-exemption.tagNotSpecified': 'built in CI',
    });
    expect(spec(deployment).template.metadata.annotations).toEqual({ 'com.example.team': 'shop', 'prometheus.io/scrape': 'true' });
    expect(podSpec(deployment).hostAliases).toBeUndefined();
    const keys = chart.warnings.map((w) => w.key);
    expect(keys).toEqual(expect.arrayContaining(['services.web.labels.bad key!', 'services.web.extra_hosts.0']));
  });

  test('a service account option mounts its token', () => {
    const pod = podSpec(findObject(synth([makeService('web')], { defaults: { serviceAccountName: 'reader' } }), 'Deployment', 'web'));
    expect(pod.serviceAccountName).toBe('reader');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('a build-only service runs <project>-<service> with a warning, unless the image option says otherwise', () => {
    const service = makeService('api', { image: undefined, build: { context: '/project/api', args: {} }, raw: { build: '.' } });
    const chart = makeChart(makeProject([service]));
    expect(container(findObject(synthManifests(chart), 'Deployment', 'api')).image).toBe('demo-api');
    expect(chart.warnings.map((w) => w.message).join('\n')).toMatch(/only a build; the image 'demo-api' is assumed/);
    const named = makeChart(makeProject([service]), { options: { services: { api: { image: 'registry.example.com/api:1.2', securityContext: { runAsUser: 1000 } } } } });
    expect(container(findObject(synthManifests(named), 'Deployment', 'api')).image).toBe('registry.example.com/api:1.2');
    // /project/api holds no Dockerfile: said at the build (unread-builds.ts); nothing else.
    expect(named.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^Dockerfile \.\/api\/Dockerfile not found: the image is taken as built elsewhere/)]);
  });

  test('replicas from deploy.replicas, overridden by the option; a PDB from 2 replicas', () => {
    const docs = synth([makeService('web', { deploy: makeDeploy({ replicas: 3 }) }), makeService('one')]);
    expect(spec(findObject(docs, 'Deployment', 'web')).replicas).toBe(3);
    const budget = findObject(docs, 'PodDisruptionBudget', 'web');
    expect(budget.apiVersion).toBe('policy/v1');
    expect(spec(budget)).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo' } } });
    expect(findObjects(docs, 'PodDisruptionBudget').map((d) => d.metadata.name)).toEqual(['web']);
    const overridden = synth([makeService('web', { deploy: makeDeploy({ replicas: 3 }) })], { services: { web: { replicas: 1 } } });
    expect(spec(findObject(overridden, 'Deployment', 'web')).replicas).toBe(1);
    expect(findObjects(overridden, 'PodDisruptionBudget')).toEqual([]);
  });

  test('update_config: stop-first limits unavailability, start-first surges; delay → minReadySeconds', () => {
    const stopFirst = makeService('a', { deploy: makeDeploy({ updateConfig: { parallelism: 2, delay: 10_000 } }) });
    const startFirst = makeService('b', { deploy: makeDeploy({ updateConfig: { parallelism: 1, order: 'start-first' } }) });
    const allAtOnce = makeService('c', { deploy: makeDeploy({ updateConfig: { parallelism: 0 } }) });
    const docs = synth([stopFirst, startFirst, allAtOnce]);
    expect(spec(findObject(docs, 'Deployment', 'a')).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 2 } });
    expect(spec(findObject(docs, 'Deployment', 'a')).minReadySeconds).toBe(10);
    expect(spec(findObject(docs, 'Deployment', 'b')).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(spec(findObject(docs, 'Deployment', 'c')).strategy.rollingUpdate.maxUnavailable).toBe('100%');
  });
});

describe('StatefulSet', () => {
  test('claim templates, a headless governing Service, and a ClusterIP Service for clients', () => {
    const db = makeService('db', { image: 'postgres:16', volumes: [{ ...dataVolume, target: '/var/lib/postgresql/data' }], expose: [{ port: 5432, protocol: 'tcp' }] });
    const docs = synth([db]);
    const set = findObject(docs, 'StatefulSet', 'db');
    expect(spec(set).serviceName).toBe('db-headless');
    expect(spec(set).volumeClaimTemplates.length).toBeGreaterThan(0);
    expect(spec(findObject(docs, 'Service', 'db-headless')).clusterIP).toBe('None');
    expect(spec(findObject(docs, 'Service', 'db')).type).toBe('ClusterIP');
    expect(spec(findObject(docs, 'Service', 'db')).clusterIP).toBeUndefined();
    expect(findObjects(docs, 'Deployment')).toEqual([]);
  });
});

describe('DaemonSet, Job and CronJob', () => {
  test('global mode → DaemonSet without replicas', () => {
    const docs = synth([makeService('agent', { deploy: makeDeploy({ mode: 'global' }) })]);
    const set = findObject(docs, 'DaemonSet', 'agent');
    expect(spec(set).replicas).toBeUndefined();
    expect(spec(set).selector.matchLabels['app.kubernetes.io/name']).toBe('agent');
  });

  test('replicated-job → Job; restart_policy → restartPolicy and backoffLimit', () => {
    const once = makeService('migrate', { deploy: makeDeploy({ mode: 'replicated-job' }) });
    const retried = makeService('seed', { deploy: makeDeploy({ mode: 'replicated-job', replicas: 3, restartPolicy: { condition: 'on-failure', maxAttempts: 4 } }) });
    const docs = synth([once, retried]);
    const job = jobOf(docs, 'migrate');
    expect(spec(job).backoffLimit).toBe(0);
    expect(podSpec(job).restartPolicy).toBe('Never');
    const seed = jobOf(docs, 'seed');
    expect(spec(seed)).toMatchObject({ backoffLimit: 4, completions: 3, parallelism: 3 });
    expect(podSpec(seed).restartPolicy).toBe('OnFailure');
  });

  test('CronJob from options, with its schedule', () => {
    const docs = synth([makeService('backup', { restart: 'on-failure' })], { services: { backup: { workload: 'CronJob', schedule: '0 3 * * *' } } });
    const cron = findObject(docs, 'CronJob', 'backup');
    expect(spec(cron).schedule).toBe('0 3 * * *');
    expect(spec(cron).concurrencyPolicy).toBe('Forbid');
    expect(spec(cron).jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(spec(cron).timeZone).toBeUndefined();
    const zoned = synth([makeService('backup')], { services: { backup: { workload: 'CronJob', schedule: '0 3 * * *', timeZone: 'Europe/Berlin' } } });
    expect(spec(findObject(zoned, 'CronJob', 'backup')).timeZone).toBe('Europe/Berlin');
    const template = synth([makeService('backup')], { services: { backup: { workload: 'CronJob', schedule: '@daily', suspend: true, startingDeadlineSeconds: 120 } } });
    expect(spec(findObject(template, 'CronJob', 'backup'))).toMatchObject({ suspend: true, startingDeadlineSeconds: 120 });
  });

  test('conflicting options are located errors', () => {
    const location = { file: '/project/compose.yaml', line: 12, column: 7 };
    const service = makeService('backup', { extensions: { 'x-kubernetes': { workload: 'CronJob' } } });
    const project = makeProject([service], { locations: { 'services.backup.x-kubernetes.workload': location } });
    expect(() => makeChart(project)).toThrow(ComposeError);
    try {
      makeChart(project);
    } catch (error) {
      expect((error as ComposeError).message).toContain("workload CronJob needs a 'schedule'");
      expect((error as ComposeError).location).toEqual(location);
    }
    const daemon = makeService('agent', { deploy: makeDeploy({ replicas: 2 }) });
    expect(() => makeChart(makeProject([daemon]), { options: { services: { agent: { workload: 'DaemonSet' } } } })).toThrow(/takes no replicas/);
    expect(() => makeChart(makeProject([makeService('web')]), { options: { services: { web: { schedule: '@daily' } } } })).toThrow(/only applies to workload CronJob/);
    expect(() => makeChart(makeProject([makeService('web')]), { options: { services: { web: { timeZone: 'Europe/Berlin' } } } })).toThrow(/'timeZone' only applies to workload CronJob/);
    expect(() => makeChart(makeProject([makeService('web')]), { options: { services: { web: { suspend: true } } } })).toThrow(/'suspend' only applies to workload CronJob/);
    expect(() => makeChart(makeProject([makeService('web')]), { options: { services: { web: { startingDeadlineSeconds: 60 } } } })).toThrow(/'startingDeadlineSeconds' only applies/);
  });
});
