import { describe, expect, test } from 'vitest';
import { corpusCharts, noticeSkip, sharedAvailable, synthManifests, validateManifests } from '../../support/k8s.ts';

noticeSkip(sharedAvailable, 'kubernetes-models validation of the awesome-compose corpus');
describe.skipIf(!sharedAvailable)('awesome-compose corpus through ComposeChart', () => {
  test('every sample that loads yields objects kubernetes-models accepts, deterministically named', async () => {
    const problems: string[] = [];
    let converted = 0;
    for (const sample of corpusCharts()) {
      const { chart } = sample;
      converted += 1;
      const docs = synthManifests(chart);
      for (const service of Object.keys(chart.project.services)) {
        const name = chart.serviceName(service);
        if (!docs.some((doc) => doc.metadata.name === name && ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(doc.kind))) {
          problems.push(`${sample.name}: no workload named ${name}`);
        }
      }
      problems.push(...(await validateManifests(docs)).map((problem) => `${sample.name}: ${problem}`));
    }
    expect(converted).toBeGreaterThan(25);
    expect(problems).toEqual([]);
  });
});
