/**
 * Which bind mounts hold data a claim keeps, and why: the decision the bind-mount rule acts on and
 * the host trees (host-trees.ts) are built from, so that both always agree on what is a claim.
 */
import { isConfigFileInUse, isFileInUse } from './folders-in-use.ts';
import type { BindMount, ComposeProject, HostPath, Service } from '../../compose/model.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { dataFolderNamerOf } from './named-data-folders.ts';
import { holdsData, isEmptyDirectory, sourceCodeReason, writesData } from './bind-kinds.ts';
import { bindsOf, servicesWritingSource } from './mount-index.ts';
import { isImageDataPath, outsidePathDecision } from './outside-paths.ts';
import { secretFolderWriters } from './secret-folder-writers.ts';
import { taskWrittenFile, taskWrittenFolder } from './task-written-folders.ts';

export const SOCKET = /\.sock$/;

/** ConfigMaps and Secrets are limited to 1 MiB; keep room for metadata and base64 growth. */
export const MAX_SHIPPED_BYTES = 700 * 1024;

export const OUTSIDE_REASON = 'is outside the project, which is never read';
export const MISSING_REASON = 'does not exist at conversion time';

/** Why a project directory is data for a new, empty claim rather than files to ship; undefined when it is files to ship. */
export function directoryDataReason(mount: BindMount, host: Extract<HostPath, { kind: 'directory' }>): string | undefined {
  const size = Object.values(host.entries).reduce((total, file) => total + file.size, 0);
  if (host.tooLarge || size > MAX_SHIPPED_BYTES) return 'holds more files than a ConfigMap can';
  if (isEmptyDirectory(host.entries)) return 'holds no files in the project';
  if (holdsData(mount, host.entries)) return 'holds data files';
  return undefined;
}

/** The services that mount a folder the converter does not read (missing, outside) read-write: they write there, whatever its name says. */
function folderWriters(project: ComposeProject, source: string): string[] {
  return isFileInUse(project, source) ? [] : servicesWritingSource(project, source);
}

/**
 * Why such a folder is a claim although its name suggests a Secret or ConfigMap (certbot's
 * `/srv/stack/certs`): services write there, and Kubernetes mounts those read-only. Undefined when
 * no service writes it.
 */
export function writtenFolderReason(project: ComposeProject, source: string, why: string): string | undefined {
  const writers = folderWriters(project, source);
  if (writers.length === 0) return undefined;
  return `${why} and ${writers.join(', ')} mount${writers.length === 1 ? 's' : ''} it read-write, so it is storage written there (not a Secret or ConfigMap, which Kubernetes mounts read-only)`;
}

/**
 * The services that write a folder outside the project that the converter would make an object
 * (outside-paths.ts): any that mounts it read-write, but for key material, which is written only
 * where a service shows it (secret-folder-writers.ts).
 */
export function outsideObjectWriters(project: ComposeProject, source: string, secret: boolean): string[] {
  return secret ? secretFolderWriters(project, source) : folderWriters(project, source);
}

/** A folder some service writes as claim data, and the services that mount it read-write, sorted. */
export interface WrittenFolder {
  readonly folder: string;
  readonly writers: readonly string[];
}

/**
 * The nearest folder above `source` that a service mounts read-write as claim data: a file the
 * project does not have but that lies in such a folder is written there at run time, so it is that
 * claim's file, not an object to create. element-docker-demo's caddy writes its local CA's
 * `./data/caddy/data/caddy/pki/authorities/local/root.crt` into `./data/caddy/data`, and synapse and
 * mas mount that file as their CA bundle; its init Job writes `./data/element-web/config.json` into
 * `./data`, which element-web mounts. As a Secret and a ConfigMap to create from files that only
 * the running stack writes, they could not be created before applying (until 2026-12-06).
 */
export function writtenFolderAbove(project: ComposeProject, source: string): WrittenFolder | undefined {
  for (let slash = source.lastIndexOf('/'); slash > 0; slash = source.lastIndexOf('/', slash - 1)) {
    const folder = source.slice(0, slash);
    const writers = bindsOf(project, folder)
      .filter(({ service, mount }) => !mount.readOnly && isClaimData(project, service, mount))
      .map(({ service }) => service.name);
    if (writers.length > 0) return { folder, writers: [...new Set(writers)].sort() };
  }
  return undefined;
}

/**
 * A path absent at conversion that names a key, certificate or config file, and no service writes,
 * neither itself nor a folder above it: an object the user creates, not data.
 */
export function expectsObject(project: ComposeProject, source: string): boolean {
  return (
    !SOCKET.test(source) &&
    (isSensitivePath(source) || isConfigFileInUse(project, source)) &&
    folderWriters(project, source).length === 0 &&
    writtenFolderAbove(project, source) === undefined
  );
}

/**
 * Whether the mount is kept on a claim (by default, without allowHostPath): data directories, paths
 * missing or outside the project where data goes, and project files at a path where the service
 * writes its data (a claim filled with them once).
 */
export function isClaimData(project: ComposeProject, service: Service, mount: BindMount): boolean {
  const host = project.hostFiles[mount.source];
  if (sourceCodeReason(service, mount, host, project.hostFiles, project.services) !== undefined) return false;
  switch (host?.kind) {
    case 'outside': {
      const decision = outsidePathDecision(project, service, mount);
      switch (decision.kind) {
        case 'data':
          return true;
        case 'object':
          return outsideObjectWriters(project, mount.source, decision.secret).length > 0;
        default:
          return false;
      }
    }
    case 'directory':
      return (
        directoryDataReason(mount, host) !== undefined ||
        writesData(mount, host.entries) ||
        (!mount.readOnly && isImageDataPath(service, mount.target)) ||
        dataFolderNamerOf(project, mount.source) !== undefined ||
        taskWrittenFolder(project, mount.source) !== undefined
      );
    case undefined:
      return !SOCKET.test(mount.source) && !expectsObject(project, mount.source);
    case 'file':
      return taskWrittenFile(project, service, mount.source) !== undefined;
    default:
      return false;
  }
}
