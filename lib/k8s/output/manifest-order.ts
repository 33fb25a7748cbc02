/** The order of the objects in every output stream. */

/** Objects a later one depends on come first, so `kubectl apply -f` of the stream succeeds in order. */
export const KIND_ORDER: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim',
  'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress',
];

export interface ObjectIdentity {
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
