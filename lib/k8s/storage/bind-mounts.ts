import { nameRecordOf } from '../../name-records.ts';
/** Bind mounts: project files shipped as ConfigMaps and Secrets, source code, paths outside the project. */
import { isConfigFileInUse, isFileInUse } from './folders-in-use.ts';
import type { BindMount, HostFile } from '../../compose/model.ts';
import { ScopedNames } from '../names/name-registry.ts';
import { baseName, dataKey, dnsLabel } from '../names/object-names.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { namedDatabase, sourceCodeReason, writesData } from './bind-kinds.ts';
import { hostPathLabel, projectPath } from './host-source-names.ts';
import { addHostData, addHostPath } from './data-claims.ts';
import { writtenAsWritable } from './secret-folder-writers.ts';
import { directoryDataReason, expectsObject, MAX_SHIPPED_BYTES, MISSING_REASON, OUTSIDE_REASON, outsideObjectWriters, writtenFolderAbove, writtenFolderReason } from './host-data.ts';
import { holdsSecretMaterial } from './file-secrecy.ts';
import { servicesBindingSource } from './mount-index.ts';
import { isImageDataPath, outsidePathDecision } from './outside-paths.ts';
import { shippedSource, type PodStorage } from './pod-storage.ts';
import { taskWrittenFile, taskWrittenFolder } from './task-written-folders.ts';
import { configMapData, EXECUTABLE_MODE, seedContainer, volumeItems, type ShippedFile } from './shipped-files.ts';
import { startsFileAt } from './started-files.ts';
import { dataFolderNamerOf } from './named-data-folders.ts';
import { claimShowingFile } from './claim-shown-files.ts';
import { commandLinePath } from '../plan/to-create.ts';

/** Kubernetes' limit on ConfigMap and Secret keys. */
const MAX_KEY_LENGTH = 253;

export function addBindMount(storage: PodStorage, mount: BindMount, key: string): void {
  const { context } = storage;
  const host = context.project.hostFiles[mount.source];
  const code = sourceCodeReason(context.service, mount, host, context.project.hostFiles, context.project.services);
  if (code !== undefined) {
    context.warn(`bind mount ${mount.source} is dropped as the service's source code: ${code}; the image carries the code`, key);
    return;
  }
  switch (host?.kind) {
    case 'outside':
      addOutsidePath(storage, mount, key);
      return;
    case 'special':
      if (context.options.allowHostPath) addHostPath(storage, mount, host, key);
      else context.warn(`${mount.source} is a FIFO, socket or device, which is never read; not mounted (set allowHostPath to mount it from the node)`, key);
      return;
    case 'too-large':
      context.warn(`${mount.source} is larger than a ConfigMap can hold; not mounted: put it in the image or in a volume`, key);
      return;
    case 'file': {
      const folder = claimShowingFile(context.project, context.service, mount);
      if (folder !== undefined) {
        context.warn(
          `${mount.source} is not mounted on its own: the service mounts ${folder.source} at ${folder.target}, whose claim shows this file at ${mount.target}, as the host does in compose (the same file), with what the stack writes to it${mount.readOnly && !folder.readOnly ? '; writable there, not read-only' : ''}`,
          key,
        );
        return;
      }
      const written = taskWrittenFile(context.project, context.service, mount.source);
      if (written !== undefined) {
        // What a task it waits for writes there: the folder's claim shows the task's file.
        addHostData(storage, mount, host, key, `is written by ${written.writers.join(', ')}, which ${written.writers.length === 1 ? 'runs' : 'run'} once before the service starts, into ${written.folder}: read from that folder's claim, not a ConfigMap of the project's copy`);
        return;
      }
      if (host.size <= MAX_SHIPPED_BYTES) addFile(storage, mount, host, key);
      else context.warn(`${mount.source} is larger than a ConfigMap can hold; not mounted: put it in the image or in a volume`, key);
      return;
    }
    case 'directory': {
      const data = directoryDataReason(mount, host);
      if (data !== undefined) addHostData(storage, mount, host, key, data);
      else addConfigDirectory(storage, mount, host.entries, key);
      return;
    }
    case undefined:
      addMissingPath(storage, mount, key);
  }
}

