import type * as k8s from '../plan/api-types.ts';
import type { BindMount, HostFile, HostPath, NamedVolumeMount, ServiceVolume, Volume } from '../../compose/model.ts';
import type { ClaimPayload, ConfigMapPayload, ObjectReference, OwnedSecretPayload, ServiceContext, SharedClaimPayload } from '../plan/context.ts';
import { projectLabels, serviceLabels } from '../names/labels.ts';
import { ScopedNames, type NameOwner } from '../names/name-registry.ts';
import { baseName, dataKey, dnsLabel } from '../names/object-names.ts';
import { memoryText } from '../plan/quantities.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { own } from '../plan/own.ts';
import type { PodVolumes } from './pod-volumes.ts';
import { holdsData, isConfigFileName, projectPath, isEmptyDirectory, isScratchTarget, looksLikeFile, sourceCodeReason } from './bind-kinds.ts';
import { claimSettings, claimSpec, claimVolume, colocation, NODE_GROUP_LABEL, sharedClaimSettings, type Colocation } from './claims.ts';
import { holdsSecretMaterial } from './file-secrecy.ts';
import { servicesBindingSource, servicesUsingVolume } from './mount-index.ts';
import { outsidePathDecision } from './outside-paths.ts';
import { configMapData, seedContainer, volumeItems, type KeyToPath, type ShippedFile } from './shipped-files.ts';
import { tmpfsSizeLimit, isTmpfsVolume } from './tmpfs-volumes.ts';

export interface ServiceStorage extends PodVolumes {
  /** Claims a StatefulSet creates per replica (named volumes of a stateful service). */
  readonly volumeClaimTemplates: readonly ClaimPayload[];
  /** Shared claims to create (named volumes of Deployments and DaemonSets, external volumes). */
  readonly persistentVolumeClaims: readonly SharedClaimPayload[];
  /** ConfigMaps holding bind-mounted files. */
  readonly configMaps: readonly ConfigMapPayload[];
  /** Secrets holding bind-mounted files that hold secret material (keys, certificates, credentials). */
  readonly secrets: readonly OwnedSecretPayload[];
  /** Claims of existing external volumes, and the Secrets and ConfigMaps of files the project does not have. */
  readonly references: readonly ObjectReference[];
  /** Containers that copy project files into writable volumes before the service starts. */
  readonly initContainers: readonly k8s.Container[];
  /** Set when the pod shares a ReadWriteOnce claim: it runs on the node of the pods it shares with. */
  readonly colocation?: Colocation;
}

/** Kubernetes' limit on ConfigMap and Secret keys. */
const MAX_KEY_LENGTH = 253;
/** ConfigMaps and Secrets are limited to 1 MiB; keep room for metadata and base64 growth. */
const MAX_SHIPPED_BYTES = 700 * 1024;
const SOCKET = /\.sock$/;
/** What Argo CD, Flux and Helm read to never prune or delete an object they applied. */
const KEEP_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'helm.sh/resource-policy': 'keep',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

/** Pod volumes and mounts for the service's `volumes:` (named, bind, tmpfs). */
export function storageFor(context: ServiceContext): ServiceStorage {
  const storage = new StorageBuilder(context);
  const codeTargets = context.service.volumes.flatMap((mount) =>
    mount.type === 'bind' && sourceCodeReason(context.service, mount, context.project.hostFiles[mount.source]) !== undefined ? [mount.target] : [],
  );
  context.service.volumes.forEach((mount, index) => {
    storage.add(mount, `services.${context.service.name}.volumes.${index}`, codeTargets);
  });
  return storage.result();
}

/** A claim for data: who uses it, what it is called, and who owns the name. */
interface DataClaim {
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

class StorageBuilder {
  private readonly volumes: k8s.Volume[] = [];
  private readonly volumeMounts: k8s.VolumeMount[] = [];
  private readonly templates: ClaimPayload[] = [];
  private readonly claims: SharedClaimPayload[] = [];
  private readonly configMaps: ConfigMapPayload[] = [];
  private readonly secrets: OwnedSecretPayload[] = [];
  private readonly references: ObjectReference[] = [];
  private readonly initContainers: k8s.Container[] = [];
  private readonly volumeNames: ScopedNames;
  private readonly objectNames: ScopedNames;
  private readonly serviceName: string;
  private colocated = false;
  /** The compose key of the mount being added: where a renamed volume or object is reported. */
  private key = '';

