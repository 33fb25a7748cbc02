/**
 * How the converter names a bind mount's host path: as the project names it, never as the
 * converting machine does. The model holds absolute paths (compose resolves every relative source
 * against the project directory) and what each was written relative to; names, and the hashes that take names in (a Job's), must not,
 * or the same project copied elsewhere renames its claims — a new, empty disk on the next sync.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { posix, relative } from 'node:path';
import type { ComposeProject } from '../../compose/model.ts';
import { dnsLabel } from '../names/object-names.ts';

/**
 * A host path as the project names it, the same wherever the project lies: relative to the project
 * directory when it is inside it (`conf/app.conf`, `.` for the directory itself) or when a compose
 * file writes it relative (`../common/scripts`); `~/…` where it is written so (the home directory
 * differs between machines); else as written (`/srv/certs`: the compose file names that path on
 * every machine).
 */
export function projectPath(project: ComposeProject, path: string): string {
  const inside = relative(project.workingDir, path);
  if (inside === '') return '.';
  if (!inside.startsWith('..')) return inside;
  return writtenForms(project).get(path) ?? path;
}

/**
 * The DNS label for a host path (`host-<label>` claims, the objects made from missing files):
 * `projectPath`, with each `..` spelled `up` (the project directory itself `project`, `~` `home`), so that `../common` and `./common` get different names
 * (`up-common`, `common`) and neither carries the machine's directories.
 */
export function hostPathLabel(project: ComposeProject, path: string, prefix = ''): string {
  const segments = projectPath(project, path)
    .split('/')
    .map((segment) => (segment === '..' ? 'up' : segment === '.' ? 'project' : segment === '~' ? 'home' : segment));
  const text = `${prefix}${segments.join('/')}`;
  const label = dnsLabel(text, 'volume', Infinity);
  if (label.length <= LABEL_MAX) return label;
  // Cut to a label, two paths that differ only past it met on one name: a located error for two
  // dashboards of Mimir's tutorial (../../../../../operations/mimir-mixin-compiled/dashboards/mimir-*.json),
  // until 2026-12-06. A hash of the whole path tells them apart, as kubernetesName does.
  const suffix = `-${createHash('sha256').update(text).digest('hex').slice(0, 6)}`;
  return `${label.slice(0, LABEL_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}

const LABEL_MAX = 63;

const writtenFormsOf = new WeakMap<ComposeProject, ReadonlyMap<string, string>>();

/**
 * The bind sources outside the project directory that some service writes relative to it
 * (`../common`, also in an `include`d or `extends`ed file, which the loader rebases and keeps
 * relative) or to the home directory (`~/certs`), by their absolute path, with that form.
 */
function writtenForms(project: ComposeProject): ReadonlyMap<string, string> {
  const known = writtenFormsOf.get(project);
  if (known) return known;
  const forms = new Map<string, string>();
  for (const service of Object.values(project.services)) {
    for (const mount of service.volumes) {
      if (mount.type !== 'bind' || mount.sourceRelativeTo === undefined) continue;
      forms.set(mount.source, mount.sourceRelativeTo === 'home' ? posix.join('~', relative(homedir(), mount.source)) : relative(project.workingDir, mount.source));
    }
  }
  writtenFormsOf.set(project, forms);
  return forms;
}

/** An absolute path in a message: after a blank, a quote or an opening bracket, up to one of them. */
const ABSOLUTE_PATH = /(?<=^|[\s'"`(=])\/[^\s'"`(),;]*[^\s'"`(),;:.]/g;

/**
 * A message with the host paths it names written as the project names them (`./dags`,
 * `../common/app.conf`, `~/.m2`): the rules name host files by their absolute paths, which differ
 * between two checkouts of one project, so a `--report` kept in a repository, or a test of the
 * warnings, changed with the machine. A path below a bind source is written below its form.
 */
export function withProjectPaths(message: string, project: ComposeProject): string {
  if (!message.includes('/')) return message;
  const root = project.workingDir;
  const forms = writtenForms(project);
  return message.replace(ABSOLUTE_PATH, (path) => {
    if (path === root) return '.';
    // The root directory itself holds every path: `./etc/localtime` would hide that it is the machine's.
    if (root.length > 1 && path.startsWith(`${root}/`)) return `./${path.slice(root.length + 1)}`;
    for (let prefix = path; prefix.length > 1; prefix = posix.dirname(prefix)) {
      const form = forms.get(prefix);
      if (form !== undefined) return (form.startsWith('..') || form.startsWith('~') ? form : `./${form}`) + path.slice(prefix.length);
    }
    return path;
  });
}
