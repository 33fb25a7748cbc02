import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ComposeError } from '../compose/errors.ts';
import type { ComposeProject } from '../compose/model.ts';
import { readBoundedText } from './bounded-read.ts';
import type { FactsResult, ImageConfig } from './facts.ts';
import { isObject } from './image-config.ts';
import { parseImageReference } from './reference.ts';

export const LOCK_FILE_NAME = 'compose.images.lock.json';
const LOCK_VERSION = 1;
/** Many images with many labels still fit; a larger file is not ours. */
const MAX_LOCK_BYTES = 16 * 1024 * 1024;
export const DEFAULT_PLATFORM = 'linux/amd64';

/** What `cdk8s-compose images lock` wrote: per normalized reference, what it resolved to. */
export interface ImageLock {
  readonly version: typeof LOCK_VERSION;
  readonly images: Readonly<Record<string, LockedImage>>;
}

export interface LockedImage {
  /** The digest the reference resolved to: an index's (multi-platform) or a single manifest's. */
  readonly digest: string;
  readonly mediaType: string;
  /** By `os/arch[/variant]`: the platform manifest's digest and its image config's facts. */
  readonly platforms: Readonly<Record<string, LockedPlatform>>;
}

export interface LockedPlatform {
  readonly digest: string;
  readonly config: ImageConfig;
}

export interface LoadedLock {
  readonly file: string;
  readonly lock: ImageLock;
}

/** The lock file sits beside the (first) compose file, where users keep and commit it. */
export function lockFilePath(project: ComposeProject): string {
  return path.join(path.dirname(project.composeFiles[0] ?? path.join(project.workingDir, 'compose.yaml')), LOCK_FILE_NAME);
}

/** The project's lock file, or undefined when there is none. Never touches the network. */
export function readImageLock(project: ComposeProject): LoadedLock | undefined {
  const file = lockFilePath(project);
  const read = readBoundedText(file, [path.dirname(file)], MAX_LOCK_BYTES);
  if (!read.ok) {
    if (read.missing) return undefined;
    throw new ComposeError(`image lock file ${file} ${read.reason}`, { file, line: 1, column: 1 });
  }
  return { file, lock: parseImageLock(read.text, file) };
}

export function parseImageLock(text: string, file: string): ImageLock {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const before = text.slice(0, position).split('\n');
    throw new ComposeError(`invalid image lock file: ${message}`, { file, line: before.length, column: before[before.length - 1]!.length + 1 });
  }
  const invalid = (why: string): never => {
    throw new ComposeError(`invalid image lock file: ${why}; run 'cdk8s-compose images lock' again`, { file, line: 1, column: 1 });
  };
  if (!isObject(parsed) || parsed['version'] !== LOCK_VERSION) invalid(`expected "version": ${LOCK_VERSION}`);
  const images = (parsed as Record<string, unknown>)['images'];
  if (!isObject(images)) invalid('expected an "images" object');
  for (const [reference, image] of Object.entries(images as Record<string, unknown>)) {
    if (!isObject(image) || typeof image['digest'] !== 'string' || !isObject(image['platforms'])) invalid(`images.${reference} needs a digest and platforms`);
    for (const [platform, locked] of Object.entries((image as Record<string, Record<string, unknown>>)['platforms']!)) {
      if (!isObject(locked) || typeof locked['digest'] !== 'string' || !isObject(locked['config']) || !Array.isArray(locked['config']['exposedPorts'])) invalid(`images.${reference}.platforms.${platform} needs a digest and a config`);
    }
  }
  return parsed as ImageLock;
}

/**
 * The facts the lock file holds for `reference` on `platform` (linux/amd64 unless the service
 * names one; a single-platform image serves any). Undefined facts come with the reason to warn with.
 */
export function lockedImageFacts(loaded: LoadedLock | undefined, reference: string, requested = DEFAULT_PLATFORM): FactsResult {
  // `linux/arm64/v8` is how compose files often name what indexes call `linux/arm64`.
  const platform = requested.replace(/^(linux\/arm64)\/v8$/, '$1');
  let canonical: string;
  try {
    canonical = parseImageReference(reference).canonical;
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  if (!loaded) return { reason: `image ${reference} is not locked: there is no ${LOCK_FILE_NAME} (run 'cdk8s-compose images lock')` };
  const image = loaded.lock.images[canonical];
  if (!image) return { reason: `image ${reference} is not in ${loaded.file} (run 'cdk8s-compose images lock' again)` };
  const platforms = Object.keys(image.platforms);
  const chosen = image.platforms[platform] ?? (platforms.length === 1 ? image.platforms[platforms[0]!] : undefined);
  if (!chosen) return { reason: `image ${reference} has no ${platform} manifest in ${loaded.file} (locked: ${platforms.join(', ') || 'none'})` };
  return { facts: { config: chosen.config, source: 'lock', complete: true, baseImage: canonical, digest: chosen.digest, referenceDigest: image.digest, file: loaded.file } };
}

/** Sorted keys at every level, two-space indent, final newline: the same lock is the same bytes. */
export function serializeImageLock(lock: ImageLock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

/** Written beside and renamed over, so an interrupted run never leaves half a lock file. */
export function writeImageLock(file: string, lock: ImageLock): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serializeImageLock(lock));
  renameSync(temporary, file);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, sortKeys(value[key])]),
  );
}
