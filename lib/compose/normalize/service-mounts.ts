import os from 'node:os';
import path from 'node:path';
import type { DeviceMapping, FileReference, ServiceVolume } from '../model.ts';
import { parseShortDevice, parseShortVolume, type ShortVolume } from './short-syntax.ts';
import type { Mapping, Tree } from '../read/tree.ts';
import type { Reporter } from './values.ts';

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCIES = new Set(['consistent', 'cached', 'delegated']);

/**
 * Resolves host paths: `~` to the home directory, relative paths against the project directory.
 * A Windows absolute path (`C:\\data`, `C:/data`) stays as written, as compose keeps it for a
 * Windows client talking to a Linux engine.
 */
/** What a bind source is written relative to (`BindMount.sourceRelativeTo`). */
function relativeTo(source: string): { readonly sourceRelativeTo?: 'project' | 'home' } {
  if (source === '~' || source.startsWith('~/')) return { sourceRelativeTo: 'home' };
  return path.isAbsolute(source) || isWindowsAbsolute(source) ? {} : { sourceRelativeTo: 'project' };
}

export function hostPath(source: string, projectDirectory: string, key: string, report: Reporter): string {
  if (source === '~' || source.startsWith('~/')) return path.join(homeDirectory(key, report), source.slice(1));
  if (isWindowsAbsolute(source)) return source;
  return path.resolve(projectDirectory, source);
}

/** The home directory `~` names; a process without HOME whose user id the system does not know (a container's arbitrary id) has none. */
function homeDirectory(key: string, report: Reporter): string {
  try {
    return os.homedir();
  } catch {
    return report.fail(key, '`~` names the home directory, and this process has none (HOME is not set and its user id has no entry in the system\'s user list): set HOME, or write the path out');
  }
}

