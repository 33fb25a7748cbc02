/**
 * ComposeChart is an adapter over the plan: one ApiObject per planned manifest, rendered exactly as
 * the plan's YAML stream, and a per-service view whose objects take the usual cdk8s escape hatches.
 */
import { JsonPatch } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { buildSystemPlan, environmentImageFacts, environmentNames } from '../../../charts/build.ts';
import { systems } from '../../../charts/index.ts';
import { ComposeChart } from '../../../lib/k8s/cdk8s/compose-chart.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { planYaml, synthChartYaml } from '../../../lib/k8s/output/synth.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { findObject, synthManifests, testApp } from '../../support/k8s.ts';

const volumes = { data: { name: 'shop_data', external: false, driverOpts: {}, labels: {}, extensions: {} } };
const shop = () =>
  makeProject(
    [
      makeService('web', { image: 'nginx:1.27', expose: [{ port: 80, protocol: 'tcp' }], volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, nocopy: false }] }),
      makeService('worker', { image: 'busybox:1.36', volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, nocopy: false }] }),
    ],
    { volumes },
  );

describe('ComposeChart over the plan', () => {
  test('synthesizes byte for byte what the plan prints', () => {
    const chart = new ComposeChart(testApp(), 'shop', { project: shop() });
    expect(synthChartYaml(chart)).toBe(planYaml(chart.plan));
  });

  test('every documented system synthesizes through the chart exactly as its plan prints', () => {
    for (const environment of environmentNames(systems)) {
      for (const system of systems.filter((candidate) => candidate.environments[environment] !== undefined)) {
        const { project } = buildSystemPlan(system, environment);
        const options = system.environments[environment]?.options;
        const settings = { namespace: system.name, imageFacts: environmentImageFacts(system, environment, project), ...(options ? { options } : {}) };
        const chart = new ComposeChart(testApp(), system.name, { project, ...settings });
        expect(synthChartYaml(chart), `${environment}/${system.name}`).toBe(planYaml(translate(project, settings)));
      }
    }
  });

  test('chart.service(name) gives a service its workload, Services and the claims it mounts', () => {
    const chart = new ComposeChart(testApp(), 'shop', { project: shop() });
    const web = chart.service('web');
    expect(web.workload.kind).toBe('Deployment');
    expect(web.services.map((object) => object.name)).toEqual(['web']);
    expect(web.claims.map((object) => object.name)).toEqual(['data']);
    // A shared claim is in the view of every service that mounts it.
    expect(chart.service('worker').claims[0]).toBe(web.claims[0]);
    expect(web.objects.map((object) => object.kind)).toContain('NetworkPolicy');
    expect(() => chart.service('db')).toThrow("no service 'db' in project 'demo'");
  });

  test('escape hatches on the view reach the synthesized manifest', () => {
    const chart = new ComposeChart(testApp(), 'shop', { project: shop() });
    chart.service('web').workload.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    chart.service('web').services[0]!.metadata.addAnnotation('example.com/owner', 'team-a');
    const docs = synthManifests(chart);
    expect(findObject(docs, 'Deployment', 'web')['spec']).toMatchObject({ revisionHistoryLimit: 3 });
    expect(findObject(docs, 'Service', 'web').metadata['annotations']).toEqual({ 'example.com/owner': 'team-a' });
  });

  test('keeps its public fields: project, warnings, secrets, podSecurityLevel, serviceName', () => {
    const chart = new ComposeChart(testApp(), 'shop', { project: shop(), namespace: 'shop' });
    expect(chart.project.name).toBe('demo');
    expect(chart.namespace).toBe('shop');
    expect(chart.podSecurityLevel).toBe('restricted');
    expect(chart.secrets).toEqual([]);
    expect(chart.warnings).toBe(chart.plan.warnings);
    expect(chart.serviceName('web')).toBe('web');
  });
});
