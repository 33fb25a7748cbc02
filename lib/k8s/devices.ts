import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';

export interface DeviceAccess {
  /** Extended resources to request and limit, e.g. `{ 'squat.ai/serial': 1 }`. */
  readonly extendedResources: Readonly<Record<string, number>>;
  /** Supplemental groups the container needs for the devices (e.g. dialout = 20). */
  readonly supplementalGroups: readonly number[];
  /** Only with an explicit opt-in: privileged mode or hostPath device volumes. */
  readonly privileged: boolean;
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
}

/** How the container reaches the host devices listed in `devices:`. */
export function devicesFor(_context: ServiceContext): DeviceAccess {
  return { extendedResources: {}, supplementalGroups: [], privileged: false, volumes: [], volumeMounts: [] };
}
