/**
 * Annotations that let GitOps tools live with run-once Jobs, whose pod template Kubernetes never
 * lets change. Our Jobs never change in place: a changed spec is a new Job name (job-name.ts), which
 * Argo CD and Flux create, and whose predecessor they prune. The annotations cover the rest:
 *
 * - Flux (kustomize-controller): `kustomize.toolkit.fluxcd.io/force: enabled` makes it delete and
 *   re-create the object when an apply fails on an immutable field (a Job edited after conversion,
 *   e.g. by a cdk8s escape hatch, under the same name). An apply that succeeds is not affected, so
 *   an unchanged Job is never run again.
 * - Argo CD: `PruneLast=true` prunes the previous Job only after the new one and the rest of the
 *   sync are healthy, so pods of the previous rollout that restart meanwhile still find the Job they
 *   wait for. Not `Replace=true`: `kubectl replace` cannot change an immutable field either; and not
 *   `Force=true,Replace=true`, which deletes and re-creates the Job on every sync — the task would
 *   run once per sync instead of once per change.
 */
export const RUN_ONCE_JOB_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'PruneLast=true',
  'kustomize.toolkit.fluxcd.io/force': 'enabled',
};
