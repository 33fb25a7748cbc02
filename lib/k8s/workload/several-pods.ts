/**
 * Whether more than one pod runs a service, said as a person would. Compose resolves a scaled
 * service's name to every replica, so a choice that makes a name resolve to one pod (its hostname)
 * is right for one pod only.
 */
import type { Service } from '../../compose/model.ts';
import type { ServiceOptions, WorkloadKind } from '../options/options.ts';

/** `3 replicas`, `up to 4 replicas (x-kubernetes.autoscale)`, `one pod per node`; undefined for one pod. */
export function severalPods(service: Service, options: ServiceOptions, workload: WorkloadKind): string | undefined {
  if (workload === 'DaemonSet') return 'one pod per node';
  const max = options.autoscale?.max;
  if (max !== undefined && max > 1) return `up to ${max} replicas (x-kubernetes.autoscale)`;
  const replicas = options.replicas ?? service.deploy.replicas ?? 1;
  return replicas > 1 ? `${replicas} replicas` : undefined;
}
