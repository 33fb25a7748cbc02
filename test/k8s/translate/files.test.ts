import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ComposeChart, ComposeError, synthChartYaml } from '../../../lib/index.ts';
import { testApp } from '../../support/k8s.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chart-files-'));
  writeFileSync(
    join(dir, 'compose.yaml'),
    'services:\n  web:\n    image: nginx:${TAG}\n    ports: ["80:80"]\n  tools:\n    image: busybox:1.36\n    profiles: [tools]\n',
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('ComposeChart loads compose files with profiles, project name and environment', () => {
  const chart = new ComposeChart(testApp(), 'site', {
    files: [join(dir, 'compose.yaml')],
    projectName: 'site',
    profiles: ['tools'],
    environment: { TAG: '1.27' },
  });
  expect(chart.project.name).toBe('site');
  expect(chart.namespace).toBe('site');
  const yaml = synthChartYaml(chart);
  expect(yaml).toContain('image: nginx:1.27');
  expect(yaml).toContain('name: tools');
});

test('x-kubernetes errors surface as ComposeError with the file location', () => {
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    x-kubernetes:\n      replicas: two\n');
  try {
    new ComposeChart(testApp(), 'site', { files: [join(dir, 'compose.yaml')], environment: {} });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ComposeError);
    expect((error as ComposeError).format()).toBe(`${join(dir, 'compose.yaml')}:5:7: services.web.x-kubernetes.replicas must be an integer of at least 0 and at most 2147483647, not string "two"`);
  }
});
