import type { k8s } from '../../imports/k8s.ts';
import { UniqueNames } from './object-names.ts';

/**
 * The volumes of one pod, shared with the `service_completed_successfully` dependencies it runs
 * as init containers: a dependency's container needs the volumes it mounts in its own pod.
 */
export class DependencyVolumes {
  private readonly all: k8s.Volume[];
  private readonly names = new UniqueNames();

  constructor(own: readonly k8s.Volume[]) {
    this.all = [...own];
    for (const volume of own) this.names.claim(volume.name);
  }

  get volumes(): readonly k8s.Volume[] {
    return this.all;
  }

  /**
   * The dependency's container with its mounts pointing into this pod: an identical volume is
   * shared, another one of the same name is added under a free name. Undefined when the
   * container mounts a volume its pod spec does not define (a StatefulSet's claim template).
   */
  adopt(dependency: k8s.PodSpec): k8s.Container | undefined {
    const [container] = dependency.containers;
    if (!container) return undefined;
    const mounted = [...new Set((container.volumeMounts ?? []).map((mount) => mount.name))];
    const sources = mounted.map((name) => dependency.volumes?.find((volume) => volume.name === name));
    if (sources.some((volume) => volume === undefined)) return undefined;
    const renamed = new Map<string, string>();
    for (const volume of sources as k8s.Volume[]) {
      const same = this.all.find((own) => own.name === volume.name && JSON.stringify(own) === JSON.stringify(volume));
      if (same) continue;
      const name = this.names.claim(volume.name);
      this.all.push({ ...volume, name });
      renamed.set(volume.name, name);
    }
    const volumeMounts = container.volumeMounts?.map((mount) => ({ ...mount, name: renamed.get(mount.name) ?? mount.name }));
    return { ...container, ...(volumeMounts ? { volumeMounts } : {}) };
  }
}
