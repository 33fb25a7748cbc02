import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { HostPath, Service } from './model.ts';

/** Larger files are not shipped: a ConfigMap holds at most 1 MiB. */
const MAX_HOST_FILE_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reports a problem with the bind mount at dotted `key` (`services.web.volumes.0`). */
export type HostFileWarn = (key: string, message: string) => void;

/**
 * Contents of what bind mounts point at: a file's content (base64 when it is not UTF-8 text), a
 * directory's regular files directly inside it. Missing paths are left out; each path is read once.
 */
export function readHostFiles(services: readonly Service[], warn: HostFileWarn): Record<string, HostPath> {
  const hostFiles: Record<string, HostPath> = {};
  const seen = new Set<string>();
  for (const service of services) {
    service.volumes.forEach((mount, index) => {
      if (mount.type !== 'bind' || seen.has(mount.source)) return;
      seen.add(mount.source);
      const entry = readHostPath(mount.source, (message) => warn(`services.${service.name}.volumes.${index}`, message));
      if (entry) hostFiles[mount.source] = entry;
    });
  }
  return hostFiles;
}

function readHostPath(source: string, warn: (message: string) => void): HostPath | undefined {
  const stats = statOrUndefined(source);
  if (!stats) return undefined;
  if (stats.isFile()) {
    if (stats.size > MAX_HOST_FILE_BYTES) {
      warn(`${source} is larger than 1 MiB; its content is not shipped`);
      return undefined;
    }
    const bytes = readFileSync(source);
    const text = decode(bytes);
    return { kind: 'file', content: text ?? bytes.toString('base64'), binary: text === undefined, size: stats.size };
  }
  if (!stats.isDirectory()) return undefined;
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(source, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile()) continue;
    const file = path.join(source, entry.name);
    const size = statSync(file).size;
    const text = size > MAX_HOST_FILE_BYTES ? undefined : decode(readFileSync(file));
    if (text === undefined) {
      warn(`${file} is binary or larger than 1 MiB; its content is not shipped`);
      continue;
    }
    entries[entry.name] = text;
  }
  return { kind: 'directory', entries };
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
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
