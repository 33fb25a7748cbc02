// What a build (a precompiled bundle, the start-up snapshot made from it) is made from, and whether
// it still is: the files esbuild read for the bundle (its metafile), the tools that build it and the
// files npm rewrites on every install, each with the change time and size the build saw. A later
// start stats those files only (no directory walk: ~0.5 ms for ~300 files, where walking the source
// tree took 4-9 ms) and refuses the build when any differs.
// The change time (ctime), not the modification time: no tool can set it, so a file replaced by an
// older copy (cp -p, tar, rsync -t) or touched back still counts as changed.
// Plain JavaScript so that it runs before any bundle exists.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A bundle's first line: this, then the record of its build as JSON (tools/precompiled.mjs). */
export const RECORD_LINE = '//inputs ';

// The tools that make a bundle and its snapshot decide what they hold, as the sources do.
const BUILD_TOOLS = ['tools/precompiled.mjs', 'tools/snapshot.mjs', 'tools/build-inputs.mjs', 'lib/code-cache.mjs'];
// npm rewrites the lock files on every install, so a changed or reinstalled dependency counts too,
// beyond the package files the bundle holds (those the build only reads, such as the Compose schema).
const INSTALLED = ['package-lock.json', 'node_modules/.package-lock.json'];
/**
 * A file changed this close before the build started may change again within the file system's
 * timestamp granularity (a clock tick): it is recorded as unknown, so the next start rebuilds.
 */
const SETTLING_MS = 50;

/** A file's change time and size, or [0, -1] when it is missing. */
function stampOf(file) {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? [stats.ctimeMs, stats.size] : [0, -1];
}

/** The absolute paths of what a build of `root` read besides `sources` (absolute, from the metafile). */
export function buildFiles(root, sources) {
  return [...new Set([...sources, ...[...BUILD_TOOLS, ...INSTALLED].map((file) => join(root, file))])].sort();
}

/**
 * The record of a build of the repository at `root` that started at `startedAt` (ms since the
 * epoch): the stamps of `files` as the build saw them. A file changed after the build started, or
 * just before, is recorded as unknown, so that it differs next time.
 */
export function recordInputs(files, root, startedAt) {
  const stamps = [];
  for (const file of files) {
    const [changed, size] = stampOf(file);
    stamps.push(changed >= startedAt - SETTLING_MS ? -1 : changed, size);
  }
  return { root, files, stamps };
}

/**
 * Whether a build recorded by `recordInputs` is out of date for the repository at `root`: made in
 * another place (a copy or a move of the repository: its files are other files, and a bundle
 * finds its data by absolute paths), or any of its files differs from what the build saw.
 */
export function inputsChanged(record, root) {
  const { files, stamps } = record;
  if (record.root !== root) return true;
  for (let index = 0; index < files.length; index += 1) {
    const stats = statSync(files[index], { throwIfNoEntry: false });
    if (stats === undefined ? stamps[2 * index + 1] !== -1 : stats.ctimeMs !== stamps[2 * index] || stats.size !== stamps[2 * index + 1]) return true;
  }
  return false;
}

/** The build record a bundle's source holds, or undefined when it holds none. */
export function recordOf(source) {
  if (!source.startsWith(RECORD_LINE)) return undefined;
  try {
    return JSON.parse(source.slice(RECORD_LINE.length, source.indexOf('\n')));
  } catch {
    return undefined;
  }
}

/** The build record of the bundle `file`, or undefined when there is no bundle or it holds none. */
export function bundleRecord(file) {
  let source;
  try {
    source = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  return recordOf(source);
}
