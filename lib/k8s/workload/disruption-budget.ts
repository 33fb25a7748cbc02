import type * as k8s from '../plan/api-types.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import type { Named } from '../plan/plan.ts';

/**
 * Keeps all but one replica running through voluntary disruptions (node drains, upgrades). Only
 * for two replicas or more: with one, any budget would block drains forever.
 */
export function disruptionBudget(meta: ServiceObjectMeta, replicas: number): Named<k8s.PodDisruptionBudget> | undefined {
  if (replicas < 2) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(meta),
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...meta.selector } } },
  };
}
