/**
 * The CLI (`convert`, `secrets`, `team-dashboard`) and `npm run synth` emit the translation plan
 * directly: the bundles they run, built as tools/precompiled.mjs builds them, contain no module of
 * cdk8s, constructs or kubernetes-models (whose types the plan uses, at compile time only).
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/k8s.ts';

const CONSTRUCT_PACKAGES = /node_modules\/(cdk8s|cdk8s-plus-27|constructs|kubernetes-models|@kubernetes-models)\//;

async function bundledModules(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'error',
    outfile: join(repoRoot, '.build', 'unused.cjs'),
  });
  return Object.keys(result.metafile.inputs);
}

describe('the command line and npm run synth load no cdk8s', () => {
  test.each(['tools/cli-entry.ts', 'main.ts'])('%s bundles none of cdk8s, constructs or kubernetes-models', async (entry) => {
    const modules = await bundledModules(entry);
    expect(modules.some((path) => path.endsWith('lib/k8s/translate.ts'))).toBe(true);
    expect(modules.filter((path) => CONSTRUCT_PACKAGES.test(path))).toEqual([]);
  });
});
