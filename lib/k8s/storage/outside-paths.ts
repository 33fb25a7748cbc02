/**
 * Bind mounts of paths outside the project (absolute paths, `..` escapes once symlinks are
 * resolved). They are never read, so the output is the same on every machine; without
 * allowHostPath they are not mounted from the node either. What takes their place depends on the
 * path: nothing (the node's system, read-only folders), an object the user creates (certificates,
 * configuration files), or a claim (a directory the service writes its data to).
 */
import { isConfigFileInUse, isFileInUse } from './folders-in-use.ts';
import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';
import { imageProfile } from '../workload/image-profiles.ts';
import { DATA_TARGET } from './bind-kinds.ts';
import { bindsOf } from './mount-index.ts';

export type OutsideDecision =
  /** `readable`: a folder the service only reads, which is another's claim where that one writes it. */
  | { readonly kind: 'drop'; readonly message: string; readonly readable?: boolean }
  | { readonly kind: 'object'; readonly secret: boolean }
  | { readonly kind: 'data' };

/** The node's own state, with all below it: what a container sees there belongs to the machine, not the project. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/run', '/var/run', '/var/lib/docker', '/var/log', '/lib/modules', '/usr/lib/modules', '/boot'];
/** Only these paths themselves: below /tmp or /etc, a project may keep its own folders. */
const SYSTEM_PATHS = new Set(['/', '/tmp', '/var/tmp', '/etc', '/etc/machine-id', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/passwd', '/etc/group', '/etc/shadow']);
const TIMEZONE_FILES = new Set(['/etc/localtime', '/etc/timezone']);
/**
 * The machine's CA trust store (Debian's, Red Hat's, Alpine's), with all below it: a stack mounts it
 * so that its TLS clients trust what the host trusts. Kept on an empty claim, pydio/cells' HA example
 * (`/usr/share/ca-certificates/:/etc/ssl/certs`) hid the image's own certificates from etcd, so no
 * TLS connection could be verified (until 2026-12-06); not mounted, the image's own store is used.
 */
const TRUST_STORES = ['/etc/ssl/certs', '/usr/share/ca-certificates', '/usr/local/share/ca-certificates', '/etc/ca-certificates', '/etc/pki/tls/certs', '/etc/pki/ca-trust'];
const HINT = 'set allowHostPath to mount it from the node as a hostPath';

export function outsidePathDecision(project: ComposeProject, service: Service, mount: BindMount): OutsideDecision {
  const own = ownDecision(project, service, mount);
  // What another service writes there is what this one reads, as in compose: funkwhale's nginx
  // serves MEDIA_ROOT and STATIC_ROOT read-only where its api writes them. Dropped, nginx served the
  // image's empty folders while the api's files went to a claim nobody else mounted (until 2026-12-07).
  if (own.kind === 'drop' && own.readable === true && writtenAsData(project, service, mount.source)) return { kind: 'data' };
  return own;
}

/**
 * Whether another service mounts the outside path, or a folder above it, read-write as claim data
 * (by its own decision, which no reader changes), so that the path is that claim's.
 */
function writtenAsData(project: ComposeProject, reader: Service, source: string): boolean {
  for (let folder = source; folder.length > 1; folder = folder.slice(0, Math.max(folder.lastIndexOf('/'), 1))) {
    for (const { service, mount } of bindsOf(project, folder)) {
      if (service.name === reader.name || mount.readOnly || project.hostFiles[folder]?.kind !== 'outside') continue;
      if (ownDecision(project, service, mount).kind === 'data') return true;
    }
  }
  return false;
}

/** The decision for the mount on its own: what the path and where the service reads it say. */
function ownDecision(project: ComposeProject, service: Service, mount: BindMount): OutsideDecision {
  const source = mount.source;
  if (TIMEZONE_FILES.has(source)) return { kind: 'drop', message: timezoneMessage(service, source) };
  if (TRUST_STORES.some((store) => within(source, store))) {
    return { kind: 'drop', message: `${source} is the machine's CA trust store, outside the project; never read and not mounted, so the image's own CA certificates are used (${HINT})` };
  }
  if (SYSTEM_PATHS.has(source) || SYSTEM_TREES.some((path) => source === path || source.startsWith(`${path}/`)) || source.endsWith('.sock')) {
    return { kind: 'drop', message: `${source} is the node's system, outside the project; never read and not mounted (${HINT})` };
  }
  // Where the container reads it says what it is as well as the host's name for it: apache/kafka's
  // examples mount `../../../../fixtures/sasl` (the brokers' JAAS file, with passwords) at
  // /etc/kafka/secrets; mounted read-only, it was dropped and the brokers found no JAAS file (until
  // 2026-12-06). Not below a data path, where the service writes its own keys.
  const secret = isSensitivePath(source) || (isSensitivePath(mount.target) && !DATA_TARGET.test(mount.target));
  if (secret || isConfigFileInUse(project, source)) return { kind: 'object', secret };
  // A folder the service may write is kept by the claim, whatever its name: dropped, ESPHome's
  // `/opt/esphome/config:/config` left the service writing into the image's /config, which its
  // user cannot write, and whatever it wrote was lost at the next start.
  if (!mount.readOnly && (DATA_TARGET.test(mount.target) || isImageDataPath(service, mount.target) || (!isFileInUse(project, source) && !isScratchPath(mount.target)))) return { kind: 'data' };
  return { kind: 'drop', message: `${source} is outside the project; never read and not mounted, so the image's ${mount.target} is used (${HINT})`, readable: mount.readOnly };
}

/** Where an image writes scratch files or sockets, not state: its profile lists them as writable too. */
const SCRATCH_TREES = ['/tmp', '/var/run', '/run'];

/**
 * A path where the image keeps its state under a name DATA_TARGET does not know (Prometheus'
 * `/prometheus`, Alertmanager's `/alertmanager`, linuxserver.io's `/config`), or below one: its
 * profile lists it as written. Without a claim, what compose kept on the host lived in the
 * container and was lost at every restart (homelab-monitoring-stack's TSDB, until 2026-12-06); a
 * project folder there is the service's data too (bind-mounts.ts).
 */
export function isImageDataPath(service: Service, target: string): boolean {
  const written = service.image === undefined ? [] : (imageProfile(service.image)?.writablePaths ?? []);
  const path = target.replace(/\/+$/, '');
  return written.some((tree) => within(path, tree) && !isScratchPath(tree));
}

function isScratchPath(path: string): boolean {
  return SCRATCH_TREES.some((scratch) => within(path.replace(/\/+$/, ''), scratch));
}

function within(path: string, tree: string): boolean {
  return path === tree || path.startsWith(`${tree}/`);
}

/**
 * `/etc/localtime` carries the converting machine's zone, which must not leak into the output: the
 * container's zone is TZ when the service sets it, else UTC, and the warning says how to set it.
 */
function timezoneMessage(service: Service, source: string): string {
  const tz = service.environment['TZ'];
  return typeof tz === 'string' && tz !== ''
    ? `${source} is not mounted: the service's TZ=${tz} sets the container's time zone`
    : `${source} is not mounted: the converting machine's time zone is never read, so the container runs in UTC unless the service sets TZ (environment: TZ: Europe/Berlin)`;
}
