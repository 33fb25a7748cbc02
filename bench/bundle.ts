/**
 * The precompiled entry points (tools/precompiled.mjs) of a repository copy, built up front so the
 * bench measures running them, not building them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Bundles {
  readonly cli: string;
  readonly synth: string;
}

interface PrecompiledModule {
  ensureBundle(name: string, entry: string): Promise<string>;
}

export async function buildBundles(repo: string): Promise<Bundles> {
  const modulePath: string = pathToFileURL(join(repo, 'tools', 'precompiled.mjs')).href;
  const { ensureBundle } = (await import(modulePath)) as PrecompiledModule;
  return { cli: await ensureBundle('cli', 'tools/cli-entry.ts'), synth: await ensureBundle('synth', 'main.ts') };
}
