import { mergedNameRecord } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';

/** What every object of one compose service shares: namespace, labels and the pod selector. */
export interface ServiceObjectMeta {
  /** Kubernetes name of the service (workload and Service name). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

export function objectMeta(
  meta: ServiceObjectMeta,
  name: string = meta.name,
  annotations?: Readonly<Record<string, string>>,
): k8s.ObjectMeta & { name: string } {
  const hasAnnotations = annotations !== undefined && Object.keys(annotations).length > 0;
  return {
    name,
    namespace: meta.namespace,
    labels: { ...meta.labels },
    ...(hasAnnotations ? { annotations: mergedNameRecord(annotations) } : {}),
  };
}
