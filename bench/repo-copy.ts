/**
 * A scratch copy of the project (sources, charts and dist/; node_modules linked), so the bench and
 * the tests can run — and kill — the synth program without touching the real dist/.
 */
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const copied = ['main.ts', 'package.json', 'cdk8s.yaml', 'tsconfig.json', 'bin', 'tools', 'lib', 'charts', 'imports', 'dist'];

export function copyRepo(repo: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of copied) {
    if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(dest, entry), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(dest, 'node_modules'), 'dir');
}
