// V8 code caches for scripts every process loads (the precompiled bundle, the schema validator):
// parsing and compiling them, and their functions when they first run, would otherwise be paid on
// every start. Plain JavaScript so that tools/precompiled.mjs can use it before any bundle exists.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { Script } from 'node:vm';

/** Scripts whose cache is written at exit, by cache file. */
const unwrittenCaches = new Map();

/**
 * Runs `source` as a script named `filename`, compiled with the code cache in `cacheFile` when V8
 * accepts it. A missing or rejected cache is written when the process exits, so that it holds the
 * functions compiled during the run. V8 checks little more than the source's length: name
 * `cacheFile` after the content (a hash), never reuse it for other source.
 */
export function runWithCodeCache(source, filename, cacheFile) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
  // While a start-up snapshot is built, Node.js 24 aborts the process on making a code cache.
  if ((cachedData === undefined || script.cachedDataRejected) && !startupSnapshot.isBuildingSnapshot()) {
    if (unwrittenCaches.size === 0) process.once('exit', writeCodeCaches);
    unwrittenCaches.set(cacheFile, script);
  }
  return script.runInThisContext();
}

function writeCodeCaches() {
  for (const [cacheFile, script] of unwrittenCaches) storeFile(cacheFile, script.createCachedData());
  unwrittenCaches.clear();
}

/**
 * Writes `file` through a temporary sibling and a rename, so parallel processes never read half a
 * file. A cache that cannot be written (read-only install, a full disk) only costs the next run its
 * speed, and leaves no temporary; nor do the temporaries of processes killed while they wrote it,
 * which the next writer removes.
 */
export function storeFile(file, contents) {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    removeAbandonedPartials(file);
    writeFileSync(partial, contents);
    renameSync(partial, file);
    return true;
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // A directory we cannot write holds no temporary of ours either.
    }
    return false;
  }
}

/** The temporaries of `file` whose writer no longer runs (killed, or out of power, while writing). */
function removeAbandonedPartials(file) {
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dirname(file))) {
    if (!name.startsWith(prefix) || !name.endsWith('.partial')) continue;
    const pid = Number(name.slice(prefix.length, -'.partial'.length));
    if (Number.isSafeInteger(pid) && pid > 0 && !running(pid)) rmSync(join(dirname(file), name), { force: true });
  }
}

function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error?.code === 'EPERM';
  }
}