/** `C:\\…`, `C:/…` or a `\\\\server\\share` path. */
export function isWindowsAbsolute(source: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/** A container path as compose cleans it (Go's path.Clean): no `.`, `..`, doubled or trailing `/`. */
function cleanTarget(target: string): string {
  if (target === '') return target;
  const normalized = path.posix.normalize(target);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** `volumes:` (short and long syntax) followed by the service-level `tmpfs:` mounts. */
export function normalizeVolumes(service: Mapping, key: string, report: Reporter, projectDirectory: string): ServiceVolume[] {
  const mounts: ServiceVolume[] = [];
  const volumes = service['volumes'];
  if (Array.isArray(volumes)) {
    volumes.forEach((item, index) => {
      const itemKey = `${key}.volumes.${index}`;
      if (typeof item === 'string') {
        mounts.push(shortMount(report.attempt(itemKey, () => parseShortVolume(item)), itemKey, report, projectDirectory));
      } else {
        const mount = report.mapping(item, itemKey);
        if (!mount) report.fail(itemKey, 'must be a volume string or mapping');
        mounts.push(longMount(mount, itemKey, report, projectDirectory));
      }
    });
  }
  report.strings(service['tmpfs'], `${key}.tmpfs`).forEach((entry, index) => {
    const [target = '', options = ''] = entry.split(':');
    const size = /(?:^|,)size=([^,]+)/.exec(options)?.[1];
    const mode = /(?:^|,)mode=([0-7]+)/.exec(options)?.[1];
    const itemKey = `${key}.tmpfs.${index}`;
    mounts.push({
      type: 'tmpfs',
      target,
      readOnly: false,
      ...(size ? { size: report.bytes(size, itemKey) } : {}),
      ...(mode ? { mode: Number.parseInt(mode, 8) } : {}),
    });
  });
  return mounts;
}

function shortMount(volume: ShortVolume, key: string, report: Reporter, projectDirectory: string): ServiceVolume {
  const readOnly = volume.options.includes('ro');
  for (const option of volume.options) {
    const known = ['ro', 'rw', 'z', 'Z', 'nocopy'].includes(option) || PROPAGATIONS.has(option) || CONSISTENCIES.has(option);
    if (!known) report.fail(key, `unknown volume mode "${option}"`);
  }
  checkTarget(volume.target, key, report);
  if (volume.type === 'bind') {
    const selinux = volume.options.find((option) => option === 'z' || option === 'Z');
    const propagation = volume.options.find((option) => PROPAGATIONS.has(option));
    return {
      type: 'bind',
      source: hostPath(volume.source ?? '', projectDirectory, key, report),
      ...relativeTo(volume.source ?? ''),
      target: cleanTarget(volume.target),
      readOnly,
      createHostPath: true,
      ...(propagation ? { propagation } : {}),
      ...(selinux === 'z' || selinux === 'Z' ? { selinux } : {}),
    };
  }
  return {
    type: 'volume',
    ...(volume.source ? { source: volume.source } : {}),
    target: cleanTarget(volume.target),
    readOnly,
    nocopy: volume.options.includes('nocopy'),
  };
}

function longMount(mount: Mapping, key: string, report: Reporter, projectDirectory: string): ServiceVolume {
  const type = report.string(mount['type'], `${key}.type`) ?? 'volume';
  const target = cleanTarget(report.string(mount['target'], `${key}.target`) ?? '');
  checkTarget(target, key, report);
  const readOnly = report.boolean(mount['read_only'], `${key}.read_only`);
  const source = report.string(mount['source'], `${key}.source`);
  switch (type) {
    case 'bind': {
      if (!source) report.fail(`${key}.source`, 'a bind mount needs a source');
      const bind = report.mapping(mount['bind'], `${key}.bind`) ?? {};
      const propagation = report.string(bind['propagation'], `${key}.bind.propagation`);
      const selinux = report.string(bind['selinux'], `${key}.bind.selinux`);
      if (selinux !== undefined && selinux !== 'z' && selinux !== 'Z') report.fail(`${key}.bind.selinux`, 'must be "z" or "Z"');
      return {
        type: 'bind',
        source: hostPath(source, projectDirectory, `${key}.source`, report),
        ...relativeTo(source),
        target,
        readOnly,
        // compose creates a missing host path for the short syntax and for a long-syntax `bind:`
        // mapping that does not say otherwise; a long-syntax mount without `bind:` needs the path
        createHostPath: mount['bind'] === undefined ? false : report.boolean(bind['create_host_path'], `${key}.bind.create_host_path`, true),
        ...(propagation ? { propagation } : {}),
        ...(selinux ? { selinux } : {}),
      };
    }
    case 'volume': {
      const volume = report.mapping(mount['volume'], `${key}.volume`) ?? {};
      const subpath = report.string(volume['subpath'], `${key}.volume.subpath`);
      return {
        type: 'volume',
        ...(source ? { source } : {}),
        target,
        readOnly,
        nocopy: report.boolean(volume['nocopy'], `${key}.volume.nocopy`),
        ...(subpath ? { subpath } : {}),
      };
    }
    case 'tmpfs': {
      const tmpfs = report.mapping(mount['tmpfs'], `${key}.tmpfs`) ?? {};
      const size = report.bytes(tmpfs['size'], `${key}.tmpfs.size`);
      const mode = report.integer(tmpfs['mode'], `${key}.tmpfs.mode`);
      return { type: 'tmpfs', target, readOnly, ...(size !== undefined ? { size } : {}), ...(mode !== undefined ? { mode } : {}) };
    }
    case 'npipe':
    case 'cluster':
    case 'image':
      return { type, target, readOnly, ...(source ? { source } : {}) };
    default:
      return report.fail(`${key}.type`, `unknown mount type "${type}"`);
  }
}

function checkTarget(target: string, key: string, report: Reporter): void {
  if (target === '') report.fail(key, 'a mount needs a target path');
}

/** `devices:` short (`/dev/a:/dev/b:rwm`) and long (`{source, target, permissions}`) syntax. */
export function normalizeDevices(value: Tree | undefined, key: string, report: Reporter): DeviceMapping[] {
  if (!Array.isArray(value)) return [];
  return value.map((item, index) => {
    const itemKey = `${key}.${index}`;
    if (typeof item === 'string') return parseShortDevice(item);
    const device = report.mapping(item, itemKey) ?? {};
    const source = report.string(device['source'], `${itemKey}.source`);
    if (!source) report.fail(`${itemKey}.source`, 'is required');
    return {
      source,
      target: report.string(device['target'], `${itemKey}.target`) ?? source,
      permissions: report.string(device['permissions'], `${itemKey}.permissions`) ?? 'rwm',
    };
  });
}

/**
 * A service's `secrets:`/`configs:` list in long syntax. Default targets are
 * `/run/secrets/<source>` for secrets and `/<source>` for configs; relative targets go below them.
 */
export function normalizeFileReferences(
  value: Tree | undefined,
  key: string,
  report: Reporter,
  directory: '/run/secrets' | '',
): FileReference[] {
  if (!Array.isArray(value)) return [];
  return value.map((item, index) => {
    const itemKey = `${key}.${index}`;
    if (typeof item === 'string') return { source: item, target: `${directory}/${item}` };
    const reference = report.mapping(item, itemKey) ?? {};
    const source = report.string(reference['source'], `${itemKey}.source`);
    if (!source) report.fail(`${itemKey}.source`, 'is required');
    const target = report.string(reference['target'], `${itemKey}.target`) ?? source;
    const uid = report.string(reference['uid'], `${itemKey}.uid`);
    const gid = report.string(reference['gid'], `${itemKey}.gid`);
    const mode = fileMode(reference['mode'], `${itemKey}.mode`, report);
    return {
      source,
      target: target.startsWith('/') ? target : `${directory}/${target}`,
      ...(uid !== undefined ? { uid } : {}),
      ...(gid !== undefined ? { gid } : {}),
      ...(mode !== undefined ? { mode } : {}),
    };
  });
}

/** A file mode as compose-go decodes it: a number as it is, a string (`"0440"`, `${MODE}`) in octal. */
function fileMode(value: Tree | undefined, key: string, report: Reporter): number | undefined {
  if (typeof value !== 'string') return report.integer(value, key);
  if (!/^[+-]?[0-7]+$/.test(value)) report.fail(key, `must be an octal file mode, got "${value}"`);
  return Number.parseInt(value, 8);
}
