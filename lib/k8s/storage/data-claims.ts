/** Data the project does not ship as files: claims (shared on one node, or per pod), hostPaths by opt-in. */
import { isFileInUse } from './folders-in-use.ts';
import type { BindMount, HostPath } from '../../compose/model.ts';
import type { NameOwner } from '../names/name-registry.ts';
import { projectLabels, serviceLabels } from '../names/labels.ts';
import { dnsLabel } from '../names/object-names.ts';
import { own } from '../plan/own.ts';
import { isScratchTarget } from './bind-kinds.ts';
import { hostPathLabel } from './host-source-names.ts';
import { claimSettings, claimSpec, NODE_GROUP_LABEL, sharedClaimSettings } from './claims.ts';
import { SOCKET } from './host-data.ts';
import { treeFolderOf } from './host-trees.ts';
import { userOf } from './mount-index.ts';
import type { PodStorage } from './pod-storage.ts';
import { seedContainer } from './shipped-files.ts';

/** A claim for data: who uses it, what it is called, and who owns the name. */
export interface DataClaim {
  readonly volumeName?: string;
  readonly claimName: string;
  /** Compose names of every service mounting it (this one included), sorted. */
  readonly users: readonly string[];
  readonly what: string;
  /** A claim of this service alone: the service's `storage` options apply. */
  readonly ownClaim: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly owner: NameOwner;
  readonly annotations?: Readonly<Record<string, string>>;
}

export function addHostPath(storage: PodStorage, mount: BindMount, host: HostPath | undefined, key: string): string {
  const type = SOCKET.test(mount.source) ? 'Socket' : host?.kind === 'special' ? '' : host?.kind === 'file' ? 'File' : 'DirectoryOrCreate';
  storage.context.warn(`${mount.source} is mounted as a hostPath (allowHostPath): the data stays on whichever node runs the pod`, key);
  return storage.mount(mount.target, { hostPath: { path: mount.source, ...(type === '' ? {} : { type }) } }, mount);
}

/** Project files that fill the data volume of a mount: the object holding them and the pod volume showing it. */
export interface Seed {
  /** The `<service>-<target>` name the mount took for its object, which its own claim shares. */
  readonly name: string;
  /** The pod volume of the ConfigMap or Secret. */
  readonly volume: string;
  /** `ConfigMap 'db-data'`, as messages name it. */
  readonly what: string;
}

/**
 * Directories the project does not ship as files hold data: a claim, or a hostPath if allowed.
 * With a seed, the project's files fill the volume while it is empty.
 */
export function addHostData(storage: PodStorage, mount: BindMount, host: HostPath | undefined, key: string, why: string, seed?: Seed): void {
  const { context } = storage;
  const fill = (volume: string, subPath?: string): void => {
    if (seed) storage.initContainers.push(seedContainer(dnsLabel(`seed-${mount.target}`), seed.volume, volume, { whileEmpty: true, ...(subPath === undefined ? {} : { subPath }) }));
  };
  const filled = seed === undefined ? '; copy the data in' : `, which an init container fills from ${seed.what} only while the claim holds no file (its first start), so what the service writes there is kept`;
  if (context.options.allowHostPath) {
    fill(addHostPath(storage, mount, host, key));
    return;
  }
  if (SOCKET.test(mount.source)) {
    context.warn(`${mount.source} is a host socket; not mounted (set allowHostPath to mount it as a hostPath)`, key);
    return;
  }
  if (context.workload === 'DaemonSet') {
    // One pod per node cannot share a ReadWriteOnce claim, and hostPath would fail Pod Security baseline.
    fill(storage.mount(mount.target, { emptyDir: {} }, mount));
    context.warn(`host path ${mount.source} ${why}: each node's pod keeps it in an emptyDir for the pod's lifetime${seed ? `, filled from ${seed.what} at its start` : ''} (set allowHostPath to keep it on the node)`, key);
    return;
  }
  const tree = treeFolderOf(context.project, mount.source);
  const { users } = tree;
  // A host folder of the project's tree: named after it, whoever mounts which of its folders.
  const shared = users.length > 1 || tree.folders > 1;
  if (context.workload === 'StatefulSet' && !shared) {
    // Only its own data is per replica: what other services bind too must be the files they see.
    const name = storage.mount(mount.target, undefined, mount);
    storage.templates.push({ name, spec: claimSpec(claimSettings(context, undefined, true)) });
    fill(name);
    context.warn(`host path ${mount.source} ${why}: each replica gets ${seed ? 'a new' : 'an empty'} volume claim '${name}' instead${filled}`, key);
    return;
  }
  const claimName = shared ? hostPathLabel(context.project, tree.root, 'host-') : (seed?.name ?? storage.objectName(mount.target));
  const claim: DataClaim = {
    claimName,
    users,
    what: `host path ${tree.root}`,
    ownClaim: !shared,
    labels: shared ? projectLabels(context.project.name) : serviceLabels(context.project.name, storage.serviceName),
    owner: shared ? { id: `host:${tree.root}`, what: `host path ${tree.root}`, key } : storage.bindOwner(mount, key),
  };
  // Said once per claim: by its first user's first mount of it.
  const announce = !storage.mountsClaim(claim) && users[0] === userOf(context);
  const file = isFileInUse(context.project, mount.source);
  const nested = tree.subPath === undefined ? '' : ` at its ${file ? 'file' : 'folder'} '${tree.subPath}' (the claim holds ${tree.root}, which ${users.join(', ')} bind${users.length > 1 ? '' : 's'})`;
  const mounted = addDataClaim(storage, claim, mount, undefined, tree.subPath);
  fill(mounted.volume, tree.subPath);
  if (!mounted.claim) return;
  if (announce) {
    context.warn(`host path ${mount.source} ${why}: mounted from a new${seed ? '' : ', empty'} PersistentVolumeClaim '${claimName}'${nested}${filled}`, key);
  } else if (nested !== '' || seed) {
    // A file the project does not have says why it is the claim's (written there at run time).
    const missingFile = host === undefined && file && tree.subPath !== undefined ? ` ${why}: it` : '';
    context.warn(`host path ${mount.source}${missingFile} is mounted from PersistentVolumeClaim '${claimName}'${nested}${seed ? filled : ', so it shows the same files as in compose'}`, key);
  }
}

