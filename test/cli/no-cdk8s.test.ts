/**
 * The CLI (`convert`, `secrets`, `team-dashboard`) and `npm run synth` emit the translation plan
 * directly: the precompiled bundles they run (tools/precompiled.mjs) contain no module of cdk8s,
 * constructs or kubernetes-models (whose types the plan uses, at compile time only).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/k8s.ts';

interface PrecompiledModule {
  ensureBundle(name: string, entry: string): Promise<string | undefined>;
}

interface BuildInputsModule {
  bundleRecord(file: string): { files: readonly string[] } | undefined;
}

const CONSTRUCT_PACKAGES = /node_modules\/(cdk8s|constructs|kubernetes-models|@kubernetes-models)\//;

/** The files a bundle was built from: its build record lists every file esbuild read. */
async function bundledModules(name: string, entry: string): Promise<readonly string[]> {
  const tool = (file: string): string => pathToFileURL(join(repoRoot, 'tools', file)).href;
  const { ensureBundle } = (await import(tool('precompiled.mjs'))) as PrecompiledModule;
  const { bundleRecord } = (await import(tool('build-inputs.mjs'))) as BuildInputsModule;
  const bundle = await ensureBundle(name, entry);
  if (bundle === undefined) throw new Error(`${name}: the bundle could not be written`);
  return bundleRecord(bundle)?.files ?? [];
}

describe('the command line and npm run synth load no cdk8s', () => {
  test.each([
    ['cli', 'tools/cli-entry.ts'],
    ['synth', 'main.ts'],
  ])('the %s bundle holds none of cdk8s, constructs or kubernetes-models', async (name, entry) => {
    const modules = await bundledModules(name, entry);
    expect(modules.some((path) => path.endsWith('lib/k8s/translate.ts'))).toBe(true);
    expect(modules.some((path) => path.includes('node_modules/yaml/'))).toBe(true);
    expect(modules.filter((path) => CONSTRUCT_PACKAGES.test(path))).toEqual([]);
  }, 60_000);
});
