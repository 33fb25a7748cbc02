/** The cluster components, built by build.sh into a cache folder on first use. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the components if needed (minutes, once per set of versions) and returns their folder. */
export function clusterComponents(): string {
  const script = fileURLToPath(new URL('./build.sh', import.meta.url));
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Why the components cannot be built here, or undefined when they can. */
export function missingBuildTools(): string | undefined {
  for (const tool of ['go', 'openssl']) {
    try {
      execFileSync(tool, ['version'], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (the cluster suite builds Kubernetes from the Go module proxy and makes certificates with openssl)`;
    }
  }
  return undefined;
}