  constructor(private readonly context: ServiceContext) {
    this.serviceName = context.names[context.service.name] ?? dnsLabel(context.service.name);
    this.volumeNames = new ScopedNames(`the pod of service '${context.service.name}'`, context.warn);
    this.objectNames = new ScopedNames(`the objects of service '${context.service.name}'`, context.warn);
  }

  add(mount: ServiceVolume, key: string, codeTargets: readonly string[]): void {
    this.key = key;
    switch (mount.type) {
      case 'volume':
        if (mount.source !== undefined) this.addNamedVolume(mount, mount.source, key);
        else this.addAnonymousVolume(mount, key, codeTargets);
        return;
      case 'bind':
        this.addBindMount(mount, key);
        return;
      case 'tmpfs': {
        if (mount.mode !== undefined) this.context.warn('tmpfs mode cannot be set on an emptyDir; the pod fsGroup applies', key);
        const sizeLimit = mount.size === undefined ? {} : { sizeLimit: memoryText(mount.size) };
        this.mount(`tmpfs-${mount.target}`, { emptyDir: { medium: 'Memory', ...sizeLimit } }, mount);
        return;
      }
      default:
        this.context.warn(`'${mount.type}' mounts have no Kubernetes 1.27 equivalent; ${mount.target} is not mounted`, key);
    }
  }

  result(): ServiceStorage {
    return {
      volumes: this.volumes,
      volumeMounts: this.volumeMounts,
      volumeClaimTemplates: this.templates,
      persistentVolumeClaims: this.claims,
      configMaps: this.configMaps,
      secrets: this.secrets,
      references: this.references,
      initContainers: this.initContainers,
      ...(this.colocated ? { colocation: colocation(this.context) } : {}),
    };
  }

  /** Declares a pod volume under a free name, without mounting it in the service's container. */
  private volume(wantedName: string, source: Omit<k8s.Volume, 'name'>, what: string): string {
    const name = this.volumeNames.claim(dnsLabel(wantedName), what, this.key);
    this.volumes.push({ name, ...source });
    return name;
  }

  private mount(
    wantedName: string,
    source: Omit<k8s.Volume, 'name'> | undefined,
    mount: { readonly target: string; readonly readOnly: boolean },
    subPath?: string,
  ): string {
    const name = this.volumeNames.claim(dnsLabel(wantedName), `the volume for ${mount.target}`, this.key);
    if (source) this.volumes.push({ name, ...source });
    this.volumeMounts.push({
      name,
      mountPath: mount.target,
      ...(subPath === undefined ? {} : { subPath }),
      ...(mount.readOnly ? { readOnly: true } : {}),
    });
    return name;
  }

  private addNamedVolume(mount: NamedVolumeMount, source: string, key: string): void {
    const { context } = this;
    const volume = own(context.project.volumes, source);
    const users = servicesUsingVolume(context.project, source);
    if (volume?.external) {
      this.addExternalVolume(mount, source, volume, users, key);
      return;
    }
    if (volume && isTmpfsVolume(volume)) {
      this.addTmpfsVolume(mount, source, volume, users, key);
      return;
    }
    if (context.workload === 'StatefulSet') {
      if (users.length > 1) {
        context.warn(
          `volume '${source}' is also used by ${users.filter((u) => u !== context.service.name).join(', ')}: each StatefulSet replica gets its own claim, so they do not share its data`,
          key,
        );
      }
      const name = this.mount(source, undefined, mount, mount.subpath);
      this.templates.push({ name, spec: claimSpec(claimSettings(context, source, true)) });
      return;
    }
    const owner = { id: `volume:${source}`, what: `volume '${source}'`, key };
    const claim: DataClaim = { volumeName: source, claimName: dnsLabel(source), users, what: `volume '${source}'`, ownClaim: false, labels: projectLabels(context.project.name), owner };
    this.addDataClaim(claim, mount, source, mount.subpath);
  }

