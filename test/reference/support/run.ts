import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import type { ReferenceProject } from './projects.ts';

/** A loader's answer: the model, or the error it stopped with. */
export type Outcome = { readonly ok: true; readonly model: unknown; readonly text: string } | { readonly ok: false; readonly error: string };

/**
 * The environment both loaders get: the same few variables (so `${HOME}` or `${PWD}` interpolate
 * alike), the project's own, and nothing else of the caller's.
 */
function environment(project: ReferenceProject): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', PWD: project.cwd, ...project.env };
}

function outcome(status: number | null, stdout: string, stderr: string, parseOutput: (text: string) => unknown): Outcome {
  if (status !== 0) return { ok: false, error: stderr.trim() || `exit ${String(status)}` };
  return { ok: true, model: parseOutput(stdout), text: stdout };
}

/** The compose-go reference program's model (JSON on stdout). */
export function runReference(binary: string, project: ReferenceProject): Outcome {
  const run = spawnSync(binary, [...project.args], { cwd: project.cwd, env: environment(project), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  return outcome(run.status, run.stdout, run.stderr, (text) => JSON.parse(text));
}

/** `cdk8s-compose config` (YAML on stdout; warnings on stderr do not matter here). */
export function runOurs(repoRoot: string, project: ReferenceProject): Outcome {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'cdk8s-compose'), 'config', ...project.args], {
    cwd: project.cwd,
    env: environment(project),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.error) throw run.error;
  return outcome(run.status, run.stdout, run.stderr, (text) => parse(text));
}
