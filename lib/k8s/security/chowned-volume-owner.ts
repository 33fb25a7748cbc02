import type { ComposeProject, Service } from '../../compose/model.ts';
import { commandTokens } from '../workload/container-command.ts';

/** The owner a task the service waits for gives a volume the service mounts. */
export interface ChownedVolumeOwner {
  readonly uid: number;
  /** Unset when the chown names no group (`chown 82 /data`): the image's passwd decides it. */
  readonly gid: number | undefined;
  /** The compose name of the service that runs the chown. */
  readonly task: string;
  /** What both mount, as the warning names it: `volume 'media'`, or `host path /srv/stack/storage`. */
  readonly shared: string;
}

/** `uid`, `uid:gid` or `uid.gid`, numeric only: a name (`www-data`) has no id the converter can know. */
const NUMERIC_OWNER = /^(\d+)(?:[:.](\d+))?$/;

/**
 * The owner a service the given one waits for (through `depends_on`, however deep) gives a named
 * volume or host folder they both mount, by a `chown` whose paths hold its mount target: shopware's
 * demo runs `init-volumes` (`chown -R 82:82 /var/www/html`, as root) before `init` and `shopware`,
 * whose image runs as www-data (82), so that they can write the shared volumes; Dify's
 * `init_permissions` runs `chown -R 1001:1001 /app/api/storage` on the bind mount
 * `./volumes/app/storage` that its api and worker (uid 1001) share. The task's owner is the stack's
 * own word for the user those services run as; undefined when no such task exists.
 */
export function chownedVolumeOwner(project: ComposeProject, service: Service): ChownedVolumeOwner | undefined {
  const mounted = new Set(sharedMounts(service).map((mount) => mount.key));
  if (mounted.size === 0) return undefined;
  // Tasks that chown a volume this service mounts are few; only then is its depends_on walked.
  const tasks = chowningTasks(project).filter((task) => task.name !== service.name && task.mounts.some((mount) => mounted.has(mount.key)));
  if (tasks.length === 0) return undefined;
  for (const name of awaited(project, service)) {
    const task = tasks.find((candidate) => candidate.name === name);
    const mount = task?.mounts.find((candidate) => mounted.has(candidate.key));
    if (task !== undefined && mount !== undefined) return { uid: task.uid, gid: task.gid, task: name, shared: mount.what };
  }
  return undefined;
}

/** A named volume (`volume:media`) or a host folder (`bind:/srv/stack/storage`) two services can share. */
interface SharedMount {
  readonly key: string;
  readonly what: string;
  readonly target: string;
}

/** A service whose command chowns named volumes or host folders it mounts, in its mount order. */
interface ChowningTask {
  readonly name: string;
  readonly uid: number;
  readonly gid: number | undefined;
  readonly mounts: readonly SharedMount[];
}

const tasksOfProject = new WeakMap<ComposeProject, readonly ChowningTask[]>();

/** The project's chowning tasks, found once: each service's command is read once, whatever the number of services that ask. */
function chowningTasks(project: ComposeProject): readonly ChowningTask[] {
  let tasks = tasksOfProject.get(project);
  if (tasks === undefined) {
    const found: ChowningTask[] = [];
    for (const task of Object.values(project.services)) {
      const chown = chownOf([...(task.entrypoint ?? []), ...(task.command ?? [])]);
      if (chown === undefined) continue;
      const mounts = sharedMounts(task).filter((mount) => chown.paths.some((path) => holds(path, mount.target, chown.recursive)));
      if (mounts.length > 0) found.push({ name: task.name, uid: chown.uid, gid: chown.gid, mounts });
    }
    tasksOfProject.set(project, (tasks = found));
  }
  return tasks;
}

function sharedMounts(service: Service): SharedMount[] {
  return service.volumes.flatMap((mount): SharedMount[] => {
    if (mount.type === 'volume' && mount.source !== undefined) return [{ key: `volume:${mount.source}`, what: `volume '${mount.source}'`, target: mount.target }];
    if (mount.type === 'bind') return [{ key: `bind:${mount.source}`, what: `host path ${mount.source}`, target: mount.target }];
    return [];
  });
}

/** The services the given one waits for, directly or through them, nearest first, each once. */
function awaited(project: ComposeProject, service: Service): string[] {
  const seen = new Set<string>([service.name]);
  const order: string[] = [];
  let next = Object.keys(service.dependsOn);
  while (next.length > 0) {
    const level: string[] = [];
    for (const name of next) {
      if (seen.has(name)) continue;
      seen.add(name);
      order.push(name);
      level.push(...Object.keys(project.services[name]?.dependsOn ?? {}));
    }
    next = level;
  }
  return order;
}

interface Chown {
  readonly uid: number;
  readonly gid: number | undefined;
  readonly paths: readonly string[];
  readonly recursive: boolean;
}

/** The numeric owner and the absolute paths of the first `chown` in a command, or undefined. */
function chownOf(words: readonly string[]): Chown | undefined {
  const tokens = commandTokens(words);
  const at = tokens.findIndex((token) => token.slice(token.lastIndexOf('/') + 1) === 'chown');
  if (at < 0) return undefined;
  const operands: string[] = [];
  let recursive = false;
  for (const token of tokens.slice(at + 1)) {
    if (token.startsWith('-')) {
      recursive ||= token === '--recursive' || /^-[A-Za-z]*R/.test(token);
      continue;
    }
    // The operands end where the next program of a script begins (`chown … /data && exec app`).
    if (operands.length > 0 && !token.startsWith('/')) break;
    operands.push(token);
  }
  const [owner, ...paths] = operands;
  const match = owner === undefined ? null : NUMERIC_OWNER.exec(owner);
  if (match === null || paths.length === 0) return undefined;
  return { uid: Number(match[1]), gid: match[2] === undefined ? undefined : Number(match[2]), paths, recursive };
}

/**
 * Whether chowning `path` reaches what is mounted at `target`: the path itself, or (with `-R`, which
 * descends into mounted file systems) anything below it.
 */
function holds(path: string, target: string, recursive: boolean): boolean {
  const directory = path.replace(/\/+$/, '');
  if (target === directory || (directory === '' && target === '/')) return true;
  return recursive && (directory === '' || target.startsWith(`${directory}/`));
}
