// Runs a TypeScript entry point from a precompiled bundle instead of tsx's on-the-fly transform.
// The bundle (.build/<name>.cjs, git-ignored) holds our sources and every package they import, so a
// start reads one file instead of resolving and parsing hundreds; its first line records what it was
// built from (tools/build-inputs.mjs), and it is rebuilt whenever one of those files changed — a
// source, a build tool, the installed packages — so it can never run stale code. V8's code cache for
// it (.build/<name>.<hash>.cache) skips parsing and compiling on later starts. Together they take a
// start from ~0.45 s to ~0.2 s.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { runWithCodeCache, storeFile } from '../lib/code-cache.mjs';
import { buildFiles, bundleRecord, inputsChanged, recordInputs, RECORD_LINE } from './build-inputs.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Bundles whose local names are shortened (and syntax compacted): the CLI's, which the start-up
 * snapshot holds as source, and every start reads and deserializes: 1.14 -> 0.77 MB of source, 0.4 MB
 * less snapshot. Nothing in it reads a function's or class's name (messages name compose keys and
 * files); synth's bundle keeps its names, as cdk8s and constructs print class names in their errors.
 */
const SHORT_NAMES = new Set(['cli']);

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

/**
 * Builds `.build/<name>.cjs` from `entry` (relative to the repository) unless it exists, was built in
 * this repository and none of what it was built from has changed since. Returns its path, or
 * undefined when it was out of date and `.build/` cannot be written (a read-only install whose
 * files were changed, or whose owner or mode was, which changes their change time).
 */
export async function ensureBundle(name, entry) {
  const bundle = await currentBundle(name, entry);
  return bundle.source === undefined ? bundle.file : undefined;
}

/**
 * The bundle as it is current: `file` alone once it holds it, or with `source`, built in memory,
 * when it could not be written.
 */
async function currentBundle(name, entry) {
  const file = join(root, '.build', `${name}.cjs`);
  const unwritten = builtInMemory.get(file);
  if (unwritten) return unwritten;
  const record = bundleRecord(file);
  if (record !== undefined && !inputsChanged(record, root)) return { file };
  const startedAt = Date.now();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    // CommonJS, because V8 code caches (vm.Script) exist for scripts but not for ES modules on Node 20.
    format: 'cjs',
    target: 'node20',
    // Without comments and indentation the source is a quarter smaller and pure ASCII, which V8
    // stores in one byte per character instead of two: the start-up snapshot, which holds the
    // source, shrinks by 1.3 MB (8.6 -> 7.2 MB).
    minifyWhitespace: true,
    ...(SHORT_NAMES.has(name) ? { minifyIdentifiers: true, minifySyntax: true } : {}),
    logLevel: 'error',
    write: false,
    metafile: true,
    plugins: [keepModuleUrls],
  });
  const sources = Object.keys(result.metafile.inputs).map((input) => resolve(root, input));
  const built = recordInputs(buildFiles(root, sources), root, startedAt);
  // Several processes may rebuild at once (parallel tests): each writes its own file, then renames.
  // The record is part of the file, so a bundle is never paired with another build's record.
  // Non-ASCII characters (in a path) are escaped: one would make V8 store the whole source in two bytes per character.
  const line = `${RECORD_LINE}${JSON.stringify(built).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
  const contents = Buffer.concat([Buffer.from(line), result.outputFiles[0].contents]);
  if (storeFile(file, contents)) return { file };
  const bundle = { file, source: contents.toString('utf8') };
  builtInMemory.set(file, bundle);
  return bundle;
}

/** Bundles that could not be written, by path: built once per process (the plain start asks twice, for the command and for the snapshot). */
const builtInMemory = new Map();

/**
 * Runs a CommonJS bundle as Node would, with a V8 code cache named after the bundle's content hash,
 * so a cache can only ever be used for the exact source it was made from. Caches of earlier bundles
 * are removed when this bundle has none yet. A bundle built in memory runs without a cache.
 */
function runBundle({ file, source: built }) {
  const source = built ?? readFileSync(file, 'utf8');
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = built === undefined ? runWithCodeCache(Module.wrap(source), file, cacheFileFor(file, source)) : new Script(Module.wrap(source), { filename: file }).runInThisContext();
  run(module.exports, createRequire(file), module, file, dirname(file));
}

/** `.build/<name>.<hash>.cache`, with the caches of other bundles of that name removed when it does not exist yet. */
function cacheFileFor(file, source) {
  const name = basename(file, '.cjs');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const cacheFile = join(dirname(file), `${name}.${hash}.cache`);
  if (!existsSync(cacheFile)) {
    try {
      for (const stale of readdirSync(dirname(file))) {
        if (stale.startsWith(`${name}.`) && stale.endsWith('.cache')) rmSync(join(dirname(file), stale), { force: true });
      }
    } catch {
      // A read-only .build/ keeps them; the new cache is not written either (storeFile).
    }
  }
  return cacheFile;
}

/** Runs the entry point's bundle, building it first if needed. */
export async function runPrecompiled(name, entry) {
  runBundle(await currentBundle(name, entry));
}
