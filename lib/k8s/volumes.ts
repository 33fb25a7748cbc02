import type { k8s } from '../../imports/k8s.ts';
import type { ClaimPayload, ConfigMapPayload, ServiceContext } from './context.ts';

export interface ServiceStorage {
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** Claims a StatefulSet creates per replica (named volumes of a stateful service). */
  readonly volumeClaimTemplates: readonly ClaimPayload[];
  /** Shared claims to create (named volumes of Deployments and DaemonSets). */
  readonly persistentVolumeClaims: readonly ClaimPayload[];
  /** ConfigMaps holding bind-mounted files and compose `configs:`. */
  readonly configMaps: readonly ConfigMapPayload[];
}

/** Pod volumes and mounts for the service's `volumes:` (named, bind, tmpfs). */
export function storageFor(_context: ServiceContext): ServiceStorage {
  return { volumes: [], volumeMounts: [], volumeClaimTemplates: [], persistentVolumeClaims: [], configMaps: [] };
}
