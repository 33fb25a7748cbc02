import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';

/** Requests and limits for the service's container (every container gets both). */
export function resourcesFor(_context: ServiceContext): k8s.ResourceRequirements {
  return {};
}