/**
 * Mounts a claim for data. A cache or log directory only this service mounts is an emptyDir per
 * pod (the README's rule); a claim several pods mount read-write is ReadWriteMany with
 * `sharedStorageClass`, else ReadWriteOnce with the pods kept on one node, said once per volume.
 * Returns the pod volume mounted, and whether it is the claim (not a per-pod emptyDir).
 */
export function addDataClaim(
  storage: PodStorage,
  claim: DataClaim,
  mount: { readonly target: string; readonly readOnly: boolean },
  volumeName: string | undefined,
  subPath?: string,
): { readonly volume: string; readonly claim: boolean } {
  const { context } = storage;
  const others = claim.users.filter((user) => user !== userOf(context));
  const replicas = context.options.replicas ?? context.service.deploy.replicas ?? 1;
  const explicit = claim.volumeName !== undefined && own(context.chartOptions.volumes, claim.volumeName) !== undefined;
  if (others.length === 0 && replicas > 1 && !mount.readOnly && !explicit && isScratchTarget(mount.target) && claim.annotations === undefined) {
    context.warn(
      `${claim.what} at ${mount.target} is a cache or log directory of this service alone: each of its ${replicas} pods keeps its own in an emptyDir for the pod's lifetime (README: per-pod caches and logs)`,
      storage.key,
    );
    return { volume: storage.mount(volumeName ?? mount.target, { emptyDir: {} }, mount, subPath), claim: false };
  }
  if (storage.mountsClaim(claim)) {
    // Another folder of a claim the pod mounts: how it is shared was decided at its first mount.
    return { volume: storage.mountClaim(claim, volumeName ?? mount.target, mount, subPath), claim: true };
  }
  let settings = claimSettings(context, claim.volumeName, claim.ownClaim);
  const sharers = [...(context.workload === 'DaemonSet' ? ['one pod per node'] : replicas > 1 ? [`${replicas} replicas`] : []), ...others];
  // Readers count too: a ReadWriteOnce claim is mounted on one node, whoever writes.
  if (sharers.length > 0) {
    const sharing = sharedClaimSettings(context, claim.volumeName, settings);
    settings = sharing.settings;
    if (sharing.by === 'node') shareOnOneNode(storage, claim, sharers);
  }
  const volume = storage.mountClaim(claim, volumeName ?? mount.target, mount, subPath);
  storage.claims.push({ name: claim.claimName, spec: claimSpec(settings), labels: claim.labels, owner: claim.owner, ...(claim.annotations ? { annotations: claim.annotations } : {}) });
  return { volume, claim: true };
}

function shareOnOneNode(storage: PodStorage, claim: DataClaim, sharers: readonly string[]): void {
  const { context } = storage;
  if (context.workload === 'DaemonSet') {
    context.warn(`${claim.what} is ReadWriteOnce but mounted by one pod per node: pods on other nodes cannot mount it; set x-kubernetes sharedStorageClass to a class that serves ReadWriteMany`, storage.key);
    return;
  }
  if (context.service.deploy.placement.maxReplicasPerNode === 1 && (context.options.replicas ?? context.service.deploy.replicas ?? 1) > 1) {
    // Its replicas must be on different nodes, which one ReadWriteOnce volume cannot reach.
    context.warn(`${claim.what} is ReadWriteOnce, but max_replicas_per_node: 1 puts the replicas on different nodes, where it cannot be mounted; set x-kubernetes sharedStorageClass to a class that serves ReadWriteMany`, storage.key);
    return;
  }
  storage.colocated = true;
  // One warning per volume: from its first user, or from the replicated service that alone uses it.
  // Not "read-write": a claim all of them mount read-only (tt-rss's ./config.d) is kept on one node too.
  if (claim.users.length > 1 && claim.users[0] !== userOf(context)) return;
  context.warn(
    `${claim.what} is shared (${claim.users.length > 1 ? claim.users.join(', ') : sharers.join(', ')}): its claim '${claim.claimName}' is ReadWriteOnce, which a managed cluster's default StorageClass serves, so the pods sharing it run on one node (required pod affinity on ${NODE_GROUP_LABEL}); set x-kubernetes sharedStorageClass to a StorageClass that serves ReadWriteMany to spread them`,
    storage.key,
  );
}
