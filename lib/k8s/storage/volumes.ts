import { relative } from 'node:path';
import type * as k8s from '../plan/api-types.ts';
import type { BindMount, ComposeProject, HostPath, NamedVolumeMount, Service, ServiceVolume } from '../../compose/model.ts';
import type { ClaimPayload, ConfigMapPayload, ObjectReference, OwnedSecretPayload, ServiceContext, SharedClaimPayload } from '../plan/context.ts';
import { MANAGED_BY, serviceLabels } from '../names/labels.ts';
import { ScopedNames, type NameOwner } from '../names/name-registry.ts';
import { baseName, dataKey, dnsLabel } from '../names/object-names.ts';
import type { AccessMode } from '../options/options.ts';
import { memoryText } from '../plan/quantities.ts';
import { isSensitiveFile, isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { own } from '../plan/own.ts';
import type { PodVolumes } from './pod-volumes.ts';

export interface ServiceStorage extends PodVolumes {
  /** Claims a StatefulSet creates per replica (named volumes of a stateful service). */
  readonly volumeClaimTemplates: readonly ClaimPayload[];
  /** Shared claims to create (named volumes of Deployments and DaemonSets). */
  readonly persistentVolumeClaims: readonly SharedClaimPayload[];
  /** ConfigMaps holding bind-mounted files. */
  readonly configMaps: readonly ConfigMapPayload[];
  /** Secrets holding bind-mounted files that look sensitive (keys, certificates, password files). */
  readonly secrets: readonly OwnedSecretPayload[];
  /** Claims of external volumes, and the Secrets and ConfigMaps of files absent at conversion time. */
  readonly references: readonly ObjectReference[];
}

interface ClaimSettings {
  readonly size: string;
  readonly accessMode: AccessMode;
  readonly storageClass?: string;
}

/** One key of a ConfigMap or Secret volume and the file it appears as. */
interface KeyToPath {
  readonly key: string;
  readonly path: string;
}

/** Kubernetes' limit on ConfigMap and Secret keys. */
const MAX_KEY_LENGTH = 253;
const DEFAULT_VOLUME: ClaimSettings = { size: '1Gi', accessMode: 'ReadWriteOnce' };
/** ConfigMaps and Secrets are limited to 1 MiB; keep room for metadata and base64 growth. */
const MAX_SHIPPED_BYTES = 700 * 1024;
/** Where images conventionally keep their code, the usual target of a live-reload bind mount. */
const APP_DIRECTORIES = new Set(['/app', '/usr/src/app', '/code', '/src', '/var/www/html', '/workspace', '/opt/app', '/home/node/app']);
const CODE_FILE = /\.(py|js|mjs|cjs|ts|tsx|jsx|go|rb|php|java|kt|rs|c|cc|cpp|h|cs|vue|svelte)$|^(package\.json|requirements\.txt|pyproject\.toml|go\.mod|Gemfile|composer\.json|Cargo\.toml|pom\.xml|Dockerfile)$/;
/** Targets where a directory is configuration the image reads, not data it writes. */
const CONFIG_TARGET = /^\/etc\/|conf|provisioning|initdb|init\.d|templates|sites-(enabled|available)/i;
const DATA_TARGET = /(^|\/)(data|db|database|var\/lib|logs?|media|uploads?|storage|backups?|cache|models)(\/|$)/i;
const SOCKET = /\.sock$/;
const DATA_FILE = /\.(log|db|sqlite3?|dat|data)$/i;

/** Pod volumes and mounts for the service's `volumes:` (named, bind, tmpfs). */
export function storageFor(context: ServiceContext): ServiceStorage {
  const storage = new StorageBuilder(context);
  const codeTargets = context.service.volumes.flatMap((mount) =>
    mount.type === 'bind' && isSourceCode(context.service, mount, context.project.hostFiles[mount.source]) ? [mount.target] : [],
  );
  context.service.volumes.forEach((mount, index) => {
    storage.add(mount, `services.${context.service.name}.volumes.${index}`, codeTargets);
  });
  return storage.result();
}

class StorageBuilder {
  private readonly volumes: k8s.Volume[] = [];
  private readonly volumeMounts: k8s.VolumeMount[] = [];
  private readonly templates: ClaimPayload[] = [];
  private readonly claims: SharedClaimPayload[] = [];
  private readonly configMaps: ConfigMapPayload[] = [];
  private readonly secrets: OwnedSecretPayload[] = [];
  private readonly references: ObjectReference[] = [];
  private readonly volumeNames: ScopedNames;
  private readonly objectNames: ScopedNames;
  private readonly serviceName: string;
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
    };
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
    const subPath = mount.subpath;
    if (volume?.external) {
      const claimName = dnsLabel(volume.name);
      context.warn(`volume '${source}' is external: the PersistentVolumeClaim '${claimName}' must exist in the namespace`, key);
      this.references.push({ kind: 'PersistentVolumeClaim', name: claimName, owner: { id: `volume:${source}`, what: `external volume '${source}'`, key } });
      this.mount(source, claimVolume(claimName, mount.readOnly), mount, subPath);
      return;
    }
    this.warnAboutDriver(source, key);
    const users = servicesUsingVolume(context, source);
    if (context.workload === 'StatefulSet') {
      if (users.length > 1) {
        context.warn(
          `volume '${source}' is also used by ${users.filter((u) => u !== context.service.name).join(', ')}: each StatefulSet replica gets its own claim, so they do not share its data`,
          key,
        );
      }
      const settings = this.settings(source, true);
      const name = this.mount(source, undefined, mount, subPath);
      this.templates.push({ name, spec: claimSpec(settings) });
      return;
    }
    const settings = this.settings(source, false);
    const claimName = dnsLabel(source);
    this.warnIfShared(settings, key, `volume '${source}'`, users);
    this.mount(source, claimVolume(claimName, mount.readOnly), mount, subPath);
    const owner = { id: `volume:${source}`, what: `volume '${source}'`, key };
    this.claims.push({ name: claimName, spec: claimSpec(settings), labels: projectLabels(context.project.name), owner });
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
    if (isSourceCode(context.service, mount, host)) {
      context.warn(`bind mount ${mount.source} looks like source code for live reload; dropped (the image carries the code)`, key);
    } else if (host?.kind === 'file' && host.size <= MAX_SHIPPED_BYTES) {
      this.addFile(mount, host, key);
    } else if (host?.kind === 'directory' && isConfigDirectory(mount, host)) {
      this.addConfigDirectory(mount, host.entries, key);
    } else {
      this.addHostData(mount, host, key);
    }
  }

  private addFile(mount: BindMount, host: Extract<HostPath, { kind: 'file' }>, key: string): void {
    const fileKey = dataKey(baseName(mount.target));
    const name = this.objectName(mount.target);
    const owner = this.bindOwner(mount, key);
    const sensitive = isSensitivePath(mount.target) || isSensitiveFile(mount.source, host.content, this.context.project);
    if (!sensitive) {
      this.configMaps.push({
        name,
        data: host.binary ? {} : { [fileKey]: host.content },
        binaryData: host.binary ? { [fileKey]: host.content } : {},
        owner,
      });
    } else if (host.binary) {
      this.context.warn(`${mount.source} is a binary secret file: create Secret '${name}' with key '${fileKey}' yourself`, key);
    } else {
      this.secrets.push({ name, stringData: { [fileKey]: host.content }, owner });
    }
    this.mountShipped(mount.target, sensitive, name, fileKey);
  }

  /**
   * One key per file. File names a key cannot spell (`ä.conf`) get the nearest key (`_.conf`), made
   * unique in the object; the mount then maps every key back to its file name.
   */
  private addConfigDirectory(mount: BindMount, entries: Readonly<Record<string, string>>, key: string): void {
    const name = this.objectName(mount.target);
    const keys = new ScopedNames(`${name}`, this.context.warn, MAX_KEY_LENGTH);
    const files = Object.entries(entries).map(([file, content]) => ({ file, content, key: keys.claim(dataKey(file), `the key of ${mount.source}/${file}`, key) }));
    const data = Object.fromEntries(files.map((entry) => [entry.key, entry.content]));
    const sensitive = files.some(({ file, content }) => isSensitiveFile(`${mount.source}/${file}`, content, this.context.project));
    const owner = this.bindOwner(mount, key);
    if (sensitive) this.secrets.push({ name, stringData: data, owner });
    else this.configMaps.push({ name, data, binaryData: {}, owner });
    const renamed = files.some((entry) => entry.key !== entry.file);
    this.mountShipped(mount.target, sensitive, name, undefined, renamed ? files.map((entry) => ({ key: entry.key, path: entry.file })) : undefined);
  }

  private bindOwner(mount: BindMount, key: string): NameOwner {
    return { id: `bind:${this.context.service.name}:${mount.target}`, what: `bind mount ${mount.source} of service '${this.context.service.name}'`, key };
  }

  /** Host directories (and paths absent at load time) hold data: a claim, or a hostPath if allowed. */
  private addHostData(mount: BindMount, host: HostPath | undefined, key: string): void {
    const { context } = this;
    if (context.options.allowHostPath) {
      const type = SOCKET.test(mount.source) ? 'Socket' : host?.kind === 'file' ? 'File' : 'DirectoryOrCreate';
      context.warn(`${mount.source} is mounted as a hostPath (allowHostPath): the data stays on whichever node runs the pod`, key);
      this.mount(mount.target, { hostPath: { path: mount.source, type } }, mount);
      return;
    }
    if (SOCKET.test(mount.source)) {
      context.warn(`${mount.source} is a host socket; not mounted (set allowHostPath to mount it as a hostPath)`, key);
      return;
    }
    const sensitive = isSensitivePath(mount.source);
    if (host === undefined && (sensitive || isConfigFileName(mount.source))) {
      this.referenceMissing(mount, key, sensitive);
      return;
    }
    const why = host === undefined ? 'does not exist at conversion time' : 'holds data';
    if (context.workload === 'DaemonSet') {
      // One pod per node cannot share a ReadWriteOnce claim, and hostPath would fail Pod Security baseline.
      this.mount(mount.target, { emptyDir: {} }, mount);
      context.warn(`host path ${mount.source} ${why}: each node's pod keeps it in an emptyDir for the pod's lifetime (set allowHostPath to keep it on the node)`, key);
      return;
    }
    if (context.workload === 'StatefulSet') {
      const name = this.mount(mount.target, undefined, mount);
      this.templates.push({ name, spec: claimSpec(this.settings(undefined, true)) });
      context.warn(`host path ${mount.source} ${why}: each replica gets an empty volume claim '${name}' instead; copy the data in`, key);
      return;
    }
    // Services that bind the same host path share its data, so they share one claim.
    const users = servicesBindingSource(context, mount.source);
    const shared = users.length > 1;
    const claimName = shared ? dnsLabel(`host-${relative(context.project.workingDir, mount.source)}`) : this.objectName(mount.target);
    // A host directory bound by several services (or replicas) is one shared file system in compose;
    // only a ReadWriteMany claim keeps that true when the pods land on different nodes.
    const settings = this.settings(undefined, !shared, shared ? 'ReadWriteMany' : undefined);
    const sharing = shared ? ` (ReadWriteMany, shared with ${users.filter((user) => user !== context.service.name).join(', ')}: the StorageClass must support it)` : '';
    context.warn(`host path ${mount.source} ${why}: mounted from a new, empty PersistentVolumeClaim '${claimName}'${sharing}; copy the data in`, key);
    this.warnIfShared(settings, key, `claim '${claimName}'`, users);
    this.mount(mount.target, claimVolume(claimName, mount.readOnly), mount);
    const labels = shared ? projectLabels(context.project.name) : serviceLabels(context.project.name, this.serviceName);
    const owner = shared ? { id: `host:${mount.source}`, what: `host path ${mount.source}`, key } : this.bindOwner(mount, key);
    this.claims.push({ name: claimName, spec: claimSpec(settings), labels, owner });
  }

  /**
   * Files absent at conversion time (e.g. `/etc/certs` on the production host, or a config file not
   * checked in) are expected in a Secret (keys, certificates) or ConfigMap the operator creates from
   * them, named after the host path so that services sharing it share the object; an empty claim
   * would not help, and mounted at a file path it would even hide the file.
   */
  private referenceMissing(mount: BindMount, key: string, secret: boolean): void {
    const name = dnsLabel(relative(this.context.project.workingDir, mount.source));
    const isFile = looksLikeFile(mount.source);
    const fileKey = dataKey(baseName(mount.target));
    const kind = secret ? 'secret generic' : 'configmap';
    this.context.warn(
      `${mount.source} does not exist at conversion time: create ${secret ? 'Secret' : 'ConfigMap'} '${name}' from it (kubectl create ${kind} ${name} --from-file=${isFile ? `${fileKey}=` : ''}${mount.source})`,
      key,
    );
    this.references.push({ kind: secret ? 'Secret' : 'ConfigMap', name, owner: { id: `host:${mount.source}`, what: `the object you create from ${mount.source}`, key } });
    this.mountShipped(mount.target, secret, name, isFile ? fileKey : undefined);
  }

  /**
   * Mounts a ConfigMap or Secret read-only at `target`: one key as a file (subPath, so the rest of
   * the directory stays visible), or every key as the whole directory (`items` when keys and file
   * names differ).
   */
  private mountShipped(target: string, secret: boolean, name: string, fileKey?: string, directoryItems?: readonly KeyToPath[]): void {
    const list = fileKey === undefined ? directoryItems : [{ key: fileKey, path: fileKey }];
    const items = list === undefined ? {} : { items: [...list] };
    const source = secret ? { secret: { secretName: name, ...items } } : { configMap: { name, ...items } };
    this.mount(target, source, { target, readOnly: true }, fileKey);
  }

  /** `<service>-<target>`: names of the objects that hold one service's files. */
  private objectName(target: string): string {
    return this.objectNames.claim(dnsLabel(`${this.serviceName}-${target}`), `the object for ${target}`, this.key);
  }

  /** Defaults < defaultVolume < the service's storage (own claims only) < the volume's options. */
  private settings(volumeName: string | undefined, ownClaim: boolean, accessMode?: AccessMode): ClaimSettings {
    const { chartOptions, options } = this.context;
    const layers = [
      chartOptions.defaultVolume,
      ownClaim ? options.storage : undefined,
      volumeName === undefined ? undefined : own(chartOptions.volumes, volumeName),
    ];
    return layers.reduce<ClaimSettings>(
      (settings, layer) => ({
        size: layer?.size ?? settings.size,
        accessMode: layer?.accessMode ?? settings.accessMode,
        storageClass: layer?.storageClass ?? settings.storageClass,
      }),
      accessMode === undefined ? DEFAULT_VOLUME : { ...DEFAULT_VOLUME, accessMode },
    );
  }

  private warnIfShared(settings: ClaimSettings, key: string, what: string, users: readonly string[]): void {
    const { context } = this;
    if (settings.accessMode !== 'ReadWriteOnce' && settings.accessMode !== 'ReadWriteOncePod') return;
    const replicas = context.options.replicas ?? context.service.deploy.replicas ?? 1;
    const sharers = [
      ...(context.workload === 'DaemonSet' ? ['one pod per node'] : replicas > 1 ? [`${replicas} replicas`] : []),
      ...users.filter((user) => user !== context.service.name),
    ];
    if (sharers.length === 0) return;
    context.warn(
      `${what} is ${settings.accessMode} but shared (${sharers.join(', ')}): pods on other nodes cannot mount it; set accessMode ReadWriteMany in x-kubernetes if the storage class supports it`,
      key,
    );
  }

  /** Driver settings are reported once, at the first service (by name) that uses the volume. */
  private warnAboutDriver(source: string, key: string): void {
    const volume = own(this.context.project.volumes, source);
    if (!volume || servicesUsingVolume(this.context, source)[0] !== this.context.service.name) return;
    if ((volume.driver !== undefined && volume.driver !== 'local') || Object.keys(volume.driverOpts).length > 0) {
      this.context.warn(`volume '${source}' driver settings are not translated; the claim uses a StorageClass instead`, key);
    }
  }
}