/**
 * A path the project does not have: a key, certificate or config file is an object the operator
 * creates; anything else, a folder some service mounts read-write whatever its name (zitadel's
 * setup Job writes `./.env-file/.env`, which a read-only Secret would refuse), and a file in a
 * folder some service mounts read-write as data (written there at run time), is a claim. The object
 * is a Secret when its name or, as for a file the project has (addFile), the path it is mounted at
 * says it holds secrets: a file of any name mounted at `/root/.kube/config` is a kubeconfig, which
 * was a ConfigMap to create until 2026-12-07.
 */
function addMissingPath(storage: PodStorage, mount: BindMount, key: string): void {
  const { context } = storage;
  if (!context.options.allowHostPath && expectsObject(context.project, mount.source)) {
    referenceMissing(storage, mount, key, isSensitivePath(mount.source) || isSensitivePath(mount.target), MISSING_REASON);
    return;
  }
  const named = isSensitivePath(mount.source) || isConfigFileInUse(context.project, mount.source);
  const written = named ? writtenFolderReason(context.project, mount.source, MISSING_REASON) : undefined;
  const above = named && written === undefined ? writtenFolderAbove(context.project, mount.source) : undefined;
  const inWrittenFolder =
    above === undefined
      ? undefined
      : `${MISSING_REASON}, but lies in ${above.folder}, which ${above.writers.join(', ')} mount${above.writers.length === 1 ? 's' : ''} read-write, so what runs there writes it (not a Secret or ConfigMap to create)`;
  addHostData(storage, mount, undefined, key, written ?? inWrittenFolder ?? MISSING_REASON);
}

/** Paths outside the project are never read: a hostPath by opt-in, else what `outsidePathDecision` says. */
function addOutsidePath(storage: PodStorage, mount: BindMount, key: string): void {
  const { context } = storage;
  if (context.options.allowHostPath) {
    addHostPath(storage, mount, undefined, key);
    return;
  }
  const decision = outsidePathDecision(context.project, context.service, mount);
  switch (decision.kind) {
    case 'drop':
      context.warn(decision.message, key);
      return;
    case 'object': {
      if (!decision.secret) {
        const written = writtenFolderReason(context.project, mount.source, `${OUTSIDE_REASON},`);
        if (written !== undefined) addHostData(storage, mount, undefined, key, written);
        else referenceMissing(storage, mount, key, false, OUTSIDE_REASON);
        return;
      }
      // Key material: a claim only where a service shows it writes there (secret-folder-writers.ts).
      const writers = outsideObjectWriters(context.project, mount.source, true);
      if (writers.length > 0) {
        const write = writers.length === 1 ? 'writes' : 'write';
        addHostData(storage, mount, undefined, key, `${OUTSIDE_REASON}, and ${writers.join(', ')} ${write} there (a mount written :rw, an image or command that makes keys or certificates, or a folder it hands out to others read-only), so it is storage written there (not a Secret, which Kubernetes mounts read-only)`);
      } else {
        referenceMissing(storage, mount, key, true, OUTSIDE_REASON, mount.readOnly || isFileInUse(context.project, mount.source) ? undefined : 'no service shows it writes there (compose mounts a bind read-write unless told otherwise); if one does, mount it :rw in so many words and it is kept on a claim instead');
      }
      return;
    }
    case 'data':
      addHostData(storage, mount, undefined, key, OUTSIDE_REASON);
  }
}

