import type * as k8s from '../plan/api-types.ts';
import { ScopedNames, type ReportRename } from '../names/name-registry.ts';

/** One rule's pod volumes and the container's mounts of them. */
export interface PodVolumes {
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
}

/**
 * The volumes of one pod, gathered from the rules that each name their own (storage, compose
 * secrets and configs, security, devices, the waits for run-once Jobs). A volume identical to one already
 * there is shared; another one of a taken name is added under a free name (reported), and the
 * mounts of the rule that asked follow it.
 */
export class PodVolumeSet {
  private readonly all: k8s.Volume[] = [];
  private readonly names: ScopedNames;

  constructor(
    scope: string,
    report: ReportRename,
    private readonly key: string,
  ) {
    this.names = new ScopedNames(scope, report);
  }

  get volumes(): readonly k8s.Volume[] {
    return this.all;
  }

  /**
   * Adds one rule's volumes; returns its mounts pointing at the names the volumes got. Mounts of
   * volumes the rule does not define (a StatefulSet's claim templates) keep their names, which are
   * taken as well.
   */
  add(volumes: readonly k8s.Volume[], mounts: readonly k8s.VolumeMount[]): k8s.VolumeMount[] {
    const renamed = new Map<string, string>();
    for (const volume of volumes) {
      if (this.all.some((own) => own.name === volume.name && JSON.stringify(own) === JSON.stringify(volume))) continue;
      const name = this.names.claim(volume.name, `volume '${volume.name}'`, this.key);
      this.all.push(name === volume.name ? volume : { ...volume, name });
      if (name !== volume.name) renamed.set(volume.name, name);
    }
    const defined = new Set(volumes.map((volume) => volume.name));
    for (const mount of mounts) if (!defined.has(mount.name) && !this.names.has(mount.name)) this.names.claim(mount.name, `volume '${mount.name}'`, this.key);
    return mounts.map((mount) => {
      const name = renamed.get(mount.name);
      return name === undefined ? mount : { ...mount, name };
    });
  }
}
