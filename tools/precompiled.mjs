// Runs a TypeScript entry point from a precompiled bundle instead of tsx's on-the-fly transform.
// The bundle (.build/<name>.cjs, git-ignored) holds our sources and every package they import, so a
// start reads one file instead of resolving and parsing hundreds; it is rebuilt whenever a source is
// newer — or the installed packages changed — so it can never run stale code. V8's code cache for it (.build/<name>.<hash>.cache) skips
// parsing and compiling on later starts. Together they take a start from ~0.45 s to ~0.2 s.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runWithCodeCache, storeFile } from '../lib/code-cache.mjs';
import { newestInput } from './build-inputs.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

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

/** Builds `.build/<name>.cjs` from `entry` (relative to the repository) when a source is newer. */
export async function ensureBundle(name, entry) {
  const outfile = join(root, '.build', `${name}.cjs`);
  if (bundleTime(outfile) >= newestInput(root)) return outfile;
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
  // Several processes may rebuild at once (parallel tests): each writes its own file, then renames.
  if (!storeFile(outfile, result.outputFiles[0].contents)) throw new Error(`cannot write ${outfile}`);
  return outfile;
}

/**
 * Runs a CommonJS bundle as Node would, with a V8 code cache named after the bundle's content hash,
 * so a cache can only ever be used for the exact source it was made from. Caches of earlier bundles
 * are removed when this bundle has none yet.
 */
function runBundle(file) {
  const source = readFileSync(file, 'utf8');
  const name = basename(file, '.cjs');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const cacheFile = join(dirname(file), `${name}.${hash}.cache`);
  if (!existsSync(cacheFile)) {
    for (const stale of readdirSync(dirname(file))) {
      if (stale.startsWith(`${name}.`) && stale.endsWith('.cache')) rmSync(join(dirname(file), stale), { force: true });
    }
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = runWithCodeCache(Module.wrap(source), file, cacheFile);
  run(module.exports, createRequire(file), module, file, dirname(file));
}

/** Runs the entry point's bundle, building it first if needed. */
export async function runPrecompiled(name, entry) {
  runBundle(await ensureBundle(name, entry));
}
