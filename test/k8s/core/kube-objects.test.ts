/**
 * The one-walk rendering of lib/k8s/kube-objects.ts (issue 7) gives exactly the manifest the L1
 * class renders itself, key order included, and hands every object it cannot be sure about to
 * cdk8s: JSON patches, custom resolvers, unsorted output, values that are not plain data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing, type IResolver, type ResolutionContext } from 'cdk8s';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildSystemChart } from '../../../charts/build.ts';
import { systems } from '../../../charts/index.ts';
import { k8s } from '../../../imports/k8s.ts';
import * as kube from '../../../lib/k8s/kube-objects.ts';
import { corpusCharts, noticeSkip, sharedAvailable } from '../../support/k8s.ts';
import { chartOf } from '../robustness/compose-files.ts';

const { RENAMED_BY_L1, ...oneWalkClasses } = kube;
const ONE_WALK_CLASSES: readonly (abstract new (...args: never[]) => ApiObject)[] = Object.values(oneWalkClasses);

/** What the L1 class the object's class extends renders: cdk8s' three walks. */
function l1Json(object: ApiObject): unknown {
  const l1 = Object.getPrototypeOf(Object.getPrototypeOf(object)) as ApiObject;
  return l1.toJson.call(object);
}

/** The object's `toJson()`, and whether it left the rendering to cdk8s (which every L1 `toJson` calls). */
function render(object: ApiObject): { json: unknown; byCdk8s: boolean } {
  const cdk8sRendering = vi.spyOn(ApiObject.prototype, 'toJson');
  try {
    return { json: object.toJson(), byCdk8s: cdk8sRendering.mock.calls.length > 0 };
  } finally {
    cdk8sRendering.mockRestore();
  }
}

/** The chart's L1 objects; plain ApiObjects (kinds the 1.27 classes lack, e.g. admissionregistration v1) are cdk8s' own. */
function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((construct): construct is ApiObject =>
    construct instanceof ApiObject && Object.getPrototypeOf(construct) !== ApiObject.prototype);
}

/** Every object is a one-walk class and renders as its L1 class does; returns those cdk8s rendered. */
function expectL1Rendering(chart: Chart): string[] {
  const byCdk8s: string[] = [];
  for (const object of apiObjects(chart)) {
    const what = `${object.kind}/${object.name}`;
    expect(ONE_WALK_CLASSES.some((oneWalk) => object instanceof oneWalk), what).toBe(true);
    const rendered = render(object);
    expect(JSON.stringify(rendered.json), what).toBe(JSON.stringify(l1Json(object)));
    if (rendered.byCdk8s) byCdk8s.push(what);
  }
  return byCdk8s;
}

/** The objects cdk8s renders in a chart: the Namespace (patched) and headless Services (`clusterIp` is renamed). */
function expectedByCdk8s(chart: Chart): string[] {
  return apiObjects(chart)
    .filter((object) => object.kind === 'Namespace' || (l1Json(object) as { spec?: { clusterIP?: string } }).spec?.clusterIP !== undefined)
    .map((object) => `${object.kind}/${object.name}`);
}

const RICH_PROJECT = `name: rich
services:
  web:
    image: nginx:1.27
    ports: ["8080:80", "127.0.0.1:9090:9090"]
    labels: {com.example.tier: front, "10": ten, "9": nine, b: bee, a: ay}
    environment: {LOG_LEVEL: info, API_PASSWORD: s3cret}
    configs: [site]
    networks:
      front: {aliases: [www]}
    healthcheck: {test: [CMD, curl, -f, http://localhost/], interval: 10s, timeout: 2s, retries: 3, start_period: 5s}
    deploy:
      replicas: 2
      resources: {limits: {cpus: "0.5", memory: 256M}, reservations: {cpus: "0.25", memory: 64M}}
      update_config: {parallelism: 0, order: start-first}
    read_only: true
    tmpfs: [/tmp]
    volumes: [cache:/var/cache/nginx]
    x-kubernetes: {exposure: Ingress, ingress: {host: web.example.com}}
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
    secrets: [db-password]
    environment: {POSTGRES_PASSWORD_FILE: /run/secrets/db-password}
    networks: [back]
  agent:
    image: busybox:1.36
    command: [sh, -c, "echo $$HOSTNAME; sleep 3600"]
    deploy: {mode: global}
    networks: [back]
  migrate:
    image: busybox:1.36
    command: [echo, migrated]
    restart: "no"
    depends_on:
      db: {condition: service_started}
    networks: [back]
    x-kubernetes: {workload: Job}
  report:
    image: busybox:1.36
    command: [echo, report]
    networks: [back]
    x-kubernetes: {workload: CronJob, schedule: "0 3 * * *"}
  api:
    image: node:20
    ports: ["3000:3000"]
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_started}
    networks: [front, back]
    x-kubernetes: {exposure: LoadBalancer, resources: {requests: {cpu: 50m}}}
volumes:
  data: {}
  cache: {}
networks:
  front: {}
  back: {internal: true}
configs:
  site: {content: "server { listen 80; }"}
secrets:
  db-password: {file: ./db-password.txt}
`;

