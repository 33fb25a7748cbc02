import { mergedNameRecord } from '../../name-records.ts';
import { applySafeData } from '../config-and-secrets/apply-safe-data.ts';
import type * as k8s from '../plan/api-types.ts';
import { projectLabels } from '../names/labels.ts';
import type { Named, TranslationPlan } from '../plan/plan.ts';

/**
 * The Secrets a converted project references, with their values: what `cdk8s-compose secrets`
 * prints for `kubectl apply -f -`. Never synthesized into dist/ or written to disk. Takes a plan or
 * a ComposeChart.
 */
export function secretManifests(plan: Pick<TranslationPlan, 'project' | 'namespace' | 'secrets'>): Named<k8s.Secret>[] {
  const labels = projectLabels(plan.project.name);
  return plan.secrets.map((secret) => {
    // Text a server-side apply cannot carry goes base64-encoded in `data` (see applySafeData).
    const { data: text, binaryData: encoded } = applySafeData(secret.stringData, {});
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.name, namespace: plan.namespace, labels },
      type: 'Opaque',
      ...(Object.keys(encoded).length > 0 ? { data: mergedNameRecord(encoded) } : {}),
      stringData: mergedNameRecord(text),
    };
  });
}