  /**
   * External volumes exist on the compose host; on a new cluster nothing creates their claims, so
   * by default the claim is emitted, annotated so that no GitOps tool or Helm ever deletes it.
   */
  private addExternalVolume(mount: NamedVolumeMount, source: string, volume: Volume, users: readonly string[], key: string): void {
    const { context } = this;
    const claimName = dnsLabel(volume.name);
    const first = users[0] === context.service.name;
    const owner = { id: `volume:${source}`, what: `external volume '${source}'`, key };
    if (context.chartOptions.externalVolumes === 'existing') {
      if (first) context.warn(`volume '${source}' is external: the PersistentVolumeClaim '${claimName}' must exist in the namespace (externalVolumes: existing)`, key);
      this.references.push({ kind: 'PersistentVolumeClaim', name: claimName, owner });
      this.mount(source, claimVolume(claimName, mount.readOnly), mount, mount.subpath);
      return;
    }
    if (first) {
      context.warn(
        `volume '${source}' is external: its claim '${claimName}' is emitted so that the stack starts on a new cluster, annotated so that Argo CD, Flux and Helm never prune or delete it; set x-kubernetes externalVolumes: existing if the claim already exists`,
        key,
      );
    }
    const claim: DataClaim = { volumeName: source, claimName, users, what: `volume '${source}'`, ownClaim: false, labels: projectLabels(context.project.name), owner, annotations: KEEP_ANNOTATIONS };
    this.addDataClaim(claim, mount, source, mount.subpath);
  }

  /** A `driver_opts: {type: tmpfs}` volume is memory the pod owns: a memory-backed emptyDir. */
  private addTmpfsVolume(mount: NamedVolumeMount, source: string, volume: Volume, users: readonly string[], key: string): void {
    const { context } = this;
    const sizeLimit = tmpfsSizeLimit(volume, (message) => context.warn(message, `volumes.${source}.driver_opts.o`));
    const others = users.filter((user) => user !== context.service.name);
    if (others.length > 0 && users[0] === context.service.name) {
      context.warn(`volume '${source}' is a tmpfs: each pod gets its own memory-backed emptyDir, so ${users.join(', ')} do not see each other's files`, key);
    }
    this.mount(source, { emptyDir: { medium: 'Memory', ...(sizeLimit === undefined ? {} : { sizeLimit }) } }, mount, mount.subpath);
  }

  private addAnonymousVolume(mount: NamedVolumeMount, key: string, codeTargets: readonly string[]): void {
    if (codeTargets.some((target) => mount.target.startsWith(`${target}/`))) {
      // The anonymous volume only kept the image's copy (e.g. node_modules) visible under a source
      // bind mount; that mount is dropped, so the image's copy is visible as it is.
      this.context.warn(`anonymous volume ${mount.target} only shields image files from a dropped source-code mount; not mounted`, key);
      return;
    }
    this.mount(`scratch-${mount.target}`, { emptyDir: {} }, mount);
  }

  private addBindMount(mount: BindMount, key: string): void {
    const { context } = this;
    const host = context.project.hostFiles[mount.source];
    const code = sourceCodeReason(context.service, mount, host);
    if (code !== undefined) {
      context.warn(`bind mount ${mount.source} is dropped as the service's source code: ${code}; the image carries the code`, key);
      return;
    }
    switch (host?.kind) {
      case 'outside':
        this.addOutsidePath(mount, key);
        return;
      case 'special':
        if (context.options.allowHostPath) this.addHostPath(mount, host, key);
        else context.warn(`${mount.source} is a FIFO, socket or device, which is never read; not mounted (set allowHostPath to mount it from the node)`, key);
        return;
      case 'too-large':
        context.warn(`${mount.source} is larger than a ConfigMap can hold; not mounted: put it in the image or in a volume`, key);
        return;
      case 'file':
        if (host.size <= MAX_SHIPPED_BYTES) this.addFile(mount, host, key);
        else context.warn(`${mount.source} is larger than a ConfigMap can hold; not mounted: put it in the image or in a volume`, key);
        return;
      case 'directory': {
        const size = Object.values(host.entries).reduce((total, file) => total + file.size, 0);
        if (host.tooLarge || size > MAX_SHIPPED_BYTES) this.addHostData(mount, host, key, 'holds more files than a ConfigMap can');
        else if (isEmptyDirectory(host.entries)) this.addHostData(mount, host, key, 'holds no files in the project');
        else if (holdsData(mount, host.entries)) this.addHostData(mount, host, key, 'holds data files');
        else this.addConfigDirectory(mount, host.entries, key);
        return;
      }
      case undefined: {
        const sensitive = isSensitivePath(mount.source);
        if (!context.options.allowHostPath && !SOCKET.test(mount.source) && (sensitive || isConfigFileName(mount.source))) this.referenceMissing(mount, key, sensitive, 'does not exist at conversion time');
        else this.addHostData(mount, undefined, key, 'does not exist at conversion time');
      }
    }
  }

