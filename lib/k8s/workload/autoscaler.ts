import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { EXTENSION_KEY } from '../options/options-validation.ts';
import type { Named } from '../plan/plan.ts';
import type { PodTemplate } from './workload-pod.ts';
import type { WorkloadManifest } from './workload.ts';

export interface AutoscalerProps {
  readonly context: ServiceContext;
  readonly meta: ServiceObjectMeta;
  /** The workload the autoscaler scales. */
  readonly target: { readonly kind: string; readonly name: string };
  readonly template: PodTemplate;
  /** The replicas the service asks for (deploy.replicas or the replicas option). */
  readonly replicas: number;
}

/**
 * `x-kubernetes.autoscale` as an autoscaling/v2 HorizontalPodAutoscaler. CPU is kept as a share of
 * the pods' CPU request, which the controller cannot compute for a pod with a container that
 * requests none; memory as an average amount per pod, which needs no request.
 */
export function horizontalAutoscaler(props: AutoscalerProps): Named<k8s.HorizontalPodAutoscaler> | undefined {
  const { context, meta, target, template, replicas } = props;
  const autoscale = context.options.autoscale;
  if (autoscale === undefined) return undefined;
  const key = `services.${context.service.name}.${EXTENSION_KEY}.autoscale`;
  if (target.kind !== 'Deployment' && target.kind !== 'StatefulSet') {
    context.warn(`a ${target.kind} cannot be autoscaled; no HorizontalPodAutoscaler is written`, key);
    return undefined;
  }
  if (autoscale.max === undefined) {
    context.warn('autoscale needs max (the most replicas); no HorizontalPodAutoscaler is written', key);
    return undefined;
  }
  const min = autoscale.min ?? Math.max(1, replicas);
  if (min > autoscale.max) {
    context.warn(`autoscale min ${min}${autoscale.min === undefined ? ' (the replicas the service asks for)' : ''} is above max ${autoscale.max}; no HorizontalPodAutoscaler is written`, key);
    return undefined;
  }
  const metrics: k8s.MetricSpec[] = [];
  // Kubernetes' own default when no metric is named, written out so the output says what happens.
  const cpu = autoscale.cpu ?? (autoscale.memory === undefined ? DEFAULT_CPU_PERCENT : undefined);
  if (autoscale.cpu === undefined && cpu !== undefined) {
    context.warn(`autoscale names no metric; the pods are scaled to keep ${cpu}% of their CPU request, Kubernetes' default`, key);
  }
  if (cpu !== undefined) {
    const unrequested = template.spec.containers.filter((container) => container.resources?.requests?.['cpu'] === undefined).map((container) => container.name);
    if (unrequested.length > 0) {
      context.warn(
        `autoscaling on CPU needs a CPU request in every container, which ${unrequested.join(', ')} lacks: set deploy.resources.reservations.cpus or x-kubernetes.resources.requests.cpu`,
        key,
      );
    }
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  }
  if (autoscale.memory !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: autoscale.memory } } });
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta(meta),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.name },
      minReplicas: min,
      maxReplicas: autoscale.max,
      metrics,
    },
  };
}

const DEFAULT_CPU_PERCENT = 80;

/**
 * The workload an autoscaler scales, without `spec.replicas`: written, every apply (a GitOps sync,
 * `kubectl apply` again) would set the replicas back to it, under the autoscaler that raised them,
 * and the pods it started would be stopped (Kubernetes' advice: leave replicas to the autoscaler).
 * The autoscaler's minReplicas is the count compose asks for.
 */
export function leftToAutoscaler(workload: WorkloadManifest): WorkloadManifest {
  if (workload.spec === undefined || !('replicas' in workload.spec)) return workload;
  const { replicas: _scaledByTheAutoscaler, ...spec } = workload.spec;
  return { ...workload, spec } as WorkloadManifest;
}
