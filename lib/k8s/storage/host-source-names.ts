/**
 * How the converter names a bind mount's host path: as the project names it, never as the
 * converting machine does. The model holds absolute paths (compose resolves every relative source
 * against the project directory); names, and the hashes that take names in (a Job's), must not,
 * or the same project copied elsewhere renames its claims — a new, empty disk on the next sync.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ComposeProject } from '../../compose/model.ts';
import { parseShortVolume } from '../../compose/normalize/short-syntax.ts';
import { dnsLabel } from '../names/object-names.ts';

/**
 * A host path as the project names it, the same wherever the project lies: relative to the project
 * directory when it is inside it (`conf/app.conf`, `.` for the directory itself) or when a compose
 * file writes it relative (`../common/scripts`); else as written (`/srv/certs`: the compose file
 * names that path on every machine).
 */
export function projectPath(project: ComposeProject, path: string): string {
  const inside = relative(project.workingDir, path);
  if (inside === '') return '.';
  if (!inside.startsWith('..') || writtenRelative(project).has(path)) return inside;
  return path;
}

/**
 * The DNS label for a host path (`host-<label>` claims, the objects made from missing files):
 * `projectPath`, with each `..` spelled `up` (and the project directory itself `project`), so that `../common` and `./common` get different names
 * (`up-common`, `common`) and neither carries the machine's directories.
 */
export function hostPathLabel(project: ComposeProject, path: string, prefix = ''): string {
  const segments = projectPath(project, path)
    .split('/')
    .map((segment) => (segment === '..' ? 'up' : segment === '.' ? 'project' : segment));
  return dnsLabel(`${prefix}${segments.join('/')}`);
}

const writtenRelativeSources = new WeakMap<ComposeProject, ReadonlySet<string>>();

/**
 * The bind sources some service writes as a relative path (`../common`), by their absolute path.
 * The model keeps only the resolved path, so the resolved service mappings (`raw`) say how each was
 * written; an `include`d or `extends`ed file's relative paths were made absolute there already.
 */
function writtenRelative(project: ComposeProject): ReadonlySet<string> {
  const known = writtenRelativeSources.get(project);
  if (known) return known;
  const sources = new Set<string>();
  for (const service of Object.values(project.services)) {
    const volumes = service.raw['volumes'];
    if (!Array.isArray(volumes)) continue;
    for (const item of volumes) {
      const written = writtenSource(item);
      if (written !== undefined && !isAbsolute(written) && !written.startsWith('~')) sources.add(resolve(project.workingDir, written));
    }
  }
  writtenRelativeSources.set(project, sources);
  return sources;
}

/** The source of a bind mount as written in short or long syntax; undefined for other mounts. */
function writtenSource(item: unknown): string | undefined {
  if (typeof item === 'string') {
    try {
      const parsed = parseShortVolume(item);
      return parsed.type === 'bind' ? parsed.source : undefined;
    } catch {
      return undefined;
    }
  }
  if (typeof item !== 'object' || item === null) return undefined;
  const { type, source } = item as Record<string, unknown>;
  return type === 'bind' && typeof source === 'string' ? source : undefined;
}
