/**
 * `bind.propagation` (and the short syntax's `:rshared`, `:rslave`, …): whether mounts made below a
 * bind mount's target reach the other containers that mount the same folder. buildbarn's FUSE worker
 * (privileged) mounts its build directories below /worker with `propagation: shared`, and its runner
 * sees them through `propagation: slave` on the same host folder; converted without it, the runner
 * saw an empty /worker/build and every action failed (buildbarn/bb-deployments, until 2026-12-07).
 *
 * Kubernetes carries it on a volume mount of the node's storage (a claim, a hostPath):
 * `mountPropagation: Bidirectional` propagates the container's mounts to the node and to every pod on
 * it that mounts the same volume, and the API server takes it only from a privileged container;
 * `HostToContainer` receives them. Its propagation is always recursive (rshared, rslave). A shared
 * mount of a container that is not privileged receives only (said once), and a folder the converter
 * ships as a ConfigMap or Secret, or mounts as an emptyDir, has nothing to propagate (said once). Mounts
 * reach only the pods on the node where they are made: the pods sharing a ReadWriteOnce claim run
 * on one node (claims.ts), a ReadWriteMany class (sharedStorageClass) spreads them.
 */
import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';

const SHARED = new Set(['shared', 'rshared']);
const RECEIVING = new Set(['slave', 'rslave']);

/** The mounts with the `mountPropagation` their compose bind mounts ask for, where a volume of the node's storage can carry it. */
export function withMountPropagation(
  context: ServiceContext,
  mounts: readonly k8s.VolumeMount[],
  volumes: readonly k8s.Volume[],
  privileged: boolean,
): k8s.VolumeMount[] {
  const { service } = context;
  const raw = service.raw['volumes'];
  const wanted = new Map<string, { propagation: string; key: string }>();
  service.volumes.forEach((mount, index) => {
    if (mount.type !== 'bind' || mount.propagation === undefined) return;
    if (!SHARED.has(mount.propagation) && !RECEIVING.has(mount.propagation)) return;
    const written = Array.isArray(raw) && typeof raw[index] === 'string' ? '' : '.bind.propagation';
    wanted.set(mount.target, { propagation: mount.propagation, key: mount.declaredAt ?? `services.${service.name}.volumes.${index}${written}` });
  });
  if (wanted.size === 0) return [...mounts];
  const carried = mounts.map((mount) => {
    const asked = wanted.get(mount.mountPath);
    if (asked === undefined || mount.subPath !== undefined) return mount;
    const volume = volumes.find((candidate) => candidate.name === mount.name);
    if (volume?.persistentVolumeClaim === undefined && volume?.hostPath === undefined) return mount;
    wanted.delete(mount.mountPath);
    if (RECEIVING.has(asked.propagation)) return { ...mount, mountPropagation: 'HostToContainer' as const };
    if (privileged) return { ...mount, mountPropagation: 'Bidirectional' as const };
    context.warn(
      `bind.propagation ${asked.propagation} becomes mountPropagation: HostToContainer, as Kubernetes propagates a container's own mounts out (Bidirectional) only from a privileged container: mounts this container makes below ${mount.mountPath} stay in it (set privileged: true to propagate them)`,
      asked.key,
    );
    return { ...mount, mountPropagation: 'HostToContainer' as const };
  });
  // The folder became the project's files (a ConfigMap or Secret), an emptyDir, or nothing.
  for (const [target, asked] of wanted) {
    context.warn(`bind.propagation ${asked.propagation} is not translated: ${target} is not mounted from a claim or hostPath of the node's storage (its files are shipped as a ConfigMap or Secret, it is an emptyDir, or it is not mounted), which holds no mounts of the host to propagate`, asked.key);
  }
  return carried;
}
