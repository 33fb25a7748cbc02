import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import { KubePodDisruptionBudget } from './kube-objects.ts';
import { objectMeta, type ServiceObjectMeta } from './object-meta.ts';
import { renderSafely } from './unrenderable-keys.ts';

/**
 * Keeps all but one replica running through voluntary disruptions (node drains, upgrades). Only
 * for two replicas or more: with one, any budget would block drains forever.
 */
export function addDisruptionBudget(scope: Construct, meta: ServiceObjectMeta, replicas: number): void {
  if (replicas < 2) return;
  renderSafely({
    metadata: objectMeta(meta),
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...meta.selector } } },
  }, (safe) => new KubePodDisruptionBudget(scope, `${meta.name}#pdb`, safe));
}