function addFile(storage: PodStorage, mount: BindMount, host: HostFile, key: string): void {
  const fileKey = dataKey(baseName(mount.target));
  const name = storage.objectName(mount.target);
  const owner = storage.bindOwner(mount, key);
  const secret = isSensitivePath(mount.target) || (!host.binary && holdsSecretMaterial(projectPath(storage.context.project, mount.source), host.content, storage.context.project));
  const file: ShippedFile = { ...host, key: fileKey, path: fileKey };
  if (!secret) {
    storage.configMaps.push({ name, ...configMapData([file]), owner });
  } else if (host.binary) {
    storage.context.warn(`${mount.source} is a binary secret file: create Secret '${name}' with key '${fileKey}' yourself`, key);
    storage.references.push({ kind: 'Secret', name, owner });
  } else {
    storage.secrets.push({ name, stringData: nameRecordOf([[fileKey, host.content]]), owner });
  }
  storage.mountShipped(mount.target, secret, name, volumeItems([file], true), fileKey);
  const object = secret ? 'Secret' : 'ConfigMap';
  if (writtenAsWritable(storage.context.service, mount)) {
    storage.context.warn(
      `${mount.source} is mounted read-write, as the compose file asks, but the ${object} it becomes is read-only in the pod: what the service writes to it fails; mount a volume where it writes, or copy the file there at start`,
      key,
    );
  } else if (!mount.readOnly && baseName(mount.target) === '.env') {
    storage.context.warn(
      `${mount.source} is the application's .env, which its setup may write (Laravel's key:generate, a web installer: LinkAce's saves its settings there), but the ${object} it becomes is read-only in the pod: such a write fails; set the values it would write in the file beforehand`,
      key,
    );
  }
}


/**
 * One key per file, nested files included (`sub/a.yaml` as key `sub_a.yaml`, mounted back at its
 * path); file names a key cannot spell (`ä.conf`) get the nearest key, made unique in the object.
 * Read-only, the object is the directory; read-write, its files are copied into an emptyDir.
 */
function addConfigDirectory(storage: PodStorage, mount: BindMount, entries: Readonly<Record<string, HostFile>>, key: string): void {
  const { context } = storage;
  const name = storage.objectName(mount.target);
  const keys = new ScopedNames(`${name}`, context.warn, MAX_KEY_LENGTH);
  const sorted = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const all: ShippedFile[] = sorted.map(([path, file]) => ({ ...file, path, key: keys.claim(dataKey(path.replaceAll('/', '_')), `the key of ${mount.source}/${path}`, key) }));
  const secret = all.some((file) => !file.binary && holdsSecretMaterial(`${projectPath(context.project, mount.source)}/${file.path}`, file.content, context.project));
  const files = secret ? all.filter((file) => !file.binary) : all;
  if (files.length < all.length) context.warn(`binary files of ${mount.source} cannot join its Secret '${name}'; they are not mounted`, key);
  const owner = storage.bindOwner(mount, key);
  if (secret) storage.secrets.push({ name, stringData: nameRecordOf(files.map((file) => [file.key, file.content] as const)), owner });
  else storage.configMaps.push({ name, ...configMapData(files), owner });
  const items = volumeItems(files);
  const what = `${secret ? 'Secret' : 'ConfigMap'} '${name}'`;
  const rendered = taskWrittenFolder(context.project, mount.source);
  if (rendered !== undefined) {
    // What a run-once task writes there for the others: one claim, filled with the files once.
    const volume = storage.volume(`seed-${mount.target}`, shippedSource(secret, name, items), `the files for ${mount.target}`);
    const whom = rendered.writers.includes(context.service.name) ? `for ${rendered.readers.join(', ')}` : `by ${rendered.writers.join(', ')}, which run${rendered.writers.length === 1 ? 's' : ''} once`;
    addHostData(storage, mount, undefined, key, `is a folder written ${whom}`, { name, volume, what });
    return;
  }
  const named = dataFolderNamerOf(context.project, mount.source);
  if (named !== undefined) {
    // A folder a service keeps its data in: one claim the files fill once, for all who bind it.
    const volume = storage.volume(`seed-${mount.target}`, shippedSource(secret, name, items), `the files for ${mount.target}`);
    const whose = named.service === context.service.name ? named.namer : `${named.service}'s ${named.namer.replace(/^its /, '')}`;
    addHostData(storage, mount, undefined, key, `is a folder which ${whose} names as where ${named.service === context.service.name ? 'the service keeps' : 'it keeps'} its data`, { name, volume, what });
    return;
  }
  if (mount.readOnly) {
    storage.mountShipped(mount.target, secret, name, items);
    return;
  }
  // A folder where the image keeps its state (its profile's: linuxserver.io's /config) is its data too:
  // slochewie's hass ships ./homeassistant/config for linuxserver's homeassistant, whose .storage
  // (users, integrations, device registry) and database were copied afresh at every start (until 2026-12-07).
  const imageData = !writesData(mount, entries) && isImageDataPath(context.service, mount.target);
  if (imageData || writesData(mount, entries)) {
    // The service's data, which compose keeps on the host: a claim the files fill once.
    const volume = storage.volume(`seed-${mount.target}`, shippedSource(secret, name, items), `the files for ${mount.target}`);
    const database = namedDatabase(mount, entries);
    const where = imageData ? 'where its image keeps its state' : database === undefined ? 'where the service keeps its data' : `where its configuration has the service keep ${database}`;
    addHostData(storage, mount, undefined, key, `is mounted read-write at ${mount.target}, ${where}`, { name, volume, what });
    return;
  }
  const others = servicesBindingSource(context.project, mount.source).filter((user) => user !== context.service.name);
  context.warn(
    `${mount.source} is mounted read-write: its files are copied from ${what} into an emptyDir at every start of the pod, so what the service writes there is not kept${others.length > 0 ? ` nor seen by ${others.join(', ')}` : ''}`,
    key,
  );
  const source = storage.volume(`seed-${mount.target}`, shippedSource(secret, name, items), `the files for ${mount.target}`);
  const target = storage.mount(mount.target, { emptyDir: {} }, mount);
  storage.initContainers.push(seedContainer(dnsLabel(`seed-${target}`), source, target));
}