describe('one-walk rendering', () => {
  test('every object of every documented system renders as its L1 class renders it, nearly all in one walk', () => {
    let charts = 0;
    for (const system of systems) {
      for (const environment of Object.keys(system.environments)) {
        const chart = buildSystemChart(new App(), system, environment);
        charts += 1;
        const byCdk8s = expectL1Rendering(chart);
        expect(byCdk8s, `${system.name} ${environment}`).toEqual(expectedByCdk8s(chart));
        expect(byCdk8s.length, `${system.name} ${environment}`).toBeLessThan(apiObjects(chart).length / 2);
      }
    }
    expect(charts).toBeGreaterThanOrEqual(systems.length);
  });

  test('a rich compose project (every workload kind, ingress, aliases, unions, configs) renders as the L1 classes render it', () => {
    const chart = chartOf(RICH_PROJECT, { 'db-password.txt': 'pw\n' });
    const kinds = new Set(apiObjects(chart).map((object) => object.kind));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Ingress', 'ConfigMap', 'PersistentVolumeClaim', 'NetworkPolicy', 'PodDisruptionBudget']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(expectL1Rendering(chart)).toEqual(expectedByCdk8s(chart));
  });

  test('a mapping holding `constructor` is added back as a JSON patch, and cdk8s renders that object', () => {
    const chart = chartOf(`name: proto
services:
  web: {image: nginx:1.27, labels: {constructor: x}}
`);
    expect(expectL1Rendering(chart)).toEqual(['Deployment/web', 'Namespace/proto']);
  });

  noticeSkip(sharedAvailable, 'one-walk rendering of the awesome-compose corpus');
  test.skipIf(!sharedAvailable)('every awesome-compose sample that converts renders as the L1 classes render it', () => {
    let converted = 0;
    for (const { chart } of corpusCharts()) {
      converted += 1;
      expectL1Rendering(chart);
    }
    expect(converted).toBeGreaterThan(25);
  });
});