function claimSpec(settings: ClaimSettings): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: [settings.accessMode],
    resources: { requests: { storage: settings.size } },
    ...(settings.storageClass === undefined ? {} : { storageClassName: settings.storageClass }),
  };
}

function claimVolume(claimName: string, readOnly: boolean): Omit<k8s.Volume, 'name'> {
  return { persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly: true } : {}) } };
}

function projectLabels(projectName: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': projectName,
    'app.kubernetes.io/part-of': projectName,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/** Compose names of the services that mount the named volume, sorted. */
function servicesUsingVolume(context: ServiceContext, source: string): readonly string[] {
  return mountIndex(context.project).volumeUsers.get(source) ?? [];
}

interface MountIndex {
  /** Named volume → compose names of the services mounting it, sorted. */
  readonly volumeUsers: ReadonlyMap<string, readonly string[]>;
  /** Host path → the services bind-mounting it, with the mount. */
  readonly binds: ReadonlyMap<string, readonly { readonly service: Service; readonly mount: BindMount }[]>;
}

/** Built once per project: looking users up per mount made every service scan all others (issue 7). */
const mountIndexes = new WeakMap<ComposeProject, MountIndex>();

function mountIndex(project: ComposeProject): MountIndex {
  const known = mountIndexes.get(project);
  if (known) return known;
  const volumeUsers = new Map<string, string[]>();
  const binds = new Map<string, { service: Service; mount: BindMount }[]>();
  for (const service of Object.values(project.services)) {
    for (const mount of service.volumes) {
      if (mount.type === 'volume' && mount.source !== undefined) {
        const users = volumeUsers.get(mount.source) ?? [];
        if (!users.includes(service.name)) users.push(service.name);
        volumeUsers.set(mount.source, users);
      } else if (mount.type === 'bind') {
        const users = binds.get(mount.source) ?? [];
        users.push({ service, mount });
        binds.set(mount.source, users);
      }
    }
  }
  for (const users of volumeUsers.values()) users.sort();
  const index = { volumeUsers, binds };
  mountIndexes.set(project, index);
  return index;
}

/** Compose names of the services that bind-mount `source` as data (not as code), sorted. */
function servicesBindingSource(context: ServiceContext, source: string): string[] {
  const { project } = context;
  const users = (mountIndex(project).binds.get(source) ?? [])
    .filter(({ service, mount }) => !isSourceCode(service, mount, project.hostFiles[source]))
    .map(({ service }) => service.name);
  return [...new Set(users)].sort();
}

/**
 * A live-reload mount of the application's code: the build context (or a folder inside it), the
 * image's working directory or conventional code directory, or a folder of source files.
 */
function isSourceCode(service: Service, mount: BindMount, host: HostPath | undefined): boolean {
  if (host?.kind === 'file' || (host === undefined && looksLikeFile(mount.source))) return false;
  // A data target (`./data/server:/data`) holds state even when the build context is the project root.
  if (DATA_TARGET.test(mount.target)) return false;
  const context = service.build?.context;
  if (context !== undefined && (mount.source === context || mount.source.startsWith(`${context}/`))) return true;
  if (mount.target === service.workingDir || APP_DIRECTORIES.has(mount.target.replace(/\/+$/, ''))) return true;
  return host?.kind === 'directory' && Object.keys(host.entries).some((file) => CODE_FILE.test(file));
}

function isConfigDirectory(mount: BindMount, host: Extract<HostPath, { kind: 'directory' }>): boolean {
  const contents = Object.values(host.entries);
  const size = contents.reduce((total, content) => total + Buffer.byteLength(content), 0);
  return (
    contents.length > 0 &&
    size <= MAX_SHIPPED_BYTES &&
    !DATA_TARGET.test(mount.target) &&
    (mount.readOnly || CONFIG_TARGET.test(mount.target))
  );
}

/** A file name with an extension (`nginx.conf`), as opposed to a directory (`conf.d`, `data`). */
function looksLikeFile(path: string): boolean {
  return /\.[a-z0-9]{1,10}$/i.test(baseName(path)) && !/\.d$/i.test(path);
}

/** A file that configures rather than stores: data files (`.db`, `.log`) get a claim instead. */
function isConfigFileName(path: string): boolean {
  return looksLikeFile(path) && !DATA_FILE.test(path);
}
