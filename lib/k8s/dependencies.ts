import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';

/** Init containers that keep `depends_on` start order. */
export function initContainersFor(_context: ServiceContext): k8s.Container[] {
  return [];
}
