import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSystemPlan } from '../../../../charts/build.ts';
import { systems } from '../../../../charts/index.ts';
import { chartPlanOf, helmChartFiles, type ChartPlan } from '../../../../lib/k8s/output/helm/chart.ts';
import { QUANTITY, templateText, valueReference } from '../../../../lib/k8s/output/helm/template-file.ts';
import { parseImage, valuePoints } from '../../../../lib/k8s/output/helm/value-points.ts';
import { emitYamlDocument, PLAIN_SHAPE, RETYPED_WORD, type JsonValue } from '../../../../lib/k8s/output/yaml-emitter.ts';
import { translate, type TranslateOptions } from '../../../../lib/k8s/translate.ts';
import { loadProject } from '../../../../lib/compose/load.ts';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';

describe('parseImage', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['registry:5000/team/app', { repository: 'registry:5000/team/app' }],
    ['registry:5000/team/app:1.2@sha256:abc', { repository: 'registry:5000/team/app', tag: '1.2', digest: 'sha256:abc' }],
    ['app@sha256:abc', { repository: 'app', digest: 'sha256:abc' }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });

  it.each(['app:', 'app@', ':1.0'])('leaves %s literal: rebuilt from parts it would change', (image) => {
    expect(parseImage(image)).toBeUndefined();
  });
});

describe('valueReference', () => {
  it('uses the dotted form for identifiers and index for other keys', () => {
    expect(valueReference(['services', 'web', 'replicas'])).toBe('.Values.services.web.replicas');
    expect(valueReference(['services', 'control-layer', 'ingress', 'hosts', 0])).toBe('(index .Values "services" "control-layer" "ingress" "hosts" 0)');
  });
});

/** The helper's plain test, in JavaScript: the same expressions `_helpers.tpl` gives Go's regexp. */
function helperPrintsPlain(value: string): boolean {
  return (new RegExp(`^${PLAIN_SHAPE}$`).test(value) && !new RegExp(`^${RETYPED_WORD}$`).test(value)) || new RegExp(QUANTITY).test(value);
}

function strings(value: JsonValue, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) strings(item, into.add(key));
  return into;
}

describe('the scalar helper', () => {
  it('prints plain only strings the emitter prints plain (so plain output reads back as the same string)', () => {
    const samples = new Set(['yes', 'on', 'e3', 'E10', 'null', '1.10', '10Gi', '500m', '2.5Ti', '1k', '10', '0x1F', '12:30', 'nginx:1.27', '/data', 'a b', '*.example.com', '~', '1e3', '007Gi']);
    for (const system of systems) for (const environment of Object.keys(system.environments)) {
      for (const entry of buildSystemPlan(system, environment).entries) strings(entry.manifest as unknown as JsonValue, samples);
    }
    const wrong = [...samples].filter((value) => helperPrintsPlain(value) && emitYamlDocument(value) !== `${value}\n`);
    expect(wrong).toEqual([]);
    expect([...samples].filter(helperPrintsPlain).length).toBeGreaterThan(100);
  });
});

const SHOP = `name: shop
services:
  web:
    image: registry.example.com/shop/web:2.0
    command: ["sh", "-c", "docker inspect --format '{{.State.Health.Status}}' x"]
    deploy:
      replicas: 3
      resources: {limits: {memory: 256M}}
    ports: ["8080:80"]
    volumes: [data:/data]
  worker:
    image: registry.example.com/shop/web:2.0
    volumes: [data:/data]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Xq9-long-value
volumes:
  data:
`;

