/**
 * Precompiled variants of the two entry points, to measure what tsx's on-the-fly transform costs:
 * one esbuild bundle of our TypeScript each, node_modules left external (resolved from the repo).
 */
import { build } from 'esbuild';
import { join } from 'node:path';

export interface Bundles {
  readonly cli: string;
  readonly synth: string;
}

/** Written under `<repo>/.tmp/bench/` (git-ignored) so bare imports resolve to the repo's node_modules. */
export async function buildBundles(repo: string): Promise<Bundles> {
  const outdir = join(repo, '.tmp', 'bench');
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' } as const;
  const cli = join(outdir, 'cli.mjs');
  await build({
    ...common,
    stdin: { contents: "import { main } from './lib/cli/main.ts';\nawait main();\n", resolveDir: repo, loader: 'ts' },
    outfile: cli,
  });
  // At the repo root's depth, so that paths main.ts resolves from its own URL stay right.
  const synth = join(repo, '.tmp', 'bench-synth.mjs');
  await build({ ...common, entryPoints: [join(repo, 'main.ts')], outfile: synth });
  return { cli, synth };
}