describe('the generated L1 code renders as the one walk assumes', () => {
  const source = readFileSync(createRequire(import.meta.url).resolve('cdk8s-plus-27/lib/imports/k8s.js'), 'utf8');
  const functions = [...source.matchAll(/^function (toJson_\w+)\(obj\) \{\n([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
    name: name!,
    fields: [...body!.matchAll(/^ {8}'([^']+)': .*?obj\.([\w$]+)/gm)].map(([, json, prop]) => ({ json: json!, prop: prop! })),
  }));

  test('every toJson_* function writes its fields sorted; the Kube*Props ones metadata first', () => {
    expect(functions.length).toBeGreaterThan(400);
    for (const { name, fields } of functions) {
      const names = fields.map((field) => field.json);
      const rest = name.startsWith('toJson_Kube') && names[0] === 'metadata' ? names.slice(1) : names;
      expect(rest, name).toEqual([...rest].sort());
    }
  });

  test('RENAMED_BY_L1 holds exactly the props written under another name', () => {
    const renamed = new Set(functions.flatMap(({ fields }) => fields.filter((field) => field.json !== field.prop).map((field) => field.prop)));
    expect([...RENAMED_BY_L1].sort()).toEqual([...renamed].sort());
  });
});

describe('one-walk rendering of hand-made props', () => {
  afterEach(() => vi.unstubAllEnvs());

  // Casts put values into props that the typed props do not allow but cdk8s renders.
  const loose = <T>(value: unknown): T => value as T;
  /** An implicit token: cdk8s renders what its `resolve()` returns. */
  class Token {
    constructor(private readonly value: unknown) {}
    resolve(): unknown {
      return this.value;
    }
  }

  test('Lazy values and implicit tokens are resolved, also when they produce mappings or null', () => {
    const chart = Testing.chart();
    const object = new kube.KubeConfigMap(chart, 'map', {
      metadata: { name: 'map', labels: { lazy: loose<string>(Lazy.any({ produce: () => 'produced' })) } },
      data: loose<Record<string, string>>({
        z: Lazy.any({ produce: () => 'last' }),
        a: new Token('token'),
        gone: Lazy.any({ produce: () => null }),
      }),
    });
    const rendered = render(object);
    expect(rendered.byCdk8s).toBe(false);
    expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(object)));
    expect(rendered.json).toMatchObject({ data: { a: 'token', z: 'last' }, metadata: { labels: { lazy: 'produced' } } });
  });

  test('a plain mapping with a `resolve` function is a token to cdk8s, which renders it', () => {
    const object = new kube.KubeConfigMap(Testing.chart(), 'map', { data: loose<Record<string, string>>({ a: { resolve: () => 'token' } }) });
    const rendered = render(object);
    expect(rendered.byCdk8s).toBe(true);
    expect(rendered.json).toMatchObject({ data: { a: 'token' } });
  });

  test('a field the L1 class renames (clusterIp → clusterIP) leaves the rendering to cdk8s, also as a map key', () => {
    const chart = Testing.chart();
    const service = new kube.KubeService(chart, 'svc', { spec: { clusterIp: 'None', ports: [{ port: 80 }] } });
    const map = new kube.KubeConfigMap(chart, 'map', { data: { clusterIp: '10.0.0.1' } });
    for (const object of [service, map]) {
      const rendered = render(object);
      expect(rendered.byCdk8s).toBe(true);
      expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(object)));
    }
    expect(render(service).json).toMatchObject({ spec: { clusterIP: 'None' } });
    expect(render(map).json).toMatchObject({ data: { clusterIp: '10.0.0.1' } });
  });

  test('IntOrString and Quantity become their value, in fields and in maps', () => {
    const chart = Testing.chart();
    const objects = [
      new kube.KubeService(chart, 'svc', {
        spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }, { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) }] },
      }),
      new kube.KubePersistentVolumeClaim(chart, 'pvc', {
        spec: { resources: { requests: { storage: k8s.Quantity.fromString('1Gi') }, limits: { storage: k8s.Quantity.fromNumber(2) } } },
      }),
      new kube.KubePodDisruptionBudget(chart, 'pdb', { spec: { maxUnavailable: k8s.IntOrString.fromString('50%') } }),
    ];
    for (const object of objects) {
      const rendered = render(object);
      expect(rendered.byCdk8s).toBe(false);
      expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(object)));
    }
    expect(render(objects[0]!).json).toMatchObject({ spec: { ports: [{ targetPort: 'http' }, { targetPort: 8081 }] } });
  });

  test('null and undefined are dropped from mappings, keys sorted (integer-like ones first), array items kept in place', () => {
    const chart = Testing.chart();
    const object = new kube.KubeConfigMap(chart, 'map', {
      metadata: { annotations: { z: 'z', a: 'a' } },
      data: loose<Record<string, string>>({ b: 'b', 10: 'ten', 9: 'nine', a: 'a', gone: null, alsoGone: undefined }),
      immutable: loose<boolean>(undefined),
    });
    const deployment = new kube.KubeDeployment(chart, 'deploy', {
      spec: {
        selector: { matchLabels: { b: 'b', a: 'a' } },
        template: {
          spec: {
            containers: [{ name: 'c', image: 'i', args: loose<string[]>(['x', null, undefined, 'y']), env: [{ name: 'E', value: loose<string>(null) }] }],
          },
        },
      },
    });
    for (const each of [object, deployment]) {
      const rendered = render(each);
      expect(rendered.byCdk8s).toBe(false);
      expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(each)));
    }
    expect(Object.keys((render(object).json as { data: object }).data)).toEqual(['9', '10', 'a', 'b']);
  });

  test('JSON patches leave the rendering to cdk8s, which applies them', () => {
    const object = new kube.KubeService(Testing.chart(), 'svc', { spec: { type: 'ClusterIP' } });
    object.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort'));
    const rendered = render(object);
    expect(rendered.byCdk8s).toBe(true);
    expect(rendered.json).toMatchObject({ spec: { type: 'NodePort' } });
    expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(object)));
  });

  test('an App with its own resolvers leaves the rendering to cdk8s, which runs them', () => {
    const upper: IResolver = {
      resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.value.startsWith('shout:')) context.replaceValue(context.value.slice(6).toUpperCase());
      },
    };
    const chart = new Chart(new App({ resolvers: [upper] }), 'chart');
    const object = new kube.KubeConfigMap(chart, 'map', { data: { greeting: 'shout:hello' } });
    const rendered = render(object);
    expect(rendered.byCdk8s).toBe(true);
    expect(rendered.json).toMatchObject({ data: { greeting: 'HELLO' } });
  });

  test('CDK8S_DISABLE_SORT leaves the rendering to cdk8s', () => {
    vi.stubEnv('CDK8S_DISABLE_SORT', '1');
    const object = new kube.KubeConfigMap(Testing.chart(), 'map', { data: { b: 'b', a: 'a' } });
    const rendered = render(object);
    expect(rendered.byCdk8s).toBe(true);
    expect(JSON.stringify(rendered.json)).toBe(JSON.stringify(l1Json(object)));
  });

  /** Renders `object` as its L1 class does; returns whether cdk8s rendered it and the metadata. */
  function renderedAsL1(object: ApiObject): { byCdk8s: boolean; metadata: unknown } {
    const rendered = render(object);
    expect(JSON.stringify(rendered.json), object.name).toBe(JSON.stringify(l1Json(object)));
    return { byCdk8s: rendered.byCdk8s, metadata: (rendered.json as { metadata?: unknown }).metadata };
  }

  test('metadata renders in the one walk: sorted annotations and labels (renamed-looking keys too), finalizers, owner references, chart labels', () => {
    const chart = new Chart(new App(), 'chart', { labels: { team: 'core', app: 'shop' } });
    const owner = { uid: 'u-1', name: 'owner', kind: 'Deployment', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false };
    const object = new kube.KubeConfigMap(chart, 'map', {
      metadata: {
        name: 'map',
        namespace: 'shop',
        annotations: { z: 'last', a: 'first', clusterIp: 'kept as is' },
        labels: { ref: 'kept', b: 'bee' },
        finalizers: ['b/one', 'a/two'],
        ownerReferences: [owner],
      },
    });
    object.metadata.addLabel('added', 'label');
    object.metadata.addAnnotation('m', 'middle');
    object.metadata.addFinalizers('c/three');
    object.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'Service', name: 'other', uid: 'u-2' });
    const rendered = renderedAsL1(object);
    expect(rendered.byCdk8s).toBe(false);
    expect(JSON.stringify(rendered.metadata)).toBe(
      JSON.stringify({
        annotations: { a: 'first', clusterIp: 'kept as is', m: 'middle', z: 'last' },
        finalizers: ['b/one', 'a/two', 'c/three'],
        labels: { added: 'label', app: 'shop', b: 'bee', ref: 'kept', team: 'core' },
        name: 'map',
        namespace: 'shop',
        ownerReferences: [
          { apiVersion: 'apps/v1', blockOwnerDeletion: false, controller: true, kind: 'Deployment', name: 'owner', uid: 'u-1' },
          { apiVersion: 'v1', kind: 'Service', name: 'other', uid: 'u-2' },
        ],
      }),
    );
  });

  test('empty metadata arrays and mappings are dropped, also nested ones and those Lazy values produce', () => {
    const object = new kube.KubeConfigMap(Testing.chart(), 'map', {
      metadata: {
        labels: {},
        annotations: { gone: loose<string>(undefined), empty: loose<string>({ inner: {} }), produced: loose<string>(Lazy.any({ produce: () => [] })) },
        finalizers: [],
        ownerReferences: [],
      },
      data: { kept: '' },
    });
    const rendered = renderedAsL1(object);
    expect(rendered.byCdk8s).toBe(false);
    expect(Object.keys(rendered.metadata as object)).toEqual(['name']);
  });

  test('metadata the L1 class converts or drops leaves the rendering to cdk8s: added attributes, unknown owner-reference fields, unions', () => {
    const chart = Testing.chart();
    const added = new kube.KubeConfigMap(chart, 'added', { data: { a: 'a' } });
    added.metadata.add('generateName', 'added-');
    const custom = new kube.KubeConfigMap(chart, 'custom', { data: { a: 'a' } });
    custom.metadata.add('custom', 'dropped by the L1 class');
    const owner = new kube.KubeConfigMap(chart, 'owner', {
      metadata: { ownerReferences: [loose({ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', extra: 'dropped' })] },
    });
    const union = new kube.KubeConfigMap(chart, 'union', { metadata: { labels: { port: loose<string>(k8s.IntOrString.fromNumber(80)) } } });
    for (const object of [added, custom, owner, union]) expect(renderedAsL1(object).byCdk8s, object.name).toBe(true);
    expect(renderedAsL1(added).metadata).toMatchObject({ generateName: 'added-' });
    expect(renderedAsL1(custom).metadata).not.toHaveProperty('custom');
    expect(renderedAsL1(owner).metadata).toHaveProperty('ownerReferences', [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }]);
    expect(renderedAsL1(union).metadata).toMatchObject({ labels: { port: { value: 80 } } });
  });

  test('values cdk8s cannot render fail with its own error', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const chart = Testing.chart();
    const cases = [
      new kube.KubeConfigMap(chart, 'instance', { data: loose<Record<string, string>>({ at: new Point(1) }) }),
      new kube.KubeConfigMap(chart, 'constructor-key', { data: loose<Record<string, string>>({ constructor: 'x' }) }),
      new kube.KubeConfigMap(chart, 'failing-lazy', { data: loose<Record<string, string>>({ at: Lazy.any({ produce: () => { throw new Error('no value'); } }) }) }),
    ];
    for (const object of cases) {
      let expected = '';
      try {
        l1Json(object);
      } catch (error) {
        expected = String(error);
      }
      expect(expected, object.name).toMatch(/^Error: Failed serializing construct at path/);
      expect(() => object.toJson(), object.name).toThrow(expected.replace(/^Error: /, ''));
    }
  });
});