  /** Paths outside the project are never read: a hostPath by opt-in, else what `outsidePathDecision` says. */
  private addOutsidePath(mount: BindMount, key: string): void {
    const { context } = this;
    if (context.options.allowHostPath) {
      this.addHostPath(mount, undefined, key);
      return;
    }
    const decision = outsidePathDecision(context.service, mount);
    switch (decision.kind) {
      case 'drop':
        context.warn(decision.message, key);
        return;
      case 'object':
        this.referenceMissing(mount, key, decision.secret, 'is outside the project, which is never read');
        return;
      case 'data':
        this.addHostData(mount, undefined, key, 'is outside the project, which is never read');
    }
  }

  private addFile(mount: BindMount, host: HostFile, key: string): void {
    const fileKey = dataKey(baseName(mount.target));
    const name = this.objectName(mount.target);
    const owner = this.bindOwner(mount, key);
    const secret = isSensitivePath(mount.target) || (!host.binary && holdsSecretMaterial(projectPath(this.context.project, mount.source), host.content, this.context.project));
    const file: ShippedFile = { ...host, key: fileKey, path: fileKey };
    if (!secret) {
      this.configMaps.push({ name, ...configMapData([file]), owner });
    } else if (host.binary) {
      this.context.warn(`${mount.source} is a binary secret file: create Secret '${name}' with key '${fileKey}' yourself`, key);
      this.references.push({ kind: 'Secret', name, owner });
    } else {
      this.secrets.push({ name, stringData: { [fileKey]: host.content }, owner });
    }
    this.mountShipped(mount.target, secret, name, volumeItems([file], true), fileKey);
  }

  /**
   * One key per file, nested files included (`sub/a.yaml` as key `sub_a.yaml`, mounted back at its
   * path); file names a key cannot spell (`ä.conf`) get the nearest key, made unique in the object.
   * Read-only, the object is the directory; read-write, its files are copied into an emptyDir.
   */
  private addConfigDirectory(mount: BindMount, entries: Readonly<Record<string, HostFile>>, key: string): void {
    const { context } = this;
    const name = this.objectName(mount.target);
    const keys = new ScopedNames(`${name}`, context.warn, MAX_KEY_LENGTH);
    const sorted = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const all: ShippedFile[] = sorted.map(([path, file]) => ({ ...file, path, key: keys.claim(dataKey(path.replaceAll('/', '_')), `the key of ${mount.source}/${path}`, key) }));
    const secret = all.some((file) => !file.binary && holdsSecretMaterial(`${projectPath(context.project, mount.source)}/${file.path}`, file.content, context.project));
    const files = secret ? all.filter((file) => !file.binary) : all;
    if (files.length < all.length) context.warn(`binary files of ${mount.source} cannot join its Secret '${name}'; they are not mounted`, key);
    const owner = this.bindOwner(mount, key);
    if (secret) this.secrets.push({ name, stringData: Object.fromEntries(files.map((file) => [file.key, file.content])), owner });
    else this.configMaps.push({ name, ...configMapData(files), owner });
    const items = volumeItems(files);
    if (mount.readOnly) {
      this.mountShipped(mount.target, secret, name, items);
      return;
    }
    const others = servicesBindingSource(context.project, mount.source).filter((user) => user !== context.service.name);
    context.warn(
      `${mount.source} is mounted read-write: its files are copied from ${secret ? 'Secret' : 'ConfigMap'} '${name}' into an emptyDir at every start of the pod, so what the service writes there is not kept${others.length > 0 ? ` nor seen by ${others.join(', ')}` : ''}`,
      key,
    );
    const source = this.volume(`seed-${mount.target}`, shippedSource(secret, name, items), `the files for ${mount.target}`);
    const target = this.mount(mount.target, { emptyDir: {} }, mount);
    this.initContainers.push(seedContainer(dnsLabel(`seed-${target}`), source, target));
  }

  private bindOwner(mount: BindMount, key: string): NameOwner {
    return { id: `bind:${this.context.service.name}:${mount.target}`, what: `bind mount ${mount.source} of service '${this.context.service.name}'`, key };
  }

