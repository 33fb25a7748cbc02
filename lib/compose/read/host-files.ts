import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ComposeError } from '../errors.ts';
import { formatBytes, inspectInput, MAX_PAYLOAD_BYTES, readChecked, type InputRules } from './input-files.ts';
import type { HostPath, Service } from '../model.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reports a problem with the bind mount at dotted `key` (`services.web.volumes.0`). */
export type HostFileWarn = (key: string, message: string) => void;

/**
 * Contents of what bind mounts point at: a file's content (base64 when it is not UTF-8 text), a
 * directory's regular files directly inside it. Only regular files inside `boundary` (after
 * `..` and symlinks) of at most 1 MiB are read: a path outside it, under /proc, /sys or /dev, is
 * left out with a warning, so `/proc/self/environ` or a symlink to /etc/shadow never becomes a
 * ConfigMap. Missing paths, FIFOs, sockets and devices are left out; each path is read once.
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
  return hostFiles;
}

function readHostPath(source: string, rules: InputRules, warn: (message: string) => void): HostPath | undefined {
  const checked = inspectInput(source, rules);
  if (!checked.ok) {
    switch (checked.problem) {
      case 'directory':
        return readHostDirectory(source, rules, warn);
      case 'system':
      case 'outside':
        warn(`${source} ${checked.reason}; its content is not read`);
        return undefined;
      case 'too-large':
        warn(`${source} ${checked.reason}; its content is not shipped`);
        return undefined;
      default:
        return undefined;
    }
  }
  const bytes = readOrUndefined(source, checked.real, checked.stats, warn);
  if (!bytes) return undefined;
  const text = decode(bytes);
  return { kind: 'file', content: text ?? bytes.toString('base64'), binary: text === undefined, size: bytes.length };
}

/** The directory's files in code-unit order, which no locale changes: the keys they become depend on it. */
function readHostDirectory(source: string, rules: InputRules, warn: (message: string) => void): HostPath {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(source, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isFile()) continue;
    const file = path.join(source, entry.name);
    const checked = inspectInput(file, rules);
    const bytes = checked.ok ? readOrUndefined(file, checked.real, checked.stats, warn) : undefined;
    const text = bytes && decode(bytes);
    if (text === undefined) {
      if (checked.ok || checked.problem === 'too-large') warn(`${file} is binary or larger than ${formatBytes(MAX_PAYLOAD_BYTES)}; its content is not shipped`);
      continue;
    }
    entries[entry.name] = text;
  }
  return { kind: 'directory', entries };
}

/** A file that changes or grows while it is read is not shipped: a warning, not a failed conversion. */
function readOrUndefined(file: string, real: string, stats: Parameters<typeof readChecked>[3], warn: (message: string) => void): Buffer | undefined {
  try {
    return readChecked(file, 'bind-mounted file', real, stats, MAX_PAYLOAD_BYTES);
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    warn(`${error.message}; its content is not shipped`);
    return undefined;
  }
}

function decode(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
