import { nameRecord } from '../../name-records.ts';
/**
 * Project files shipped in a ConfigMap or Secret: one key per file, nested directories and exec
 * bits kept through the volume's `items` (a mounted entrypoint script stays executable), and the
 * init container that copies them into an emptyDir or a claim where the service may write beside them.
 */
import type * as k8s from '../plan/api-types.ts';
import type { HostFile } from '../../compose/model.ts';
import { WAIT_IMAGE } from '../workload/dependencies.ts';
import { WAIT_SECURITY } from '../workload/wait-security.ts';

/** One key of a ConfigMap or Secret volume, the path it appears at, and its mode when executable. */
export interface KeyToPath {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

/** Mode of executable files; others keep the volume's default 0644 (git keeps only the exec bit). */
export const EXECUTABLE_MODE = 0o755;

export interface ShippedFile extends HostFile {
  readonly key: string;
  /** '/'-separated path below the mounted directory, or the file name. */
  readonly path: string;
}

/** `items` for a volume: needed when a key differs from its path, or a file is executable. */
export function volumeItems(files: readonly ShippedFile[], always = false): KeyToPath[] | undefined {
  const needed = always || files.some((file) => file.key !== file.path || file.executable);
  if (!needed) return undefined;
  return files.map((file) => ({ key: file.key, path: file.path, ...(file.executable ? { mode: EXECUTABLE_MODE } : {}) }));
}

/** ConfigMap `data` and `binaryData` of the files. */
export function configMapData(files: readonly ShippedFile[]): { data: Record<string, string>; binaryData: Record<string, string> } {
  const data = nameRecord<string>();
  const binaryData = nameRecord<string>();
  for (const file of files) (file.binary ? binaryData : data)[file.key] = file.content;
  return { data, binaryData };
}

/** Where the seed container sees the files and the directory it fills. */
const SEED_SOURCE = '/seed';
const SEED_TARGET = '/target';

/** The start of the script of a seed that fills a volume only while it holds no file (a claim). */
const WHILE_EMPTY_GUARD = `[ -z "$(find ${SEED_TARGET} -type f | head -n 1)" ] || exit 0; `;

/** Whether an init container is a seed that fills a claim (or a node's folder) while it holds no file. */
export function seedsWhileEmpty(container: k8s.Container): boolean {
  return container.image === WAIT_IMAGE && container.command?.[0] === 'sh' && (container.command[2] ?? '').startsWith(WHILE_EMPTY_GUARD);
}

/**
 * As whom a seed fills a claim: nobody, like the other helpers, where the pod gives its claims a
 * group (fsGroup), which then owns the copies. A pod without one (a service that runs as root, or
 * as its image's user) leaves a new claim root's, mode 755, where nobody can create no file: the
 * seed runs as the service's user then, root when the pod names none, with no capability. A
 * zigbee2mqtt whose compose file sets PUID (so it starts as root) had its project's configuration
 * copied as nobody into a claim only root could write, and its pod never got past the copy on a
 * cluster whose new volumes are root's (slochewie's hass, until 2026-12-07).
 */
export function claimSeedSecurity(pod: k8s.PodSecurityContext | undefined, main: k8s.SecurityContext | undefined): k8s.SecurityContext {
  if (pod?.fsGroup !== undefined) return WAIT_SECURITY;
  const uid = main?.runAsUser ?? pod?.runAsUser ?? 0;
  if (uid === WAIT_SECURITY.runAsUser) return WAIT_SECURITY;
  const gid = main?.runAsGroup ?? pod?.runAsGroup ?? uid;
  return { ...WAIT_SECURITY, runAsUser: uid, runAsGroup: gid, runAsNonRoot: uid !== 0 };
}

/** Where the seed container writes: a folder of the volume, and whether it fills only an empty one. */
export interface SeedTarget {
  readonly subPath?: string;
  /** A claim keeps what the service writes: fill it once, while it holds no file. */
  readonly whileEmpty?: boolean;
}

/**
 * Copies the files of a ConfigMap volume (without its `..data` bookkeeping entries) into the
 * writable volume mounted at the same place in the service's container. Into an emptyDir it runs
 * at every pod start, so each pod starts from the project's files; into a claim only while the
 * claim holds no file, so what the service wrote stays. It is a
 * helper container like the dependency waits (busybox, as nobody): the pod's fsGroup, when the
 * service runs as a non-root user, owns what it writes, and group write lets the service change the copies.
 */
export function seedContainer(name: string, source: string, target: string, into: SeedTarget = {}): k8s.Container {
  // Folders do not count: lost+found, and those the kubelet makes for other mounts' subPaths.
  const guard = into.whileEmpty ? WHILE_EMPTY_GUARD : '';
  const script = `${guard}cd ${SEED_SOURCE} && for f in * .[!.]*; do [ -e "$f" ] || continue; cp -RL "$f" ${SEED_TARGET}/ && chmod -R ug+w "${SEED_TARGET}/$f" || exit 1; done`;
  return {
    name,
    image: WAIT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', script],
    volumeMounts: [
      { name: source, mountPath: SEED_SOURCE, readOnly: true },
      { name: target, mountPath: SEED_TARGET, ...(into.subPath === undefined ? {} : { subPath: into.subPath }) },
    ],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    securityContext: WAIT_SECURITY,
  };
}
