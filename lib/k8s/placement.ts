import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';

export interface Placement {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: k8s.Affinity;
  readonly tolerations?: readonly k8s.Toleration[];
}

/** Node selection from `deploy.placement` constraints and preferences. */
export function placementFor(_context: ServiceContext): Placement {
  return {};
}
