import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ComposeError } from '../errors.ts';
import { inspectInput, isInside, isSystemPath, MAX_PAYLOAD_BYTES, readChecked, type InputRules } from './input-files.ts';
import type { HostFile, HostPath, Service } from '../model.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A ConfigMap holds far fewer files than this; past it a directory is data, and reading stops. */
export const MAX_DIRECTORY_FILES = 1000;
/** Directory entries looked at, files or not: a source tree with node_modules is not walked to its end. */
const MAX_VISITED_ENTRIES = 4 * MAX_DIRECTORY_FILES;
const MAX_DEPTH = 16;

/** Reports a problem with the bind mount at dotted `key` (`services.web.volumes.0`). */
export type HostFileWarn = (key: string, message: string) => void;

/**
 * What bind mounts point at: a file's content (base64 when it is not UTF-8 text) and execute bit,
 * a directory's regular files below it. Only regular files inside `boundary` (after `..` and
 * symlinks) are read, up to the size of a ConfigMap. A path outside it, or under /proc, /sys or
 * /dev, is recorded as `outside` and never opened, so `/proc/self/environ`, `/tmp` or a symlink to
 * /etc/shadow never becomes a ConfigMap and the output does not depend on the converting machine;
 * the translation reports it once. FIFOs, sockets and devices are `special`, never opened. Each path
 * is read once; missing paths inside the project are not listed.
 */
export function readHostFiles(services: readonly Service[], boundary: string, warn: HostFileWarn): Record<string, HostPath> {
  const hostFiles: Record<string, HostPath> = {};
  const seen = new Set<string>();
  const rules: InputRules = { within: boundary, maxBytes: MAX_PAYLOAD_BYTES };
  for (const service of services) {
    service.volumes.forEach((mount, index) => {
      if (mount.type !== 'bind' || seen.has(mount.source)) return;
      seen.add(mount.source);
      const entry = readHostPath(mount.source, rules, (message) => warn(`services.${service.name}.volumes.${index}`, message));
      if (entry) hostFiles[mount.source] = entry;
    });
  }
  for (const service of services) {
    const dockerfile = dockerfileBesideMounts(service);
    if (dockerfile === undefined || seen.has(dockerfile)) continue;
    seen.add(dockerfile);
    // Its problems (missing, too large, outside) are the image facts' to report; here it only tells what the build copies.
    const entry = readHostPath(dockerfile, rules, () => undefined);
    if (entry?.kind === 'file') hostFiles[dockerfile] = entry;
  }
  return hostFiles;
}

/**
 * The Dockerfile of a service's build when the service bind-mounts a folder inside the build
 * context (not the context itself, whose files hold it): what the build copies decides whether
 * that folder is code the image carries (bind-kinds.ts sourceCodeReason). Not for an inline
 * Dockerfile or a remote context.
 */
function dockerfileBesideMounts(service: Service): string | undefined {
  const build = service.build;
  if (build === undefined || !path.isAbsolute(build.context)) return undefined;
  const raw = service.raw['build'];
  if (typeof raw === 'object' && raw !== null && typeof (raw as Record<string, unknown>)['dockerfile_inline'] === 'string') return undefined;
  const context = build.context;
  const inside = service.volumes.some((mount) => mount.type === 'bind' && mount.source !== context && mount.source.startsWith(`${context}${path.sep}`));
  return inside ? path.resolve(context, build.dockerfile ?? 'Dockerfile') : undefined;
}

function readHostPath(source: string, rules: InputRules, warn: (message: string) => void): HostPath | undefined {
  const checked = inspectInput(source, rules);
  if (checked.ok) {
    const file = readFile(source, checked.real, checked.stats, warn);
    return file ? { kind: 'file', ...file } : undefined;
  }
  switch (checked.problem) {
    case 'directory':
      return readHostDirectory(source, rules, warn);
    case 'system':
    case 'outside':
      return { kind: 'outside' };
    case 'too-large':
      return { kind: 'too-large' };
    case 'not-regular':
      return { kind: 'special' };
    case 'missing':
      return isOutside(source, rules.within) ? { kind: 'outside' } : undefined;
  }
}

/**
 * Whether a path that does not exist would lie outside `boundary`: its nearest existing ancestor is
 * resolved through symlinks, so `./link/new` with `link -> /etc` counts as outside.
 */
function isOutside(source: string, boundary: string | undefined): boolean {
  if (boundary === undefined) return false;
  let existing = path.resolve(source);
  while (!pathExists(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = realOrSelf(existing);
  const rest = path.relative(existing, path.resolve(source));
  return !isInside(path.join(real, rest), realOrSelf(boundary)) || isSystemPath(real);
}

function pathExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function realOrSelf(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/** Names in code-unit order, which no locale changes: the keys they become depend on it. */
function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The directory's regular files, nested ones by their '/'-separated path. Symlinked directories are
 * not followed (no cycles); a symlinked file is read when it resolves inside the project. Reading
 * stops, with `tooLarge`, once the files could not fit in one ConfigMap.
 */
function readHostDirectory(source: string, rules: InputRules, warn: (message: string) => void): HostPath {
  const entries: Record<string, HostFile> = {};
  let files = 0;
  let bytes = 0;
  let visited = 0;
  const walk = (directory: string, prefix: string, depth: number): boolean => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort(byName)) {
      if (++visited > MAX_VISITED_ENTRIES) return false;
      const file = path.join(directory, entry.name);
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (depth >= MAX_DEPTH || !walk(file, `${relative}/`, depth + 1)) return false;
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const checked = inspectInput(file, rules);
      if (!checked.ok) {
        if (checked.problem === 'too-large') return false;
        if (checked.problem !== 'missing') warn(`${file} ${checked.reason}; it is not shipped with ${source}`);
        continue;
      }
      const read = readFile(file, checked.real, checked.stats, warn);
      if (!read) continue;
      bytes += read.size;
      if (++files > MAX_DIRECTORY_FILES || bytes > MAX_PAYLOAD_BYTES) return false;
      entries[relative] = read;
    }
    return true;
  };
  const complete = walk(source, '', 0);
  return { kind: 'directory', entries, tooLarge: !complete };
}

/** A file that changes or grows while it is read is not shipped: a warning, not a failed conversion. */
function readFile(file: string, real: string, stats: Parameters<typeof readChecked>[3], warn: (message: string) => void): HostFile | undefined {
  let bytes: Buffer;
  try {
    bytes = readChecked(file, 'bind-mounted file', real, stats, MAX_PAYLOAD_BYTES);
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    warn(`${error.message}; its content is not shipped`);
    return undefined;
  }
  const text = decode(bytes);
  const executable = (stats.mode & 0o111) !== 0;
  return { content: text ?? bytes.toString('base64'), binary: text === undefined, size: bytes.length, executable };
}

function decode(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
