/**
 * Which bind mounts hold data a claim keeps, and why: the decision the bind-mount rule acts on and
 * the host trees (host-trees.ts) are built from, so that both always agree on what is a claim.
 */
import type { BindMount, ComposeProject, HostPath, Service } from '../../compose/model.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { holdsData, isConfigFileName, isEmptyDirectory, looksLikeFile, sourceCodeReason, writesData } from './bind-kinds.ts';
import { servicesWritingSource } from './mount-index.ts';
import { outsidePathDecision } from './outside-paths.ts';

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
  return looksLikeFile(source) ? [] : servicesWritingSource(project, source);
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
 * A path absent at conversion that names a key, certificate or config file, and no service writes:
 * an object the user creates, not data.
 */
export function expectsObject(project: ComposeProject, source: string): boolean {
  return !SOCKET.test(source) && (isSensitivePath(source) || isConfigFileName(source)) && folderWriters(project, source).length === 0;
}

/**
 * Whether the mount is kept on a claim (by default, without allowHostPath): data directories, paths
 * missing or outside the project where data goes, and project files at a path where the service
 * writes its data (a claim filled with them once).
 */
export function isClaimData(project: ComposeProject, service: Service, mount: BindMount): boolean {
  const host = project.hostFiles[mount.source];
  if (sourceCodeReason(service, mount, host) !== undefined) return false;
  switch (host?.kind) {
    case 'outside':
      switch (outsidePathDecision(service, mount).kind) {
        case 'data':
          return true;
        case 'object':
          return folderWriters(project, mount.source).length > 0;
        default:
          return false;
      }
    case 'directory':
      return directoryDataReason(mount, host) !== undefined || writesData(mount, host.entries);
    case undefined:
      return !SOCKET.test(mount.source) && !expectsObject(project, mount.source);
    default:
      return false;
  }
}