function planOf(compose: string, options: TranslateOptions['options'] = {}): TranslationPlan {
  const dir = mkdtempSync(join(tmpdir(), 'helm-chart-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), compose);
    return translate(loadProject({ files: [join(dir, 'compose.yaml')], environment: {} }), { options });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function shopPlan(): ChartPlan {
  return chartPlanOf(planOf(SHOP, { ingress: { domain: 'shop.example.com', className: 'nginx' }, services: { web: { exposure: 'Ingress' } } }));
}

describe('helmChartFiles', () => {
  const files = new Map(helmChartFiles(shopPlan()).map((file) => [file.path, file.content]));
  const values = parse(files.get('values.yaml')!) as { services: Record<string, Record<string, unknown>>; volumes?: Record<string, unknown> };

  it('writes a v2 chart with values, helpers, notes and one template per object', () => {
    expect(parse(files.get('Chart.yaml')!)).toMatchObject({ apiVersion: 'v2', name: 'shop', version: '0.1.0', appVersion: '0.1.0' });
    expect(files.has('.helmignore')).toBe(true);
    expect(files.get('templates/_helpers.tpl')).toContain('define "shop.scalar"');
    expect(files.has('templates/deployment-web.yaml')).toBe(true);
    expect(files.has('templates/namespace-shop.yaml')).toBe(true);
  });

  it('draws each service’s image, replicas, resources, exposure and ingress from the values', () => {
    expect(values.services['web']).toMatchObject({
      image: { repository: 'registry.example.com/shop/web', tag: '2.0' },
      replicas: 3,
      resources: { limits: { memory: '256Mi' } },
      service: { type: 'ClusterIP' },
      ingress: { className: 'nginx', hosts: ['web.shop.example.com'], tls: [] },
    });
    expect(values.services['worker']).toMatchObject({ image: { repository: 'registry.example.com/shop/web', tag: '2.0' }, resources: {} });
    const deployment = files.get('templates/deployment-web.yaml')!;
    expect(deployment).toContain('replicas: {{ include "shop.scalar" .Values.services.web.replicas }}');
    expect(deployment).toContain('image: {{ include "shop.image" .Values.services.web.image }}');
    expect(deployment).toMatch(/\{\{- with \.Values\.services\.web\.resources \}\}\n {10}resources:\n {12}\{\{- toYaml \. \| nindent 12 \}\}\n {10}\{\{- end \}\}/);
  });

  it('puts a claim shared by several services under volumes, with an optional storage class', () => {
    expect(values.volumes).toEqual({ data: { size: expect.any(String), storageClass: '' } });
  });

  it('keeps a literal {{ of the compose file as text', () => {
    expect(files.get('templates/deployment-web.yaml')).toContain(`docker inspect --format '{{ "{{" }}.State.Health.Status}}' x`);
  });

  it('does not depend on the order the rules planned the objects in', () => {
    const plan = shopPlan();
    expect(helmChartFiles({ ...plan, entries: [...plan.entries].reverse() })).toEqual(helmChartFiles(plan));
  });

  it('holds no Secret and no secret value', () => {
    const plan = shopPlan();
    expect(plan.secrets.length).toBeGreaterThan(0);
    const chart = helmChartFiles(plan);
    for (const file of chart) expect(file.content, file.path).not.toContain('s3cr3t-Xq9-long-value');
    expect(chart.find((file) => file.path === 'templates/NOTES.txt')?.content).toMatch(/Secret db-env \(keys: POSTGRES_PASSWORD\)/);
  });
});

describe('valuePoints', () => {
  it('gives a headless Service and objects of no single service no values', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db-headless' }, spec: { clusterIP: 'None', type: 'ClusterIP' } };
    expect(valuePoints({ manifest: service, services: ['db'], serviceNames: { db: 'db' } })).toEqual([]);
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny' }, spec: {} };
    expect(valuePoints({ manifest: policy, services: [], serviceNames: {} })).toEqual([]);
  });

  it('keeps a field literal when two objects would want different defaults at one value', () => {
    const deployment = (image: string, name: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: { replicas: 1, template: { spec: { containers: [{ image, name: 'web', resources: { limits: { cpu: '1' } } }] } } },
    });
    const plan: ChartPlan = {
      project: { name: 'two' }, namespace: 'two', serviceNames: { web: 'web' }, secrets: [], toCreate: [],
      entries: [{ manifest: deployment('web:1', 'web'), services: ['web'] }, { manifest: deployment('web:2', 'web-migrate'), services: ['web'] }],
    };
    const files = new Map(helmChartFiles(plan).map((file) => [file.path, file.content]));
    expect(files.get('templates/deployment-web.yaml')).toContain('image: {{ include "two.image" .Values.services.web.image }}');
    expect(files.get('templates/deployment-web-migrate.yaml')).toContain('image: web:2');
  });

  it("draws a pre_start hook's image from the service's value when the hook runs the service's image", () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { template: { spec: {
        initContainers: [{ name: 'wait-for-db', image: 'web:1' }, { name: 'pre-start-1-web', image: 'web:1' }, { name: 'pre-start-2-web', image: 'busybox:1.36' }],
        containers: [{ name: 'web', image: 'web:1' }],
      } } },
    };
    const images = valuePoints({ manifest: deployment, services: ['web'], serviceNames: { web: 'web' } }).filter((point) => point.kind === 'image');
    expect(images.map((point) => point.at.join('.'))).toEqual(['spec.template.spec.containers.0.image', 'spec.template.spec.initContainers.1.image']);
  });

  it("draws the image of the container that copies the image's files into a new claim from the service's value", () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' },
      spec: { template: { spec: {
        initContainers: [{ name: 'image-files-app-public', image: 'ninja:5' }, { name: 'wait-for-db', image: 'busybox:1.36.1' }],
        containers: [{ name: 'app', image: 'ninja:5' }],
      } } },
    };
    const images = valuePoints({ manifest: deployment, services: ['app'], serviceNames: { app: 'app' } }).filter((point) => point.kind === 'image');
    expect(images.map((point) => point.at.join('.'))).toEqual(['spec.template.spec.containers.0.image', 'spec.template.spec.initContainers.0.image']);
  });

  it('writes an absent optional field inside a with block at its own indentation', () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const points = valuePoints({ manifest: claim, services: ['db'], serviceNames: { db: 'db' } });
    expect(templateText(claim, points, 'c')).toBe(
      [
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata:',
        '  name: data',
        'spec:',
        '  accessModes:',
        '    - ReadWriteOnce',
        '  resources:',
        '    requests:',
        '      storage: {{ include "c.scalar" .Values.services.db.persistence.data.size }}',
        '  {{- with .Values.services.db.persistence.data.storageClass }}',
        '  storageClassName: {{ include "c.scalar" . }}',
        '  {{- end }}',
        '',
      ].join('\n'),
    );
  });
});
