/**
 * Precompiled variants of the two entry points, to measure what tsx's on-the-fly transform costs:
 * one esbuild bundle of our TypeScript each, node_modules left external (resolved from the repo).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

export interface Bundles {
  readonly cli: string;
  readonly synth: string;
}

/**
 * Modules find their data next to themselves (`systemDirectory(import.meta.url)`); in a bundle
 * every module would see the bundle's URL, so each keeps its own source URL instead.
 */
const keepModuleUrls: Plugin = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      loader: 'ts',
    }));
  },
};

/** Written under `<repo>/.tmp/bench/` (git-ignored), so bare imports resolve to `<repo>/node_modules`. */
export async function buildBundles(repo: string): Promise<Bundles> {
  const outdir = join(repo, '.tmp', 'bench');
  const common: BuildOptions = {
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error',
    plugins: [keepModuleUrls],
  };
  const cli = join(outdir, 'cli.mjs');
  await build({
    ...common,
    stdin: { contents: "import { main } from './lib/cli/main.ts';\nawait main();\n", resolveDir: repo, loader: 'ts' },
    outfile: cli,
  });
  const synth = join(outdir, 'synth.mjs');
  await build({ ...common, entryPoints: [join(repo, 'main.ts')], outfile: synth });
  return { cli, synth };
}
