import { describe, expect, test } from 'vitest';
import type { NamedVolumeMount, PortMapping } from '../../../lib/compose/model.ts';
import { synthChartYaml } from '../../../lib/k8s/output/synth.ts';
import {
  findObject,
  findObjects,
  k8sChecksAvailable,
  makeChart,
  noticeSkip,
  runK8sChecks,
  synthManifests,
  validateManifests,
} from '../../support/k8s.ts';
import { makeDeploy, makeProject, makeService } from '../../support/model.ts';

const port = (target: number, published?: number): PortMapping => ({ target, protocol: 'tcp', mode: 'ingress', ...(published ? { published } : {}) });
const data: NamedVolumeMount = { type: 'volume', source: 'data', target: '/var/lib/postgresql/data', readOnly: false, nocopy: false };

/** A small but complete stack: a web front end, an API with a secret, a database, a worker, a job. */
function shop() {
  return makeProject(
    [
      makeService('web', { image: 'nginx:1.27', ports: [port(80, 8080)], deploy: makeDeploy({ replicas: 2 }), dependsOn: { api: { condition: 'service_started', required: true, restart: false } } }),
      makeService('api', {
        image: 'example/api:2.1',
        expose: [{ port: 3000, protocol: 'tcp' }],
        environment: { DATABASE_PASSWORD: 'hunter2-secret', MODE: 'on', PERMS: '0755' },
        dependsOn: { db: { condition: 'service_healthy', required: true, restart: false } },
      }),
      makeService('db', {
        image: 'postgres:16',
        volumes: [data],
        environment: { POSTGRES_PASSWORD: 'hunter2-secret' },
        healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres'], disable: false, interval: 10_000, retries: 5 },
      }),
      makeService('worker', { image: 'example/worker:2.1', deploy: makeDeploy({ mode: 'global' }) }),
      makeService('migrate', { image: 'example/api:2.1', command: ['npm', 'run', 'migrate'], deploy: makeDeploy({ mode: 'replicated-job' }) }),
    ],
    { name: 'shop', volumes: { data: { name: 'shop_data', external: false, driverOpts: {}, labels: {}, extensions: {} } } },
  );
}