/**
 * Files the project does not have (e.g. `/etc/certs` on the production host, or a config file not
 * checked in) are expected in a Secret (keys, certificates) or ConfigMap the operator creates from
 * them, named after the host path so that services sharing it share the object; an empty claim
 * would not help, and mounted at a file path it would even hide the file.
 */
function referenceMissing(storage: PodStorage, mount: BindMount, key: string, secret: boolean, why: string, hint?: string): void {
  const { project } = storage.context;
  const path = projectPath(project, mount.source);
  const name = hostPathLabel(project, mount.source);
  const isFile = isFileInUse(project, mount.source);
  const fileKey = dataKey(baseName(mount.target));
  const kind = secret ? 'secret generic' : 'configmap';
  // The command runs the file: it must be mounted executable, as the project's copy would be.
  const started = isFile && startsFileAt(storage.context, mount.target);
  storage.context.warn(
    `${mount.source} ${why}: create ${secret ? 'Secret' : 'ConfigMap'} '${name}' from it (kubectl create ${kind} ${name} --from-file=${isFile ? `${fileKey}=` : ''}${commandLinePath(path)})${started ? '; it is mounted executable (0755), as the command starts it' : ''}${mount.readOnly ? '' : `${started ? ', and' : '; it is mounted'} read-only, as Kubernetes mounts every Secret and ConfigMap, so the service cannot write it`}${hint === undefined ? '' : `: ${hint}`}`,
    key,
  );
  storage.references.push({ kind: secret ? 'Secret' : 'ConfigMap', name, owner: { id: `host:${mount.source}`, what: `the object you create from ${mount.source}`, key } });
  const items = isFile ? [{ key: fileKey, path: fileKey, ...(started ? { mode: EXECUTABLE_MODE } : {}) }] : undefined;
  storage.mountShipped(mount.target, secret, name, items, isFile ? fileKey : undefined);
}
