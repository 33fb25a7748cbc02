/** Runs `npm run synth`'s program in a scratch copy of the project (see bench/repo-copy.ts). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyRepo as copyRepoFrom } from '../../../bench/repo-copy.ts';
import { repoRoot } from '../../support/k8s.ts';

export function copyRepo(dest: string): void {
  copyRepoFrom(repoRoot, dest);
}

/**
 * The synth program from its sources; `npm run synth` runs the same main.ts precompiled
 * (tools/precompiled.mjs, covered by test/cli/precompiled.test.ts).
 */
const synthArgs = ['--import', 'tsx', 'main.ts'];

export function synthIn(dir: string): { readonly code: number | null; readonly stderr: string } {
  const run = spawnSync(process.execPath, synthArgs, { cwd: dir, encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr };
}

export function startSynthIn(dir: string): ChildProcess {
  return spawn(process.execPath, synthArgs, { cwd: dir, stdio: 'ignore' });
}
