import { createHash } from 'node:crypto';
import type * as k8s from '../../plan/api-types.ts';
import { canonicalManifest } from '../../output/canonical-manifest.ts';

/** Hex digits of the spec's hash in a run-once Job's name. */
export const JOB_HASH_LENGTH = 8;
/** Pods carry the Job's name in a label (`batch.kubernetes.io/job-name`), so it is a label value. */
const LABEL_VALUE_MAX = 63;

/**
 * `<service>-<hash of the Job's spec>`. A Job's pod template is immutable, so a changed task is a
 * new Job: applying it runs the task once more, and an unchanged spec keeps its name, so
 * re-applying the same manifests never runs it again. The hash is over the canonical spec (keys
 * sorted, no undefined), so it is the same on every machine.
 */
export function runOnceJobName(service: string, spec: k8s.JobSpec): string {
  const canonical = canonicalManifest({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: '' }, spec });
  const hash = createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, JOB_HASH_LENGTH);
  const base = service.slice(0, LABEL_VALUE_MAX - JOB_HASH_LENGTH - 1).replace(/-+$/, '');
  return `${base}-${hash}`;
}
