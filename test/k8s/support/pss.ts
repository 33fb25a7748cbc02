/** Runs ../shared/k8s-checks/pss.mjs on hand-made pods, to check our level against the reference. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import type { SecuritySettings } from '../../../lib/k8s/security/security.ts';
import { sharedDir } from '../../support/k8s.ts';

export const pssScript = join(sharedDir, 'k8s-checks', 'pss.mjs');
const validateScript = join(sharedDir, 'k8s-checks', 'validate.mjs');

/** A minimal pod spec that carries security settings the way the workload would. */
export function podWith(settings: SecuritySettings, extra: Partial<k8s.PodSpec> = {}): k8s.PodSpec {
  return {
    securityContext: settings.podSecurityContext,
    containers: [{ name: 'app', image: 'example/app:1.0', securityContext: settings.containerSecurityContext, volumeMounts: [...settings.volumeMounts] }],
    volumes: [...settings.volumes],
    ...extra,
  };
}

export function podManifest(name: string, spec: k8s.PodSpec): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

/** Runs a k8s-checks script on the pods as one YAML stream; its output whatever the exit status. */
function runOnPods(script: string, args: readonly string[], pods: Readonly<Record<string, k8s.PodSpec>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-a-checks-'));
  try {
    const file = join(dir, 'pods.yaml');
    writeFileSync(file, Object.entries(pods).map(([name, spec]) => `---\n${JSON.stringify(podManifest(name, spec))}\n`).join(''));
    try {
      return execFileSync('node', [script, ...args, file], { encoding: 'utf8' });
    } catch (error) {
      // Exit status 1 means findings; the report is still complete.
      return (error as { stdout: string }).stdout;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The strictest level pss.mjs finds for each named pod spec. */
export function referenceLevels(pods: Readonly<Record<string, k8s.PodSpec>>): Record<string, string> {
  const report = JSON.parse(runOnPods(pssScript, ['--level', 'strictest', '--json'], pods)) as {
    results: { name: string; strictest: string }[];
  };
  return Object.fromEntries(report.results.map((r) => [r.name, r.strictest]));
}

/** What the strict 1.27 schema and semantic checks of validate.mjs say about the pods (empty when valid). */
export function strictSchemaProblems(pods: Readonly<Record<string, k8s.PodSpec>>): string[] {
  const report = JSON.parse(runOnPods(validateScript, ['--semantic', '--json'], pods)) as {
    results: { name: string; status: string; errors: string[] }[];
  };
  return report.results.flatMap((r) => (r.status === 'valid' ? [] : [`${r.name}: ${r.status} ${r.errors.join('; ')}`]));
}
