import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { makeChartFromFiles, noticeSkip, sharedAvailable, sharedDir, synthManifests, validateManifests } from '../../support/k8s.ts';

const corpus = join(sharedDir, 'corpus', 'awesome-compose');
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function samples(): { name: string; file: string }[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = COMPOSE_NAMES.map((name) => join(corpus, entry.name, name)).find((path) => existsSync(path));
      return file ? [{ name: entry.name, file }] : [];
    });
}

noticeSkip(sharedAvailable, 'kubernetes-models validation of the awesome-compose corpus');
describe.skipIf(!sharedAvailable)('awesome-compose corpus through ComposeChart', () => {
  test('every sample that loads yields objects kubernetes-models accepts, deterministically named', async () => {
    const problems: string[] = [];
    let converted = 0;
    for (const sample of samples()) {
      let chart;
      try {
        chart = makeChartFromFiles([sample.file]);
      } catch (error) {
        // Samples whose secret files are not part of the corpus fail to load; that is the loader's call.
        expect(error, sample.name).toBeInstanceOf(ComposeError);
        continue;
      }
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