  private addHostPath(mount: BindMount, host: HostPath | undefined, key: string): void {
    const type = SOCKET.test(mount.source) ? 'Socket' : host?.kind === 'special' ? '' : host?.kind === 'file' ? 'File' : 'DirectoryOrCreate';
    this.context.warn(`${mount.source} is mounted as a hostPath (allowHostPath): the data stays on whichever node runs the pod`, key);
    this.mount(mount.target, { hostPath: { path: mount.source, ...(type === '' ? {} : { type }) } }, mount);
  }

  /** Directories the project does not ship as files hold data: a claim, or a hostPath if allowed. */
  private addHostData(mount: BindMount, host: HostPath | undefined, key: string, why: string): void {
    const { context } = this;
    if (context.options.allowHostPath) {
      this.addHostPath(mount, host, key);
      return;
    }
    if (SOCKET.test(mount.source)) {
      context.warn(`${mount.source} is a host socket; not mounted (set allowHostPath to mount it as a hostPath)`, key);
      return;
    }
    if (context.workload === 'DaemonSet') {
      // One pod per node cannot share a ReadWriteOnce claim, and hostPath would fail Pod Security baseline.
      this.mount(mount.target, { emptyDir: {} }, mount);
      context.warn(`host path ${mount.source} ${why}: each node's pod keeps it in an emptyDir for the pod's lifetime (set allowHostPath to keep it on the node)`, key);
      return;
    }
    if (context.workload === 'StatefulSet') {
      const name = this.mount(mount.target, undefined, mount);
      this.templates.push({ name, spec: claimSpec(claimSettings(context, undefined, true)) });
      context.warn(`host path ${mount.source} ${why}: each replica gets an empty volume claim '${name}' instead; copy the data in`, key);
      return;
    }
    const users = servicesBindingSource(context.project, mount.source);
    const shared = users.length > 1;
    const path = projectPath(context.project, mount.source);
    const claimName = shared ? dnsLabel(`host-${path}`) : this.objectName(mount.target);
    const claim: DataClaim = {
      claimName,
      users,
      what: `host path ${mount.source}`,
      ownClaim: !shared,
      labels: shared ? projectLabels(context.project.name) : serviceLabels(context.project.name, this.serviceName),
      owner: shared ? { id: `host:${mount.source}`, what: `host path ${mount.source}`, key } : this.bindOwner(mount, key),
    };
    if (this.addDataClaim(claim, mount, undefined)) {
      context.warn(`host path ${mount.source} ${why}: mounted from a new, empty PersistentVolumeClaim '${claimName}'; copy the data in`, key);
    }
  }

  /**
   * Mounts a claim for data. A cache or log directory only this service mounts is an emptyDir per
   * pod (the README's rule); a claim several pods mount read-write is ReadWriteMany with
   * `sharedStorageClass`, else ReadWriteOnce with the pods kept on one node, said once per volume.
   * Returns whether a claim was mounted.
   */
  private addDataClaim(claim: DataClaim, mount: { readonly target: string; readonly readOnly: boolean }, volumeName: string | undefined, subPath?: string): boolean {
    const { context } = this;
    const others = claim.users.filter((user) => user !== context.service.name);
    const replicas = context.options.replicas ?? context.service.deploy.replicas ?? 1;
    const explicit = claim.volumeName !== undefined && own(context.chartOptions.volumes, claim.volumeName) !== undefined;
    if (others.length === 0 && replicas > 1 && !mount.readOnly && !explicit && isScratchTarget(mount.target) && claim.annotations === undefined) {
      context.warn(
        `${claim.what} at ${mount.target} is a cache or log directory of this service alone: each of its ${replicas} pods keeps its own in an emptyDir for the pod's lifetime (README: per-pod caches and logs)`,
        this.key,
      );
      this.mount(volumeName ?? mount.target, { emptyDir: {} }, mount, subPath);
      return false;
    }
    let settings = claimSettings(context, claim.volumeName, claim.ownClaim);
    const sharers = [...(context.workload === 'DaemonSet' ? ['one pod per node'] : replicas > 1 ? [`${replicas} replicas`] : []), ...others];
    // Readers count too: a ReadWriteOnce claim is mounted on one node, whoever writes.
    if (sharers.length > 0) {
      const sharing = sharedClaimSettings(context, claim.volumeName, settings);
      settings = sharing.settings;
      if (sharing.by === 'node') this.shareOnOneNode(claim, sharers);
    }
    this.mount(volumeName ?? mount.target, claimVolume(claim.claimName, mount.readOnly), mount, subPath);
    this.claims.push({ name: claim.claimName, spec: claimSpec(settings), labels: claim.labels, owner: claim.owner, ...(claim.annotations ? { annotations: claim.annotations } : {}) });
    return true;
  }

