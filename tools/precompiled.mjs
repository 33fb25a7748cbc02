// Runs a TypeScript entry point from a precompiled bundle instead of tsx's on-the-fly transform.
// The bundle (.build/<name>.cjs, git-ignored) holds our sources and every package they import, so a
// start reads one file instead of resolving and parsing hundreds; it is rebuilt whenever a source is
// newer, so it can never run stale code. V8's code cache for it (.build/<name>.<hash>.cache) skips
// parsing and compiling on later starts. Together they take a start from ~0.45 s to ~0.2 s.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const SOURCES = ['lib', 'charts', 'imports', 'tools', 'main.ts'];

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.ts') ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestSource(join(path, entry))), 0);
}

function bundleTime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Modules find their data next to themselves (`import.meta.url`), so each keeps its own source URL. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
      contents: readFileSync(path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      loader: 'ts',
    }));
  },
};

/** Writes through a temporary sibling and a rename: several processes may write at once (parallel tests). */
function writeAtomically(file, contents) {
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, contents);
  renameSync(staging, file);
}

/** Builds `.build/<name>.cjs` from `entry` (relative to the repository) when a source is newer. */
export async function ensureBundle(name, entry) {
  const outfile = join(root, '.build', `${name}.cjs`);
  const newest = Math.max(...SOURCES.map((source) => newestSource(join(root, source))));
  if (bundleTime(outfile) >= newest) return outfile;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    // CommonJS, because V8 code caches (vm.Script) exist for scripts but not for ES modules on Node 20.
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    write: false,
    plugins: [keepModuleUrls],
  });
  mkdirSync(dirname(outfile), { recursive: true });
  writeAtomically(outfile, result.outputFiles[0].contents);
  return outfile;
}

/**
 * Runs a CommonJS bundle as Node would, with a V8 code cache named after the bundle's content hash,
 * so a cache can only ever be used for the exact source it was made from. The cache is (re)written
 * when the process exits, when it then also holds the functions compiled lazily during the run.
 */
function runWithCodeCache(file) {
  const source = readFileSync(file, 'utf8');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const cacheFile = join(dirname(file), `${basename(file, '.cjs')}.${hash}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
        for (const stale of readdirSync(dirname(file))) {
          if (stale.startsWith(`${basename(file, '.cjs')}.`) && stale.endsWith('.cache') && join(dirname(file), stale) !== cacheFile) {
            rmSync(join(dirname(file), stale), { force: true });
          }
        }
      } catch {
        // A read-only install still runs, only without the cache.
      }
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
}

/** Runs the entry point's bundle, building it first if needed. */
export async function runPrecompiled(name, entry) {
  runWithCodeCache(await ensureBundle(name, entry));
}
