/**
 * Builds the precompiled entry points (tools/precompiled.mjs) of a repository copy up front, so the
 * bench measures running them, not building them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface PrecompiledModule {
  ensureBundle(name: string, entry: string): Promise<string | undefined>;
}

export async function buildBundles(repo: string): Promise<void> {
  const modulePath: string = pathToFileURL(join(repo, 'tools', 'precompiled.mjs')).href;
  const { ensureBundle } = (await import(modulePath)) as PrecompiledModule;
  await ensureBundle('cli', 'tools/cli-entry.ts');
  await ensureBundle('synth', 'main.ts');
}
