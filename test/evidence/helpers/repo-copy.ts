/**
 * A scratch copy of the project (sources and charts, node_modules linked), so tests can run
 * `npm run synth`'s program — and kill it — without touching the real dist/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/k8s.ts';

const copied = ['main.ts', 'package.json', 'cdk8s.yaml', 'tsconfig.json', 'bin', 'lib', 'charts', 'imports', 'dist'];

export function copyRepo(dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of copied) {
    if (existsSync(join(repoRoot, entry))) cpSync(join(repoRoot, entry), join(dest, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dest, 'node_modules'), 'dir');
}

/** The synth command as package.json's `synth` script runs it. */
const synthArgs = ['--import', 'tsx', 'main.ts'];

export function synthIn(dir: string): { readonly code: number | null; readonly stderr: string } {
  const run = spawnSync(process.execPath, synthArgs, { cwd: dir, encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr };
}

export function startSynthIn(dir: string): ChildProcess {
  return spawn(process.execPath, synthArgs, { cwd: dir, stdio: 'ignore' });
}
