/**
 * The real sops, age-keygen and kubeseal, built from the Go module proxy by tools/gitops/build.sh
 * (once per pinned version set, cached outside the repository). Without Go the suites that need
 * them are skipped with a notice — except in CI, which builds them first (.ci/run): there their
 * absence fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Why the GitOps binaries cannot be had here, or undefined when they can. */
export function gitopsSkipReason(): string | undefined {
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0) return undefined;
  const reason = 'go is not installed (tools/gitops/build.sh builds sops, age-keygen and kubeseal from the Go module proxy)';
  if (process.env['CI'] === 'true') throw new Error(reason);
  console.warn(`notice: skipping the GitOps client checks: ${reason}`);
  return reason;
}

/** The folder holding bin/sops, bin/age-keygen, bin/kubeseal (and bin/helm); builds them the first time. */
export function gitopsBin(): string {
  const folder = execFileSync('bash', [path.join(repoRoot, 'tools', 'gitops', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 }).trim();
  return path.join(folder, 'bin');
}

/** The first build of the clients takes minutes on two cores. */
export const GITOPS_BUILD_TIMEOUT = 900_000;
