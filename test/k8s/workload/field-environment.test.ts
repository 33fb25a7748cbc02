import { expect, test } from 'vitest';
import { findObject, makeChart, synthManifests } from '../../support/k8s.ts';
import { makeProject, makeService } from '../../support/model.ts';

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

test("fieldEnvironment: a variable from the pod's fields replaces compose's value of that name", () => {
  const service = makeService('agent', { environment: { AGENT_ID: 'agent-001', LOG_LEVEL: 'INFO' } });
  const options = { services: { agent: { fieldEnvironment: { AGENT_ID: 'spec.nodeName' as const } } } };
  const docs = synthManifests(makeChart(makeProject([service]), { options }));
  const spec = findObject(docs, 'Deployment', 'agent')['spec'] as { template: { spec: { containers: { env: EnvVar[] }[] } } };
  expect(spec.template.spec.containers[0]?.env).toEqual([
    { name: 'AGENT_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'LOG_LEVEL', value: 'INFO' },
  ]);
});