  private shareOnOneNode(claim: DataClaim, sharers: readonly string[]): void {
    const { context } = this;
    if (context.workload === 'DaemonSet') {
      context.warn(`${claim.what} is ReadWriteOnce but mounted by one pod per node: pods on other nodes cannot mount it; set x-kubernetes sharedStorageClass to a class that serves ReadWriteMany`, this.key);
      return;
    }
    if (context.service.deploy.placement.maxReplicasPerNode === 1 && (context.options.replicas ?? context.service.deploy.replicas ?? 1) > 1) {
      // Its replicas must be on different nodes, which one ReadWriteOnce volume cannot reach.
      context.warn(`${claim.what} is ReadWriteOnce, but max_replicas_per_node: 1 puts the replicas on different nodes, where it cannot be mounted; set x-kubernetes sharedStorageClass to a class that serves ReadWriteMany`, this.key);
      return;
    }
    this.colocated = true;
    // One warning per volume: from its first user, or from the replicated service that alone uses it.
    if (claim.users.length > 1 && claim.users[0] !== context.service.name) return;
    context.warn(
      `${claim.what} is shared read-write (${claim.users.length > 1 ? claim.users.join(', ') : sharers.join(', ')}): its claim '${claim.claimName}' is ReadWriteOnce, which a managed cluster's default StorageClass serves, so the pods sharing it run on one node (required pod affinity on ${NODE_GROUP_LABEL}); set x-kubernetes sharedStorageClass to a StorageClass that serves ReadWriteMany to spread them`,
      this.key,
    );
  }

  /**
   * Files the project does not have (e.g. `/etc/certs` on the production host, or a config file not
   * checked in) are expected in a Secret (keys, certificates) or ConfigMap the operator creates from
   * them, named after the host path so that services sharing it share the object; an empty claim
   * would not help, and mounted at a file path it would even hide the file.
   */
  private referenceMissing(mount: BindMount, key: string, secret: boolean, why: string): void {
    const { project } = this.context;
    const path = projectPath(project, mount.source);
    const name = dnsLabel(path);
    const isFile = looksLikeFile(mount.source);
    const fileKey = dataKey(baseName(mount.target));
    const kind = secret ? 'secret generic' : 'configmap';
    this.context.warn(
      `${mount.source} ${why}: create ${secret ? 'Secret' : 'ConfigMap'} '${name}' from it (kubectl create ${kind} ${name} --from-file=${isFile ? `${fileKey}=` : ''}${path})`,
      key,
    );
    this.references.push({ kind: secret ? 'Secret' : 'ConfigMap', name, owner: { id: `host:${mount.source}`, what: `the object you create from ${mount.source}`, key } });
    this.mountShipped(mount.target, secret, name, isFile ? [{ key: fileKey, path: fileKey }] : undefined, isFile ? fileKey : undefined);
  }

  /**
   * Mounts a ConfigMap or Secret read-only at `target`: one key as a file (subPath, so the rest of
   * the directory stays visible), or every key as the whole directory.
   */
  private mountShipped(target: string, secret: boolean, name: string, items: readonly KeyToPath[] | undefined, subPath?: string): void {
    this.mount(target, shippedSource(secret, name, items), { target, readOnly: true }, subPath);
  }

  /** `<service>-<target>`: names of the objects that hold one service's files. */
  private objectName(target: string): string {
    return this.objectNames.claim(dnsLabel(`${this.serviceName}-${target}`), `the object for ${target}`, this.key);
  }
}

function shippedSource(secret: boolean, name: string, items: readonly KeyToPath[] | undefined): Omit<k8s.Volume, 'name'> {
  const listed = items === undefined ? {} : { items: [...items] };
  return secret ? { secret: { secretName: name, ...listed } } : { configMap: { name, ...listed } };
}
