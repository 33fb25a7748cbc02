// What a build of the sources (the precompiled bundles, the start-up snapshot) is made from, told by
// one number: the newest modification time among the sources and the files npm rewrites on every
// install. A build records it; a later start compares. Plain JavaScript so that it runs before any
// bundle exists, and small enough to run on every start (a few milliseconds for ~300 files).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['lib', 'charts', 'tools', 'main.ts'];
// npm rewrites the lock files on every install, so a changed or reinstalled dependency counts too.
const INSTALLED = ['package-lock.json', 'node_modules/.package-lock.json'];
const SOURCE_FILE = /\.(ts|mjs)$/;

function mtime(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return mtime(dir) * (SOURCE_FILE.test(dir) ? 1 : 0);
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(path) : SOURCE_FILE.test(entry.name) ? mtime(path) : 0;
    if (time > newest) newest = time;
  }
  return newest;
}

/** The newest modification time (ms) of the sources and installed packages under `root`. */
export function newestInput(root) {
  let newest = 0;
  for (const path of [...SOURCES.map((source) => newestIn(join(root, source))), ...INSTALLED.map((file) => mtime(join(root, file)))]) {
    if (path > newest) newest = path;
  }
  return newest;
}
