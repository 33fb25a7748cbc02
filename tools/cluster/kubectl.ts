/** Runs the kubectl built with the cluster, against one cluster, without a shell. */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Kubectl = (args: readonly string[], input?: string) => Promise<KubectlResult>;

export function kubectlFor(binary: string, kubeconfig: string): Kubectl {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn(binary, ['--kubeconfig', kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          code: code ?? 1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
      // A kubectl that exits without reading its input (a refused apply, under load) closes the pipe
      // first: its exit code and stderr say what happened, so the write's EPIPE is no crash of the check.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
}

/** `kubectl get … -o json` as parsed items; throws with kubectl's message when it fails. */
export async function getItems<T = KubeObject>(kubectl: Kubectl, args: readonly string[]): Promise<T[]> {
  const result = await kubectl(['get', ...args, '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${result.stderr.trim()}`);
  const parsed = JSON.parse(result.stdout) as { items?: T[] };
  return parsed.items ?? [parsed as T];
}

/** The parts of any Kubernetes object the harness reads; the rest stays untyped JSON. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly ownerReferences?: readonly { kind: string; name: string }[];
    readonly deletionTimestamp?: string;
  };
  // Raw API JSON, read defensively by the checks.
  readonly spec?: any;
  readonly status?: any;
  readonly [key: string]: any;
}
