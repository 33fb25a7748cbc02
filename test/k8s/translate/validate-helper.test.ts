import { expect, test } from 'vitest';
import { validateManifests, type Manifest } from '../../support/k8s.ts';

test('validateManifests accepts valid objects and reports invalid ones by kind and name', async () => {
  const good: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } };
  const bad: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'broken' },
    spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } } },
  };
  const unknown: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
  expect(await validateManifests([good])).toEqual([]);
  const problems = await validateManifests([good, bad, unknown]);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^Deployment\/broken: .*containerPort/);
  expect(problems[1]).toMatch(/^Widget\/w: no kubernetes-models class/);
});
