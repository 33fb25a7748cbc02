/**
 * `npm run cluster:check -- PATH…`: applies compose projects (converted first) or manifest files and
 * folders to a real Kubernetes API server and scheduler on a simulated managed cluster, and prints
 * what was refused, unscheduled, unbound, without endpoints or not completed. Exit 0 when everything
 * works, 1 when anything does not, 2 on bad usage.
 */
import { resolve } from 'node:path';
import { applyAndWatch } from './apply-and-watch.ts';
import { startCluster } from './cluster.ts';
import { clusterComponents, missingBuildTools } from './components.ts';
import { findingText } from './findings.ts';
import { UnitError, unitFromPath } from './units.ts';

const usage = `Usage: npm run cluster:check -- [--keep] [--timeout SECONDS] PATH...

Applies each PATH to a real Kubernetes 1.37 control plane started on 127.0.0.1 (three kwok worker
nodes in three zones, a ReadWriteOnce default StorageClass, Pod Security admission) and reports what
does not work. A PATH is a compose project folder (its compose.yaml & co., or an 'args' file with the
CLI arguments), a compose file, or a manifest file or folder. The first run builds the components
from the Go module proxy (about 7 minutes).

  --keep             keep the cluster running after the check and print its kubeconfig (Ctrl-C stops it)
  --timeout SECONDS  how long to wait for one path to come up (default 90)
`;

async function main(argv: readonly string[]): Promise<number> {
  const paths: string[] = [];
  let keep = false;
  let timeoutMs = 90_000;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage);
      return 0;
    } else if (arg === '--keep') keep = true;
    else if (arg === '--timeout') {
      const seconds = Number(argv[++index]);
      if (!Number.isFinite(seconds) || seconds <= 0) return usageError('--timeout needs a number of seconds');
      timeoutMs = seconds * 1000;
    } else if (arg.startsWith('-')) return usageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) return usageError('no PATH given');
  const missing = missingBuildTools();
  if (missing) {
    process.stderr.write(`error: ${missing}\n`);
    return 1;
  }
  const cluster = await startCluster({ componentsDir: clusterComponents() });
  let failed = false;
  try {
    for (const path of paths) {
      let report;
      try {
        // npm runs scripts in the package folder and names the folder it was started from in INIT_CWD.
        const unit = await unitFromPath(resolve(process.env['INIT_CWD'] ?? process.cwd(), path));
        report = await applyAndWatch(cluster.kubectl, { ...unit, name: path }, { timeoutMs, keep });
      } catch (error) {
        if (!(error instanceof UnitError)) throw error;
        process.stdout.write(`${path}: ${error.message}\n`);
        failed = true;
        continue;
      }
      failed ||= report.findings.length > 0;
      process.stdout.write(report.findings.length === 0 ? `${path}: ok, everything is running\n`
        : `${path}: ${report.findings.length} problem(s)\n${report.findings.map((f) => `  ${findingText(f)}\n`).join('')}`);
    }
    if (keep) {
      process.stdout.write(`cluster kept running: KUBECONFIG=${cluster.kubeconfig} (Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await cluster.stop();
  }
  return failed ? 1 : 0;
}

function usageError(message: string): number {
  process.stderr.write(`cluster:check: ${message}\n\n${usage}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
