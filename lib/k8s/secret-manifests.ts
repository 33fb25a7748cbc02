import type { ComposeChart } from './compose-chart.ts';
import { projectLabels } from './labels.ts';

/**
 * The Secrets a converted project references, with their values: what `cdk8s-compose secrets`
 * prints for `kubectl apply -f -`. Never synthesized into dist/ or written to disk.
 */
export function secretManifests(chart: ComposeChart): object[] {
  const labels = projectLabels(chart.project.name);
  return chart.secrets.map((secret) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secret.name, namespace: chart.namespace, labels },
    type: 'Opaque',
    stringData: { ...secret.stringData },
  }));
}
