import { join } from 'node:path';
import type { App, Chart } from 'cdk8s';
import { planManifests, type TranslationPlan } from '../plan/plan.ts';
import { writeDirectoryAtomic } from './atomic-write.ts';
import { emitYamlDocument, type JsonValue } from './yaml-emitter.ts';

export { writeDirectoryAtomic, writeFileAtomic, type OutputFile } from './atomic-write.ts';

/** Objects a later one depends on come first, so `kubectl apply -f` of the stream succeeds in order. */
export const KIND_ORDER: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim',
  'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'Ingress',
];

interface ObjectIdentity {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
}

function rank(kind: unknown): number {
  const index = KIND_ORDER.indexOf(String(kind));
  return index === -1 ? KIND_ORDER.length : index;
}

/** Namespace first, then by kind order, then kind and name: the same objects always print alike. */
export function sortManifests<T extends ObjectIdentity>(docs: readonly T[]): T[] {
  // Each document's rank and key are computed once, not in every one of the sort's comparisons.
  const entries = docs.map((doc) => ({ doc, rank: rank(doc.kind), key: `${String(doc.kind)}/${String(doc.metadata?.name ?? '')}` }));
  entries.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((entry) => entry.doc);
}

/** One multi-document YAML stream, safe for YAML 1.1 and 1.2 readers alike. */
export function manifestsToYaml(docs: readonly unknown[]): string {
  // Callers pass `chart.toJson()` output or literals built from JSON values: JSON-shaped by construction.
  return docs.map((doc) => emitYamlDocument(doc as JsonValue)).join('---\n');
}

/** The plan's objects as YAML documents, in output order, one at a time. */
export function* planYamlDocuments(plan: Pick<TranslationPlan, 'entries'>): Generator<string> {
  let first = true;
  for (const manifest of sortManifests(planManifests(plan))) {
    yield first ? emitYamlDocument(manifest as unknown as JsonValue) : `---\n${emitYamlDocument(manifest as unknown as JsonValue)}`;
    first = false;
  }
}

/** The plan's objects as one deterministic multi-document YAML stream. */
export function planYaml(plan: Pick<TranslationPlan, 'entries'>): string {
  return [...planYamlDocuments(plan)].join('');
}

/** The chart's objects as one deterministic multi-document YAML stream. */
export function synthChartYaml(chart: Chart): string {
  return manifestsToYaml(sortManifests(chart.toJson() as ObjectIdentity[]));
}

/** Writes each chart of the app to `<outdir>/<chart id>.k8s.yaml`, replacing `outdir` as a whole. */
export function writeAppCharts(app: App, outdir: string): string[] {
  const files = app.charts.map((chart) => ({ path: `${chart.node.id}.k8s.yaml`, content: synthChartYaml(chart) }));
  writeDirectoryAtomic(files, outdir);
  return files.map((file) => join(outdir, file.path));
}