describe('ComposeChart', () => {
  test('a Namespace labelled with the Pod Security level all pods meet', () => {
    const chart = makeChart(shop());
    const namespace = findObject(synthManifests(chart), 'Namespace', 'shop');
    expect(namespace.metadata.namespace).toBeUndefined();
    const labels = namespace.metadata['labels'] as Record<string, string>;
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(labels[`pod-security.kubernetes.io/${mode}`]).toBe(chart.podSecurityLevel);
      expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe('latest');
    }
    const privileged = makeChart(makeProject([makeService('web'), makeService('tool', { privileged: true, raw: { image: 'x', privileged: true } })]));
    expect(privileged.podSecurityLevel).toBe('privileged');
  });

  test('every object is namespaced (but the Namespace), labelled, and named without hash suffixes (but a run-once Job)', () => {
    const chart = makeChart(shop(), { namespace: 'shop-prod', labels: { team: 'payments' } });
    const docs = synthManifests(chart);
    expect(chart.namespace).toBe('shop-prod');
    for (const doc of docs) {
      const labels = doc.metadata['labels'] as Record<string, string>;
      expect(labels['team'], `${doc.kind}/${doc.metadata.name}`).toBe('payments');
      expect(labels['app.kubernetes.io/managed-by']).toBe('cdk8s-compose');
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace, `${doc.kind}/${doc.metadata.name}`).toBe('shop-prod');
    }
    const names = docs.map((d) => `${d.kind}/${d.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'Namespace/shop-prod', 'Deployment/web', 'Service/web', 'Deployment/api', 'Service/api', 'StatefulSet/db',
      'Service/db', 'Service/db-headless', 'DaemonSet/worker', expect.stringMatching(/^Job\/migrate-[0-9a-f]{8}$/), 'PodDisruptionBudget/web',
    ]));
    expect(chart.serviceName('db')).toBe('db');
    expect(() => chart.serviceName('nope')).toThrow(/no service 'nope'/);
  });

  test('a system namespace gets no Namespace object and no namespace-wide default deny, with a warning', () => {
    const chart = makeChart(shop(), { namespace: 'default' });
    const docs = synthManifests(chart);
    expect(findObjects(docs, 'Namespace')).toEqual([]);
    expect(docs.every((doc) => doc.metadata.namespace === 'default')).toBe(true);
    // Other pods of the namespace (CoreDNS in kube-system, anyone's in default) keep their traffic.
    expect(findObject(docs, 'NetworkPolicy', 'default-deny')?.['spec']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(chart.warnings.map((w) => w.message)).toContain(
      "namespace 'default' belongs to the cluster, so no Namespace object (and no Pod Security labels) is emitted for it, and the default-deny NetworkPolicy selects only this project's pods",
    );
  });

  test('an invalid namespace is a clear error', () => {
    expect(() => makeChart(shop(), { namespace: 'Shop_Prod' })).toThrow(/namespace 'Shop_Prod' is not a valid Kubernetes namespace name/);
  });

  test('secret values are collected for `secrets` and never synthesized', () => {
    const chart = makeChart(shop());
    const yaml = synthChartYaml(chart);
    expect(chart.secrets.length).toBeGreaterThan(0);
    expect(JSON.stringify(chart.secrets)).toContain('hunter2-secret');
    expect(yaml).not.toContain('hunter2-secret');
    expect(findObjects(synthManifests(chart), 'Secret')).toEqual([]);
  });

  test('everything validates against the Kubernetes schema (kubernetes-models)', async () => {
    const options = { defaults: { exposure: 'LoadBalancer' as const }, services: { api: { workload: 'CronJob' as const, schedule: '@hourly' } } };
    expect(await validateManifests(synthManifests(makeChart(shop())))).toEqual([]);
    expect(await validateManifests(synthManifests(makeChart(shop(), { options })))).toEqual([]);
  });

  test('the whole chart, reviewed', () => {
    // Reviewed by hand: names, selectors, the StatefulSet's claim template and headless Service,
    // the DaemonSet and Job, the LoadBalancer, and YAML-1.1-safe strings ("on", "0755").
    expect(synthChartYaml(makeChart(shop(), { options: { defaults: { exposure: 'LoadBalancer' } } }))).toMatchSnapshot();
  });
});

noticeSkip(k8sChecksAvailable, 'k8s-checks of a whole chart');
describe.skipIf(!k8sChecksAvailable)('k8s-checks (strict 1.27 schema, PSS, Polaris)', () => {
  test('the chart passes with no Polaris danger finding', () => {
    const result = runK8sChecks(synthChartYaml(makeChart(shop(), { options: { defaults: { exposure: 'NodePort' } } })));
    expect(result.output).toMatch(/resources: \d+ valid, 0 invalid/);
    expect(result.output).toMatch(/polaris: 0 danger/);
    expect(result.ok, result.output).toBe(true);
  });
});

describe('options layers', () => {
  test('defaults < top-level x-kubernetes < options in code < the service\'s own x-kubernetes', () => {
    const service = (name: string, own?: object) => makeService(name, own ? { extensions: { 'x-kubernetes': own } } : {});
    const project = makeProject([service('a'), service('b'), service('c'), service('d', { replicas: 5 })], {
      extensions: { 'x-kubernetes': { defaults: { replicas: 2 }, services: { b: { replicas: 3 } } } },
    });
    const docs = synthManifests(makeChart(project, { options: { services: { c: { replicas: 4 }, d: { replicas: 1 } } } }));
    const replicas = (name: string) => (findObject(docs, 'Deployment', name)['spec'] as { replicas: number }).replicas;
    expect([replicas('a'), replicas('b'), replicas('c'), replicas('d')]).toEqual([2, 3, 4, 5]);
  });

  test('a volume\'s own x-kubernetes reaches its claim', () => {
    const volume = { name: 'shop_data', external: false, driverOpts: {}, labels: {}, extensions: { 'x-kubernetes': { size: '5Gi' } } };
    const project = makeProject([makeService('app', { volumes: [{ ...data, target: '/data' }] })], { volumes: { data: volume } });
    const claim = findObject(synthManifests(makeChart(project, { options: { volumes: { data: { size: '2Gi', storageClass: 'fast' } } } })), 'PersistentVolumeClaim', 'data');
    expect(claim['spec']).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
  });

  test('the default namespace is the project name with underscores as dashes', () => {
    expect(makeChart(makeProject([makeService('web')], { name: '1st_shop' })).namespace).toBe('1st-shop');
  });
});
