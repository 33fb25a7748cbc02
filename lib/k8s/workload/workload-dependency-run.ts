import type * as k8s from '../plan/api-types.ts';
import type { PodVolumeSet } from '../storage/pod-volumes.ts';

/**
 * The container of a `service_completed_successfully` dependency, run as an init container of the
 * dependent pod: its volumes join the pod's (`volumes`), its mounts point at the names they got
 * there. Undefined when the container mounts a volume its pod spec does not define (a
 * StatefulSet's claim template).
 */
export function adoptedDependency(volumes: PodVolumeSet, dependency: k8s.PodSpec): k8s.Container | undefined {
  const [container] = dependency.containers;
  if (!container) return undefined;
  const mounted = [...new Set((container.volumeMounts ?? []).map((mount) => mount.name))];
  const sources = mounted.map((name) => dependency.volumes?.find((volume) => volume.name === name));
  if (sources.some((volume) => volume === undefined)) return undefined;
  if (container.volumeMounts === undefined) return container;
  return { ...container, volumeMounts: volumes.add(sources as k8s.Volume[], container.volumeMounts) };
}
